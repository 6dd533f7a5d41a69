"""Pages of the unit tree: the browser, the unit page, its history and the restructure forms.

Views only translate HTTP: access goes through `doanvu.accounts.scope`, reads through selectors, writes
through services. Outside the user's scope a unit does not exist (404); lacking the role is 403.
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from doanvu.accounts import scope
from doanvu.accounts.views import no_scope
from doanvu.members import selectors as member_selectors

from . import selectors, services
from .forms import CreateForm, DissolveForm, MergeForm, MoveForm, RenameForm, SplitForm, TreeDateForm
from .models import OrgUnit, UnitKind, UnitVersion

# ---------------------------------------------------------------------------------------------------------
# The tree browser


def _tree_options(request) -> tuple[TreeDateForm, object, bool]:
    """The browser's options from the query string: a past date (None: today's tree), closed units shown."""
    form = TreeDateForm(request.GET or None)
    if not form.is_valid():
        return form, None, False
    day = form.cleaned_data["on"]
    if day is not None and day >= timezone.localdate():
        day = None
    return form, day, form.cleaned_data["closed"]


def _children_url(code: str, day, closed: bool) -> str:
    query = {}
    if day is not None:
        query["on"] = day.strftime("%d/%m/%Y")
    if closed:
        query["closed"] = "1"
    url = reverse("org:children", args=[code])
    return f"{url}?{urlencode(query)}" if query else url


def _node(unit: OrgUnit, *, closed: bool, children=None) -> SimpleNamespace:
    return SimpleNamespace(
        code=unit.code,
        name=unit.name,
        kind=unit.kind.name,
        member_count=getattr(unit, "member_count", None),
        closed_on=unit.active_to if not unit.is_active else None,
        url=reverse("org:unit", args=[unit.code]),
        children_url=_children_url(unit.code, None, closed) if unit.numchild else None,
        children=children,
    )


def _past_node(user, version: UnitVersion, day, children=None) -> SimpleNamespace:
    # Units that have since left the user's scope are shown as they were, but not opened.
    visible = scope.in_scope(user, version.unit)
    return SimpleNamespace(
        code=version.unit.code,
        name=version.name,
        kind=version.kind.name,
        member_count=None,
        closed_on=None,
        url=reverse("org:unit", args=[version.unit.code]) if visible else None,
        children_url=_children_url(version.unit.code, day, False) if visible else None,
        children=children,
    )


def _current_roots(user, closed: bool) -> list[SimpleNamespace]:
    root = scope.scope_root(user)
    if root is not None:
        selectors.with_member_counts([root], depth=root.depth, within=root)
        children = [
            _node(child, closed=closed)
            for child in selectors.children_with_counts(root, include_closed=closed)
        ]
        return [_node(root, closed=closed, children=children)]
    roots = selectors.children_with_counts(None, include_closed=closed)
    if len(roots) == 1:
        children = [
            _node(child, closed=closed)
            for child in selectors.children_with_counts(roots[0], include_closed=closed)
        ]
        return [_node(roots[0], closed=closed, children=children)]
    return [_node(unit, closed=closed) for unit in roots]


def _past_roots(user, day) -> list[SimpleNamespace]:
    root = scope.scope_root(user)
    if root is None:
        return [_past_node(user, version, day) for version in selectors.children_on(None, day)]
    top = selectors.version_on(root, day)
    if top is None:
        return []
    children = [_past_node(user, version, day) for version in selectors.children_on(root, day)]
    return [_past_node(user, top, day, children=children)]


@login_required
def tree(request):
    if not scope.has_any_scope(request.user):
        return no_scope(request)
    form, day, closed = _tree_options(request)
    nodes = _past_roots(request.user, day) if day else _current_roots(request.user, closed)
    return render(request, "org/tree.html", {"form": form, "day": day, "nodes": nodes})


@login_required
def children(request, code):
    unit = scope.get_unit(request.user, code, by="code")
    _form, day, closed = _tree_options(request)
    if day:
        nodes = [_past_node(request.user, version, day) for version in selectors.children_on(unit, day)]
    else:
        nodes = [
            _node(child, closed=closed)
            for child in selectors.children_with_counts(unit, include_closed=closed)
        ]
    return render(request, "org/_children.html", {"nodes": nodes, "day": day})


# ---------------------------------------------------------------------------------------------------------
# The unit page and its history


def _breadcrumb(user, unit: OrgUnit) -> list[OrgUnit]:
    return [above for above in selectors.unit_ancestors(unit) if scope.in_scope(user, above)]


@login_required
def unit_detail(request, code):
    unit = scope.get_unit(request.user, code, by="code")
    counts = selectors.unit_member_counts(unit)
    closed = request.GET.get("closed") == "1"
    context = {
        "unit": unit,
        "breadcrumb": _breadcrumb(request.user, unit),
        "counts": counts,
        "warnings": selectors.unit_warnings(unit, counts),
        "children": selectors.children_with_counts(unit, include_closed=closed),
        "show_closed": closed,
        "audit": selectors.recent_audit(unit),
        "can_create": unit.is_active and scope.has_role(request.user, unit, scope.EDIT),
        "can_restructure": unit.is_active and scope.can_restructure(request.user, unit),
    }
    return render(request, "org/unit.html", context)


@login_required
def history(request, code):
    unit = scope.get_unit(request.user, code, by="code")
    context = {
        "unit": unit,
        "breadcrumb": _breadcrumb(request.user, unit),
        "versions": selectors.unit_versions(unit),
        "audit": unit.audit_entries.filter(action__startswith="unit.").select_related("actor"),
    }
    return render(request, "org/history.html", context)


# ---------------------------------------------------------------------------------------------------------
# Restructures: GET shows the form, POST applies it


def _restructurable(user, code) -> OrgUnit:
    unit = scope.get_unit(user, code, by="code")
    if not scope.can_restructure(user, unit):
        raise PermissionDenied
    return unit


def _unit_by_code(user, form, field: str) -> OrgUnit | None:
    """The unit named by the code in `field` (chosen in the picker, or sent as is), looked up only within
    the user's scope."""
    code = form.cleaned_data[field].strip()
    unit = scope.scope_units(user).filter(code=code).first()
    if unit is None:
        form.add_error(
            field, _("Không tìm thấy đơn vị có mã “%(code)s” trong phạm vi bạn quản lý.") % {"code": code}
        )
    return unit


def _apply(form, action, **kwargs) -> tuple[bool, object]:
    """Run a service; its ValidationError lands on the form, by field where the form has that field."""
    try:
        return True, action(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False, None


def _form_page(request, unit, form, *, title: str, intro: str = "", danger: bool = False):
    context = {"unit": unit, "form": form, "title": title, "intro": intro, "danger": danger}
    return render(request, "org/restructure_form.html", context)


def _done(request, unit: OrgUnit, message: str):
    messages.success(request, message)
    return redirect("org:unit", code=unit.code)


@login_required
def create(request, code):
    parent = scope.get_unit(request.user, code, scope.EDIT, by="code")
    below = UnitKind.objects.filter(rank__gt=parent.kind.rank).first()
    form = CreateForm(request.POST or None, initial={"kind": below.pk if below else None})
    if request.method == "POST" and form.is_valid():
        ok, unit = _apply(form, services.unit_create, parent=parent, by=request.user, **form.cleaned_data)
        if ok:
            return _done(request, unit, _("Đã thành lập %(unit)s.") % {"unit": unit.name})
    title = _("Thành lập đơn vị trực thuộc %(unit)s") % {"unit": parent.name}
    return _form_page(request, parent, form, title=title)


@login_required
def rename(request, code):
    unit = _restructurable(request.user, code)
    form = RenameForm(request.POST or None, initial={"name": unit.name, "short_name": unit.short_name})
    if request.method == "POST" and form.is_valid():
        ok, _unit = _apply(form, services.unit_rename, unit=unit, by=request.user, **form.cleaned_data)
        if ok:
            return _done(request, unit, _("Đã đổi tên đơn vị."))
    intro = _("Từ ngày hiệu lực đơn vị mang tên mới; báo cáo các kỳ trước vẫn dùng tên cũ.")
    return _form_page(request, unit, form, title=_("Đổi tên %(unit)s") % {"unit": unit.name}, intro=intro)


@login_required
def move(request, code):
    unit = _restructurable(request.user, code)
    form = MoveForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        new_parent = _unit_by_code(request.user, form, "new_parent")
        if new_parent is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "new_parent"}
            ok, _unit = _apply(
                form, services.unit_move, unit=unit, new_parent=new_parent, by=request.user, **data
            )
            if ok:
                message = _("Đã chuyển %(unit)s sang trực thuộc %(parent)s.")
                return _done(request, unit, message % {"unit": unit.name, "parent": new_parent.name})
    intro = _("Đơn vị được chuyển cùng toàn bộ đơn vị trực thuộc và đoàn viên của nó.")
    return _form_page(request, unit, form, title=_("Chuyển %(unit)s") % {"unit": unit.name}, intro=intro)


@login_required
def merge(request, code):
    unit = _restructurable(request.user, code)
    form = MergeForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        target = _unit_by_code(request.user, form, "target")
        if target is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "target"}
            ok, _unit = _apply(form, services.unit_merge, source=unit, target=target, by=request.user, **data)
            if ok:
                message = _("Đã sáp nhập %(unit)s vào %(target)s.")
                return _done(request, target, message % {"unit": unit.name, "target": target.name})
    intro = _(
        "Đoàn viên đang sinh hoạt và các đơn vị trực thuộc của %(unit)s chuyển sang đơn vị nhận sáp nhập; "
        "%(unit)s ngừng hoạt động từ ngày hiệu lực."
    ) % {"unit": unit.name}
    return _form_page(
        request, unit, form, title=_("Sáp nhập %(unit)s") % {"unit": unit.name}, intro=intro, danger=True
    )


@login_required
def split(request, code):
    unit = _restructurable(request.user, code)
    try:
        parts = int(request.POST.get("parts") or request.GET.get("parts") or 2)
    except ValueError:
        parts = 2
    form = SplitForm(
        request.POST or None,
        unit=unit,
        members=list(member_selectors.current_members(unit)),
        children=list(selectors.active_children(unit)),
        parts=parts,
    )
    if request.method == "POST" and form.is_valid():
        split_parts = form.parts()
        if not form.errors:
            ok, created = _apply(
                form,
                services.unit_split,
                unit=unit,
                parts=split_parts,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                close_original=form.cleaned_data["close_original"],
                by=request.user,
            )
            if ok:
                names = ", ".join(new.name for new in created)
                return _done(
                    request,
                    unit,
                    _("Đã chia tách %(unit)s thành %(names)s.") % {"unit": unit.name, "names": names},
                )
    more = f"{reverse('org:split', args=[unit.code])}?parts={form.part_count + 1}"
    return render(request, "org/split.html", {"unit": unit, "form": form, "more_url": more})


@login_required
def dissolve(request, code):
    unit = _restructurable(request.user, code)
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _unit = _apply(form, services.unit_dissolve, unit=unit, by=request.user, **form.cleaned_data)
        if ok:
            return _done(request, unit, _("Đã giải thể %(unit)s.") % {"unit": unit.name})
    intro = _(
        "Chỉ giải thể được đơn vị không còn đoàn viên đang sinh hoạt và không còn đơn vị trực thuộc đang hoạt động. "
        "Lịch sử của đơn vị vẫn được lưu."
    )
    return _form_page(
        request, unit, form, title=_("Giải thể %(unit)s") % {"unit": unit.name}, intro=intro, danger=True
    )
