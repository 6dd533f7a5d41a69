"""The unit tree, now and as it stood on any past date.

`OrgUnit` is the current tree, a django-treebeard materialised path: "this unit and everything under it"
is one indexed prefix query on `path`. `UnitVersion` keeps the tree's history: one row per unit per
interval during which its parent, name, kind and ancestry stayed the same, with that ancestry frozen in
`lineage` (a path built from unit ids, which are never reused). The tree as it stood on date D is the set
of versions valid on D, and "everything under X on D" is again one prefix query, on `lineage`.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

LINEAGE_STEP = 7  # base-36 digits per unit id in a lineage: 36**7 ≈ 78 billion ids.
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def lineage_segment(unit_id: int) -> str:
    out = ""
    n = unit_id
    while n:
        n, r = divmod(n, 36)
        out = _DIGITS[r] + out
    return out.rjust(LINEAGE_STEP, "0")


class UnitKind(models.Model):
    """A kind of unit (docs/domain.md, "Kinds of unit"): branch, grassroots union… Admins may add kinds."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại"), max_length=120)
    # Smaller is higher in the charter's hierarchy; used for ordering and default choices.
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=50)
    is_branch = models.BooleanField(_("là chi đoàn (nơi sinh hoạt của đoàn viên)"), default=False)
    is_grassroots = models.BooleanField(_("là cơ sở đoàn"), default=False)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("loại đơn vị")
        verbose_name_plural = _("loại đơn vị")

    def __str__(self) -> str:
        return self.name


class OrgUnit(MP_Node):
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, verbose_name=_("loại đơn vị"))
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    active_from = models.DateField(_("hoạt động từ ngày"), default=datetime.date(2000, 1, 1))
    active_to = models.DateField(_("ngừng hoạt động từ ngày"), null=True, blank=True)
    # Where the unit's documents say they were issued ("Trà Vinh, ngày …").
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    # A unit merged into another from `merged_on`: its records before that day count in the other's
    # figures too (docs/domain.md, "Merges carry the records over").
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("hợp nhất vào"),
    )
    merged_on = models.DateField(_("ngày hợp nhất"), null=True, blank=True)

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        indexes = [models.Index(fields=["active_to"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.active_to is None or self.active_to > datetime.date.today()

    def is_active_on(self, day: datetime.date) -> bool:
        return self.active_from <= day and (self.active_to is None or self.active_to > day)

    @staticmethod
    def active_on_q(day: datetime.date, prefix: str = "") -> Q:
        """Q for units (reached by `prefix`) active on `day`: begun, and not merged away or dissolved."""
        return Q(**{f"{prefix}active_from__lte": day}) & (
            Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gt": day})
        )

    def subtree_q(self, prefix: str = "") -> Q:
        """Q for objects whose unit (reached by `prefix`) is this unit or lies under it."""
        return Q(**{f"{prefix}path__startswith": self.path})

    def is_at_or_below(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)


class UnitVersion(models.Model):
    """One interval [valid_from, valid_to) of a unit's place and name in the tree."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    parent = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=80, blank=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT)
    lineage = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["unit_id", "valid_from"]
        indexes = [
            models.Index(fields=["valid_from", "valid_to"]),
            models.Index(fields=["unit", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from}–{self.valid_to or '…'})"

    @staticmethod
    def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
        return Q(**{f"{prefix}valid_from__lte": day}) & (
            Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
        )
