"""The one place that decides what an officer may see and change.

An officer belongs to one unit with a role and sees that unit and everything under it — nothing else.
Site admins (superusers) see everything. Every page, export, API endpoint and command asks here.
Outside the scope an object does not exist for the user (404); inside it, lacking the role is 403.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from doanvu.org.models import OrgUnit

from .models import Officer, Role

VIEW, EDIT, APPROVE = Role.VIEWER, Role.EDITOR, Role.APPROVER


def officer_of(user) -> Officer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.officer
    except Officer.DoesNotExist:
        return None


def member_of(user):
    """The member a signed-in member account belongs to, or None for officers and anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.member_account.member
    except ObjectDoesNotExist:
        return None


def is_member_account(user) -> bool:
    """A member's own sign-in (never an officer nor a site admin: accounts/member_accounts.py makes it a
    fresh user, and an officer seat is refused to it)."""
    return member_of(user) is not None


def is_self(user, member) -> bool:
    """Is `user` the member account of `member`? A member acts only on their own record (docs/domain.md,
    "Members sign in for themselves")."""
    own = member_of(user)
    return own is not None and member is not None and own.pk == member.pk


def scope_root(user) -> OrgUnit | None:
    """The unit at the top of the user's scope; None for site admins (and for nobody else)."""
    officer = officer_of(user)
    return officer.unit if officer else None


def is_site_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def has_any_scope(user) -> bool:
    return is_site_admin(user) or officer_of(user) is not None


def scope_units(user) -> QuerySet[OrgUnit]:
    """Every unit the user may see (the current tree)."""
    if is_site_admin(user):
        return OrgUnit.objects.all()
    root = scope_root(user)
    if root is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=root.path)


def scope_filter(user, queryset: QuerySet, unit_field: str = "unit") -> QuerySet:
    """Restrict any queryset of objects that hang on a unit to the user's scope."""
    if is_site_admin(user):
        return queryset
    root = scope_root(user)
    if root is None:
        return queryset.none()
    return queryset.filter(**{f"{unit_field}__path__startswith": root.path})


def in_scope(user, unit: OrgUnit) -> bool:
    if is_site_admin(user):
        return True
    root = scope_root(user)
    return root is not None and unit.path.startswith(root.path)


def has_role(user, unit: OrgUnit, role: str) -> bool:
    """May the user act with `role` on `unit`? Requires the unit in scope and the role held."""
    if is_site_admin(user):
        return True
    officer = officer_of(user)
    return officer is not None and unit.path.startswith(officer.unit.path) and officer.has_role(role)


def can_restructure(user, unit: OrgUnit) -> bool:
    """Only an officer of a unit strictly above `unit` (editor or approver) may restructure it."""
    if is_site_admin(user):
        return True
    officer = officer_of(user)
    return (
        officer is not None
        and officer.has_role(EDIT)
        and unit.path.startswith(officer.unit.path)
        and unit.path != officer.unit.path
    )


def check(user, unit: OrgUnit, role: str = VIEW) -> None:
    """404 outside the scope, 403 inside it without the role."""
    if not in_scope(user, unit):
        raise Http404
    if not has_role(user, unit, role):
        raise PermissionDenied


def get_unit(user, pk, role: str = VIEW, *, by: str = "pk") -> OrgUnit:
    try:
        unit = OrgUnit.objects.select_related("kind").get(**{by: pk})
    except (OrgUnit.DoesNotExist, ValueError):
        raise Http404 from None
    check(user, unit, role)
    return unit


def get_in_scope(user, queryset: QuerySet, role: str = VIEW, unit_attr: str = "unit", **lookup):
    """Fetch one object hanging on a unit, applying the scope rules to its unit."""
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None
    check(user, getattr(obj, unit_attr), role)
    return obj


def page_unit(request, role: str = VIEW, *, required: bool = True) -> OrgUnit | None:
    """The unit a page is about — the one helper every page uses.

    `?unit=<code>` (GET, else POST) names it: 404 when it is outside the user's scope, 403 when the user
    lacks `role` on it. Without it, the top of the user's scope. A site admin has no scope root: a page that
    needs a unit (`required=True`) gets the first root of the tree, a page that can list everything
    (`required=False`) gets None. With no unit at all where one is required, 404.
    """
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        return get_unit(request.user, code, role, by="code")
    unit = scope_root(request.user)
    if unit is None and is_site_admin(request.user):
        if not required:
            return None
        unit = OrgUnit.objects.filter(depth=1).order_by("path").first()
    if unit is None:
        raise Http404
    check(request.user, unit, role)
    return unit


def unit_choices(user, unit: OrgUnit | None) -> list[OrgUnit]:
    """Units to switch a page to: those above it in the user's scope, the unit itself, those directly under.
    For a site admin's page over everything (no unit), the roots of the tree."""
    if unit is None:
        return list(OrgUnit.objects.filter(depth=1).order_by("path"))
    above = [u for u in OrgUnit.objects.get_ancestors(unit) if in_scope(user, u)]
    return [*above, unit, *OrgUnit.objects.get_children(unit).order_by("path")]
