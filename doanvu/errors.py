"""The site's answers to 400, 403 (CSRF failures included), 404 and 500, and the reference a server error
is logged under (docs/architecture.md, "Error pages and headers").

Pages get a page in the site's layout with a way back; under /api/ the answer is the API's JSON shape.
A 500 page is rendered with no request context (the database or a context processor may be what failed):
it shows a short reference, and the log line of the error carries the same one.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from doanvu.accounts import scope
from doanvu.api.errors import site_error
from doanvu.lib.error_reference import error_reference

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _page(request, status: int, template: str) -> HttpResponse:
    """An error page in the site's layout. The way back is the home page and the top of the user's own
    scope: it depends on who asks, never on what was asked for, so a unit out of scope looks like any 404."""
    if _is_api(request):
        return site_error(status)
    context = {"status": status, "own_unit": scope.scope_root(getattr(request, "user", None))}
    return render(request, template, context, status=status)


@requires_csrf_token
def bad_request(request, exception=None) -> HttpResponse:
    return _page(request, 400, "errors/400.html")


@requires_csrf_token
def permission_denied(request, exception=None) -> HttpResponse:
    return _page(request, 403, "errors/403.html")


@requires_csrf_token
def page_not_found(request, exception=None) -> HttpResponse:
    return _page(request, 404, "errors/404.html")


def server_error(request) -> HttpResponse:
    reference = error_reference(request)
    if _is_api(request):
        return site_error(500, reference)
    # No request: no context processor runs and nothing reads the database.
    return HttpResponseServerError(loader.get_template("errors/500.html").render({"reference": reference}))


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from a stale page (or without the site's cookie)."""
    return _page(request, 403, "errors/403_csrf.html")
