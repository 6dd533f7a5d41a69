"""Site-admin pages for the catalogue and the work records (officers use the work pages; this is for the
people who run the installation)."""

from django.contrib import admin

from .models import (
    Activity,
    ActivityFigure,
    ActivityOrganiser,
    Attachment,
    DirectValue,
    Indicator,
    Movement,
    Target,
    WorkArea,
    mark_lead,
)


@admin.register(WorkArea)
class WorkAreaAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit_label", "kind", "source", "work_area", "owner_unit", "is_active"]
    list_filter = ["kind", "source", "work_area", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["owner_unit", "numerator", "denominator"]


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "work_area", "owner_unit", "is_active"]
    search_fields = ["code", "name"]
    raw_id_fields = ["owner_unit"]


class FigureInline(admin.TabularInline):
    model = ActivityFigure
    extra = 0


class OrganiserInline(admin.TabularInline):
    model = ActivityOrganiser
    extra = 0
    raw_id_fields = ["unit"]
    exclude = ["lead"]  # said by the activity's unit (ActivityAdmin.save_related)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["caption", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "work_area", "start_on"]
    list_filter = ["work_area"]
    search_fields = ["title", "unit__code", "unit__name"]
    date_hierarchy = "start_on"
    raw_id_fields = ["unit", "created_by"]
    inlines = [OrganiserInline, FigureInline, AttachmentInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mark_lead(form.instance)


@admin.register(DirectValue)
class DirectValueAdmin(admin.ModelAdmin):
    list_display = ["unit", "indicator", "period", "value"]
    search_fields = ["unit__code", "indicator__code", "period"]
    raw_id_fields = ["unit", "entered_by"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["unit", "indicator", "period", "value", "set_by_unit"]
    search_fields = ["unit__code", "indicator__code", "period"]
    raw_id_fields = ["unit", "set_by_unit"]
