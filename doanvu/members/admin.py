"""Site admins' view of members. Officers work through the member pages, which go through the services
(scope, audit); the admin is for repairs, and keeps every change in the member's history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from doanvu.lib.vntext import fold

from .models import Discipline, Member, Position, Transfer


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ["unit"]


class DisciplineInline(admin.TabularInline):
    model = Discipline
    extra = 0


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "date_of_birth", "gender", "unit", "status", "citizen_id"]
    list_filter = ["status", "gender", "is_honorary"]
    search_fields = ["search_text", "citizen_id", "phone", "card_number"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    inlines = [PositionInline, DisciplineInline]
    history_list_display = ["status", "unit"]

    def get_search_results(self, request, queryset, search_term):
        # search_text holds names without case or diacritics: fold what was typed the same way.
        return super().get_search_results(request, queryset, fold(search_term) or search_term)


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ["member", "from_unit", "to_unit", "state", "requested_on", "decided_on"]
    list_filter = ["state"]
    list_select_related = ["member", "from_unit", "to_unit"]
    raw_id_fields = ["member", "from_unit", "to_unit", "requested_by", "decided_by"]
    search_fields = ["member__search_text"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["member", "title", "unit", "start_on", "end_on"]
    list_filter = ["title"]
    list_select_related = ["member", "unit"]
    raw_id_fields = ["member", "unit"]


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["member", "form", "decided_on", "decision_number"]
    list_filter = ["form"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
