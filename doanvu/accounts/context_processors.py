from .menu import menu_for
from .scope import member_of, officer_of


def officer(request):
    user = getattr(request, "user", None)
    found = officer_of(user)
    # A member account gets its own menu and none of the officers' (docs/domain.md, "Members sign in for themselves").
    member = None if found is not None or getattr(user, "is_superuser", True) else member_of(user)
    return {"officer": found, "menu": menu_for(user), "member_self": member}
