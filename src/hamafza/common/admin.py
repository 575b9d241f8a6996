from django.contrib import admin
from django.http import HttpRequest

from hamafza.common.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["created_at", "action", "actor_username", "unit_name", "object_repr"]
    list_filter = ["action"]
    search_fields = ["actor_username", "object_repr", "summary"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
