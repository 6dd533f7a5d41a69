from .menu import menu_for
from .scope import officer_of


def officer(request):
    user = getattr(request, "user", None)
    return {"officer": officer_of(user), "menu": menu_for(user)}
