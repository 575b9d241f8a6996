"""Who may see and change the strategic media document. The one place these rules live.

* Every member of the network reads the active version and the archived ones (the history of
  what the network was measured against).
* Drafts are seen and written only by HQ strategists: ``hq_editor`` held in HQ or one of its
  offices, and superusers. They also activate and archive versions.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_for, access_staff
from hamafza.strategy.models import StrategyDocument


def is_strategist(access: Access) -> bool:
    if access.is_superuser:
        return True
    return any(access.tree.is_hq_side(unit) for unit in access.units_with({Role.HQ_EDITOR}))


def visible_documents(user: Any) -> QuerySet[StrategyDocument]:
    access = access_for(user)
    if not access.is_staff_member:
        return StrategyDocument.objects.none()
    if is_strategist(access):
        return StrategyDocument.objects.all()
    return StrategyDocument.objects.exclude(status=StrategyDocument.Status.DRAFT)


def active_document() -> StrategyDocument | None:
    return StrategyDocument.objects.filter(status=StrategyDocument.Status.ACTIVE).first()


def access_document(user: Any, pk: int, *, for_write: bool = False) -> StrategyDocument:
    """The version if the user may read it (else 404); ``for_write``: also change it (403)."""
    access = access_staff(user)
    document = visible_documents(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    if for_write and not is_strategist(access):
        raise PermissionDenied
    return document
