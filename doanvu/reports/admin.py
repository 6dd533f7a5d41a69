"""Site admins' view of report forms, reports, data-quality rules and explanations. Officers work through
the report pages (scope, audit); the admin is for repairs."""

from django.contrib import admin

from .models import Explanation, QualityRule, Report, ReportForm, ReportVersion


class ReportVersionInline(admin.TabularInline):
    """What was sent each time: kept as it was, never edited here."""

    model = ReportVersion
    extra = 0
    can_delete = False
    fields = ["number", "submitted_at", "submitted_by", "decision", "decided_at", "decided_by", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportForm)
class ReportFormAdmin(admin.ModelAdmin):
    list_display = ["name", "owner_unit", "period_kind", "deadline_days", "is_active"]
    list_filter = ["period_kind", "is_active"]
    search_fields = ["name", "owner_unit__name", "owner_unit__code"]
    raw_id_fields = ["owner_unit"]
    filter_horizontal = ["submitter_kinds"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "state", "submitted_at", "decided_at"]
    list_filter = ["state"]
    search_fields = ["unit__name", "unit__code", "period", "number"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit", "form", "submitted_by", "decided_by"]
    readonly_fields = ["created", "updated"]
    inlines = [ReportVersionInline]


@admin.register(QualityRule)
class QualityRuleAdmin(admin.ModelAdmin):
    list_display = ["message", "owner_unit", "left", "op", "right", "constant", "severity", "is_active"]
    list_filter = ["severity", "is_active"]
    search_fields = ["message", "owner_unit__name", "left__code"]
    raw_id_fields = ["owner_unit", "left", "right"]


@admin.register(Explanation)
class ExplanationAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "check_key", "by", "at"]
    search_fields = ["unit__name", "unit__code", "check_key", "text"]
    raw_id_fields = ["unit", "by"]
