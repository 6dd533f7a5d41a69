from .scope import officer_of


def officer(request):
    return {"officer": officer_of(getattr(request, "user", None))}
