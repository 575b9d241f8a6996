"""Who may see and do what with campaigns. The one place these rules live, with the campaign
workflow's transition table.

    draft ──launch──▶ launched ──close──▶ closed
      └──────cancel───────┴──cancel──▶ cancelled

* Owners: HQ (strategists — ``hq_editor``/``admin`` on the HQ side — and heads of HQ-side
  units) launch campaigns owned by HQ for any units below it; a province's head (or admin)
  launches campaigns owned by the province for its counties. Counties launch nothing. The
  owner's managers (and HQ strategists, for every campaign) edit, launch, close and cancel.
* Editing: a draft entirely; a running campaign only in ``RUNNING_FIELDS`` (its texts, goals,
  extra hashtags and dates — its main hashtag, already announced, stays). Its managers also
  invite more units (``invitable_unit_ids``) and remove an invited unit with no outputs.
* Seeing: a draft exists only for its owner's line (members of the owner unit or a unit above
  it) and HQ (members of HQ or its offices see every campaign); once launched, also for the
  members of the invited units and of the units above them. Anything else is a 404.
* The participation board: the owner's line and HQ.
* Joining: a head or editor of the invited unit itself, while the campaign runs.
* Local activities, external outputs, linking stories: the writers (reporter, editor, head) of
  the participating unit (or a unit above it), while the campaign runs.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamafza.network.models.campaigns import Campaign, CampaignOutput, CampaignParticipation
from hamafza.org.models import Role, Unit
from hamafza.org.permissions import Access, access_for, access_staff, roles_over

S = Campaign.Status

OWNER_ROLES = frozenset({Role.HEAD, Role.ADMIN})
HQ_STRATEGIST_ROLES = frozenset({Role.HQ_EDITOR, Role.ADMIN})
JOIN_ROLES = frozenset({Role.HEAD, Role.EDITOR})
WRITER_ROLES = frozenset({Role.REPORTER, Role.EDITOR, Role.HEAD})


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    needs_note: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("launch", _("آغاز کارزار و دعوت واحدها"), frozenset({S.DRAFT}), S.LAUNCHED),
        Transition("close", _("پایان کارزار"), frozenset({S.LAUNCHED}), S.CLOSED),
        Transition("cancel", _("لغو کارزار"), frozenset({S.DRAFT, S.LAUNCHED}), S.CANCELLED, True),
    ]
}  # fmt: skip

# The campaign's fields, participants and toolkit change while it is a draft; while it runs its
# texts, goals and dates still change (a week's extension) and the toolkit can still grow (a
# new poster on day three), but the announced hashtag stays and units are invited one by one.
EDITABLE = frozenset({S.DRAFT, S.LAUNCHED})
DRAFT_FIELDS = frozenset(
    {"title", "summary", "starts_on", "ends_on", "hashtag", "extra_hashtags", "scope", "goals",
     "key_messages", "units"}
)  # fmt: skip
RUNNING_FIELDS = frozenset(
    {"title", "summary", "starts_on", "ends_on", "extra_hashtags", "goals", "key_messages"}
)
EDITABLE_FIELDS: dict[str, frozenset[str]] = {S.DRAFT: DRAFT_FIELDS, S.LAUNCHED: RUNNING_FIELDS}
TOOLKIT_EDITABLE = frozenset({S.DRAFT, S.LAUNCHED})
# Units join, plan and log outputs while it runs.
RUNNING = frozenset({S.LAUNCHED})
# Stories are counted for campaigns in these states (within their dates).
COUNTING = frozenset({S.LAUNCHED, S.CLOSED})


def is_hq(access: Access) -> bool:
    """A member of HQ or one of its offices (any role), or a superuser: sees every campaign."""
    return access.is_superuser or any(access.tree.is_hq_side(u) for u in access.roles_by_unit)


def is_hq_strategist(access: Access) -> bool:
    return access.is_superuser or any(
        access.tree.is_hq_side(u) for u in access.units_with(HQ_STRATEGIST_ROLES)
    )


def _hq_roots(access: Access) -> set[int]:
    return {pk for pk in access.tree.roots() if access.tree.kind.get(pk) == Unit.Kind.HQ}


def owner_unit_ids(access: Access) -> set[int]:
    """Units the user may launch campaigns for (as their owner)."""
    owners: set[int] = set()
    if is_hq_strategist(access) or any(
        access.tree.is_hq_side(u) for u in access.units_with(OWNER_ROLES)
    ):
        owners |= _hq_roots(access)
    for unit_id in access.units_with(OWNER_ROLES):
        if access.tree.kind.get(unit_id) == Unit.Kind.PROVINCE:
            owners.add(unit_id)
    return owners


def invitable_unit_ids(access: Access, owner_unit_id: int) -> set[int]:
    """Units a campaign of ``owner_unit_id`` may invite: every unit below it."""
    return access.tree.subtree(owner_unit_id) - {owner_unit_id}


def _scope(access: Access) -> set[int]:
    """The user's units and every unit below them."""
    return access.tree.subtrees(access.roles_by_unit)


def visible_campaigns(user: Any) -> QuerySet[Campaign]:
    access = access_for(user)
    if not access.is_staff_member:
        return Campaign.objects.none()
    if is_hq(access):
        return Campaign.objects.all()
    scope = _scope(access)
    invited = CampaignParticipation.objects.filter(unit_id__in=scope).values("campaign_id")
    return Campaign.objects.filter(
        Q(owner_unit_id__in=scope) | (Q(launched_at__isnull=False) & Q(pk__in=invited))
    )


def can_view(access: Access, campaign: Campaign) -> bool:
    if not access.is_staff_member:
        return False
    if is_hq(access):
        return True
    scope = _scope(access)
    if campaign.owner_unit_id in scope:
        return True
    return (
        campaign.launched_at is not None
        and campaign.participations.filter(unit_id__in=scope).exists()
    )


def can_manage(access: Access, campaign: Campaign) -> bool:
    """May edit, launch, close and cancel it (still subject to the status)."""
    if is_hq_strategist(access):
        return True
    return campaign.owner_unit_id in owner_unit_ids(access)


def can_edit(access: Access, campaign: Campaign) -> bool:
    return campaign.status in EDITABLE and can_manage(access, campaign)


def can_invite(access: Access, campaign: Campaign) -> bool:
    """May invite more units to the running campaign, or remove an invited one."""
    return campaign.status in RUNNING and can_manage(access, campaign)


def can_edit_toolkit(access: Access, campaign: Campaign) -> bool:
    return campaign.status in TOOLKIT_EDITABLE and can_manage(access, campaign)


def can_transition(access: Access, campaign: Campaign, transition: Transition) -> bool:
    return campaign.status in transition.sources and can_manage(access, campaign)


def can_view_board(access: Access, campaign: Campaign) -> bool:
    """The participation board: the owner's line and HQ."""
    if not access.is_staff_member:
        return False
    return is_hq(access) or campaign.owner_unit_id in _scope(access)


def can_join(access: Access, campaign: Campaign, unit_id: int) -> bool:
    if campaign.status not in RUNNING:
        return False
    if access.is_superuser:
        return True
    return bool(access.roles_by_unit.get(unit_id, set()) & JOIN_ROLES)


def can_write_for(access: Access, campaign: Campaign, unit_id: int) -> bool:
    """May plan local activities, log outputs and link stories for ``unit_id``."""
    return campaign.status in RUNNING and bool(roles_over(access, unit_id) & WRITER_ROLES)


def joinable_unit_ids(access: Access, campaign: Campaign) -> set[int]:
    invited = set(campaign.participations.values_list("unit_id", flat=True))
    return {unit_id for unit_id in invited if can_join(access, campaign, unit_id)}


def writable_unit_ids(access: Access, campaign: Campaign) -> set[int]:
    """Participating units the user writes for."""
    if campaign.status not in RUNNING:
        return set()
    invited = set(campaign.participations.values_list("unit_id", flat=True))
    return {unit_id for unit_id in invited if bool(roles_over(access, unit_id) & WRITER_ROLES)}


def can_remove_output(access: Access, output: CampaignOutput) -> bool:
    """Only logged (external) outputs are removed by hand; counted ones follow their story."""
    return output.kind == CampaignOutput.Kind.EXTERNAL and can_write_for(
        access, output.campaign, output.unit_id
    )


def access_campaign(user: Any, pk: int, *, for_write: bool = False) -> Campaign:
    """The campaign if the user may see it (else 404); ``for_write``: also edit it (else 403)."""
    access = access_staff(user)
    campaign = visible_campaigns(user).select_related("owner_unit").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    if for_write and not can_edit(access, campaign):
        raise PermissionDenied
    return campaign


def access_campaign_board(user: Any, pk: int) -> Campaign:
    access = access_staff(user)
    campaign = access_campaign(user, pk)
    if not can_view_board(access, campaign):
        raise PermissionDenied
    return campaign
