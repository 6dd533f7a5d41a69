from django.contrib import admin

from . import services
from .models import ApiToken, AuditEntry, Officer


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "unit__code"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued on the token page or by `doanvu create_token`; here they can be seen and revoked.
    The digest is never shown: it is all an attacker would need to match a stolen database to a token."""

    list_display = ["name", "user", "prefix", "created", "last_used"]
    search_fields = ["name", "user__username", "prefix"]
    list_select_related = ["user"]
    fields = ["name", "user", "prefix", "created", "last_used"]
    readonly_fields = ["user", "prefix", "created", "last_used"]

    def has_add_permission(self, request):
        return False

    # Deleting here is revoking: go through the service so the revocation is audited like any other.
    def delete_model(self, request, obj):
        services.token_revoke(token=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for token in queryset.select_related("user"):
            services.token_revoke(token=token, by=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is evidence: nobody edits or deletes it, not even a site admin."""

    list_display = ["at", "actor", "action", "unit", "member", "effective_on", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "reason", "actor__username", "unit__code", "unit__name", "member__full_name"]
    list_select_related = ["actor", "unit", "member"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
