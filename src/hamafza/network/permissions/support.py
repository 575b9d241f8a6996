"""Who may see and do what with support requests and their offers. The one place these rules
live, with the request's transition table.

    open ──assign (first helper confirmed)──▶ in_progress ──complete──▶ completed
    open / in_progress ──cancel──▶ cancelled
    open ──expire (its time passed with nobody confirmed; the worker's sweep)──▶ expired

* A request exists for the requesting unit's line — members (any role) of its unit or of a
  unit above it —, for HQ (members of HQ and its offices) and for the practitioners it was
  offered to (whatever they answered). Nobody else learns it exists: a 404, never a 403. So
  another province's open request is visible to the people it was offered to only.
* Writers of a unit (reporter, editor, head) ask for support for their unit; editors and
  heads also for the units below theirs; HQ strategists (``hq_editor``/``admin`` of HQ) for
  any unit. Viewers never ask.
* The request is managed — more people offered, helpers confirmed or withdrawn, completed
  with its stories, cancelled — by the writers of its unit or of a unit above it, and by HQ
  strategists.
* An offer is answered (accept / decline) only by the practitioner it was made to.
* Only the line and HQ see every offer (who declined and why); an offered practitioner sees
  the request and their own offer.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_for, access_staff, roles_over
from hamafza.plans.permissions import is_hq, is_hq_strategist

S = SupportRequest.Status
O = SupportOffer.Status  # noqa: E741 (the offer's statuses, as S is the request's)

# Ask for support, and manage the request: everyone who writes for the unit.
REQUESTER_ROLES = frozenset({Role.REPORTER, Role.EDITOR, Role.HEAD})
# Ask for the units below one's own as well.
SUPERVISOR_ROLES = frozenset({Role.EDITOR, Role.HEAD})


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    # Made by people from the desk and the API; the others are made by the services
    # themselves (assign: confirming the first helper; expire: the sweep).
    manual: bool = True


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("assign", _("آغاز کار"), frozenset({S.OPEN}), S.IN_PROGRESS, manual=False),
        Transition("complete", _("ثبت انجام"), frozenset({S.IN_PROGRESS}), S.COMPLETED),
        Transition("cancel", _("لغو درخواست"), frozenset({S.OPEN, S.IN_PROGRESS}), S.CANCELLED),
        Transition("expire", _("انقضا"), frozenset({S.OPEN}), S.EXPIRED, manual=False),
    ]
}  # fmt: skip

# The request still looks for people: offers may be added, answered and confirmed.
ACTIVE = frozenset({S.OPEN, S.IN_PROGRESS})
# Offers still waiting for an answer or for the requesting unit's confirmation.
PENDING_OFFERS = frozenset({O.OFFERED, O.ACCEPTED})
# Offers that count as help given or promised.
LIVE_OFFERS = frozenset({O.OFFERED, O.ACCEPTED, O.CONFIRMED})


def line_unit_ids(access: Access) -> set[int]:
    """Units whose requests the user sees as their line (their units and below)."""
    if is_hq(access):
        return set(access.tree.parent)
    return access.tree.subtrees(access.roles_by_unit)


def request_unit_ids(access: Access) -> set[int]:
    """Units the user may ask support for."""
    if is_hq_strategist(access):
        return set(access.tree.parent)
    return access.units_with(REQUESTER_ROLES) | access.tree.subtrees(
        access.units_with(SUPERVISOR_ROLES)
    )


def visible_requests(user: Any) -> QuerySet[SupportRequest]:
    """Every request the user may see. Scoping happens here, before any other filter."""
    access = access_for(user)
    if not access.is_staff_member:
        return SupportRequest.objects.none()
    if is_hq(access):
        return SupportRequest.objects.all()
    offered = SupportOffer.objects.filter(request=OuterRef("pk"), user_id=access.user_id or 0)
    return SupportRequest.objects.filter(Q(unit_id__in=line_unit_ids(access)) | Q(Exists(offered)))


def sees_all_offers(access: Access, request: SupportRequest) -> bool:
    """The line and HQ see every offer (who declined and why), not only their own."""
    return access.is_staff_member and request.unit_id in line_unit_ids(access)


def can_view(access: Access, request: SupportRequest) -> bool:
    if not access.is_staff_member:
        return False
    if sees_all_offers(access, request):
        return True
    if access.user_id is None:
        return False
    return SupportOffer.objects.filter(request=request, user_id=access.user_id).exists()


def can_manage(access: Access, request: SupportRequest) -> bool:
    """Offer to more people, confirm or withdraw helpers, complete, cancel."""
    if not access.is_staff_member:
        return False
    return is_hq_strategist(access) or bool(roles_over(access, request.unit_id) & REQUESTER_ROLES)


def can_transition(access: Access, request: SupportRequest, transition: Transition) -> bool:
    return (
        transition.manual and request.status in transition.sources and can_manage(access, request)
    )


def can_edit(access: Access, request: SupportRequest) -> bool:
    """Change the request's details while it still looks for people."""
    return request.status in ACTIVE and can_manage(access, request)


def can_offer_more(access: Access, request: SupportRequest) -> bool:
    return request.status in ACTIVE and can_manage(access, request)


def can_set_credits(access: Access, request: SupportRequest) -> bool:
    """Name the request's stories after completion (stories often appear days later)."""
    return request.status == S.COMPLETED and can_manage(access, request)


def can_respond(access: Access, offer: SupportOffer) -> bool:
    """Accept or decline: only the person offered, while the request looks for people."""
    return (
        access.user_id is not None
        and offer.user_id == access.user_id
        and offer.request.status in ACTIVE
        and offer.status in PENDING_OFFERS
    )


def can_confirm(access: Access, offer: SupportOffer) -> bool:
    return (
        offer.status == O.ACCEPTED
        and offer.request.status in ACTIVE
        and can_manage(access, offer.request)
    )


def can_withdraw(access: Access, offer: SupportOffer) -> bool:
    return (
        offer.status in LIVE_OFFERS
        and offer.request.status in ACTIVE
        and can_manage(access, offer.request)
    )


def access_support_request(user: Any, pk: int, *, for_manage: bool = False) -> SupportRequest:
    """The request if the user may see it (else 404); ``for_manage``: also manage it (403)."""
    access = access_staff(user)
    request = (
        visible_requests(user).select_related("unit", "skill", "created_by").filter(pk=pk).first()
    )
    if request is None:
        raise Http404
    if for_manage and not can_manage(access, request):
        raise PermissionDenied
    return request


def access_support_offer(user: Any, pk: int) -> SupportOffer:
    """The offer if it is the user's own or the user sees every offer of its request."""
    access = access_staff(user)
    offer = (
        SupportOffer.objects.select_related("request__unit", "request__skill", "user", "unit")
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404
    if offer.user_id != access.user_id and not sees_all_offers(access, offer.request):
        raise Http404
    return offer
