from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from .scope import is_site_admin, scope_root


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
def home(request):
    root = scope_root(request.user)
    if root is not None:
        return redirect("org:unit", code=root.code)
    if is_site_admin(request.user):
        return redirect("org:tree")
    return render(request, "accounts/no_scope.html", status=403)
