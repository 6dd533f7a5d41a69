from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doanvu.org.models import OrgUnit

from . import scope, selectors, services
from .forms import AuditFilterForm, TokenForm
from .models import ApiToken
from .number_forms import words_html

AUDIT_PAGE_SIZE = 50


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def no_scope(request):
    """The page for a signed-in user with no unit and no site-admin right: nothing to show (403)."""
    return render(request, "accounts/no_scope.html", status=403)


@login_required
def number_words(request):
    """A typed number read back in words under its box (htmx; docs/architecture.md, "Numbers as people
    type them"). Reads nothing stored."""
    return HttpResponse(words_html(request.GET))


@login_required
def home(request):
    root = scope.scope_root(request.user)
    if root is not None:
        return redirect("org:unit", code=root.code)
    if scope.is_site_admin(request.user):
        return redirect("org:tree")
    if scope.is_member_account(
        request.user
    ):  # a member's own area (docs/domain.md, "Members sign in for themselves")
        return redirect("portal:home")
    return no_scope(request)


def _audit_unit(user, form):
    """The unit named in the filter, if it is in the user's scope; else a form error."""
    code = form.cleaned_data.get("unit", "").strip()
    if not code:
        return None
    unit = OrgUnit.objects.filter(code__iexact=code).first()
    if unit is None or not scope.in_scope(user, unit):
        form.add_error("unit", _("Không có đơn vị mã “%(code)s” trong phạm vi của bạn.") % {"code": code})
        return None
    return unit


@login_required
def audit(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    form = AuditFilterForm(request.GET or None, actions=selectors.audit_actions(user=request.user))
    entries = selectors.audit_entries(user=request.user)
    if form.is_bound and form.is_valid():
        unit = _audit_unit(request.user, form)
        if form.errors:
            entries = entries.none()
        else:
            entries = selectors.audit_entries(
                user=request.user,
                unit=unit,
                person=form.cleaned_data["person"],
                action=form.cleaned_data["action"],
                date_from=form.cleaned_data["date_from"],
                date_to=form.cleaned_data["date_to"],
            )
    elif form.is_bound:
        entries = entries.none()
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.action_label = selectors.action_label(entry.action)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/audit.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def tokens(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    form, raw = TokenForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Đã tạo mã truy cập “%(name)s”.") % {"name": token.name})
            form = TokenForm()
    # The raw token is rendered in this one response and never again.
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "raw_token": raw,
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created"),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("accounts:tokens")
