"""Site admins add unit kinds here. Units themselves are changed only through the restructure pages, which
keep the tree's history and write the audit log; the admin shows them read-only (the place name aside)."""

from django.contrib import admin

from .models import OrgUnit, UnitKind, UnitVersion


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "rank", "is_branch", "is_grassroots"]
    search_fields = ["name", "code"]


class UnitVersionInline(admin.TabularInline):
    model = UnitVersion
    fk_name = "unit"
    fields = ["valid_from", "valid_to", "name", "short_name", "kind", "parent"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["valid_from"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "active_from", "active_to"]
    list_filter = ["kind", "active_to"]
    search_fields = ["name", "code", "short_name"]
    ordering = ["path"]
    readonly_fields = [
        "name",
        "short_name",
        "code",
        "kind",
        "active_from",
        "active_to",
        "path",
        "depth",
        "numchild",
    ]
    fields = readonly_fields[:6] + ["place"]
    inlines = [UnitVersionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
