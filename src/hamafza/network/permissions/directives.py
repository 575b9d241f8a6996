"""Who may see and do what with directives. The one place these rules live.

* Issuing: HQ strategists, heads and admins on the HQ side issue for HQ-side units (to any unit
  but the issuing one); a province's head or admin (or an admin above it) issues for the
  province, to units below it only. Counties and centers do not issue.
* The issuer's line — members of the issuing unit or a unit above it — and HQ (members of HQ or
  its offices) see a directive, its drafts, every recipient's status, report and thread.
  Acting for the issuer (editing a draft, sending, reminding, replying) needs the issuing
  rights above.
* A recipient unit's line — members of the unit or a unit above it — sees that unit's copy of
  a sent directive: the text, the files, its own status, report and thread, never another
  recipient's. Everything else is a 404.
* The first opening by a member of the recipient unit itself records the read receipt; its
  head, editor or admin acknowledges and reports; its writing members (not viewers) reply.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.network.models.directives import Directive, DirectiveRecipient
from hamafza.org.models import Role, Unit
from hamafza.org.permissions import Access, access_for, access_staff, roles_over

ISSUER_ROLES = frozenset({Role.HQ_EDITOR, Role.HEAD, Role.ADMIN})
PROVINCE_ISSUER_ROLES = frozenset({Role.HEAD, Role.ADMIN})
ANSWER_ROLES = frozenset({Role.HEAD, Role.EDITOR, Role.ADMIN})
REPLY_ROLES = frozenset({Role.HEAD, Role.EDITOR, Role.ADMIN, Role.REPORTER, Role.HQ_EDITOR})
ISSUING_KINDS = frozenset({Unit.Kind.HQ, Unit.Kind.HQ_OFFICE, Unit.Kind.PROVINCE})


def is_hq(access: Access) -> bool:
    """A member of HQ or one of its offices (any role), or a superuser: sees every directive."""
    return access.is_superuser or any(access.tree.is_hq_side(u) for u in access.roles_by_unit)


def _hq_issuer(access: Access) -> bool:
    return access.is_superuser or any(
        access.tree.is_hq_side(u) for u in access.units_with(ISSUER_ROLES)
    )


def can_issue_for(access: Access, unit_id: int) -> bool:
    """May send directives in the name of ``unit_id``."""
    kind = access.tree.kind.get(unit_id)
    if kind not in ISSUING_KINDS:
        return False
    if access.tree.is_hq_side(unit_id):
        return _hq_issuer(access)
    return bool(roles_over(access, unit_id) & PROVINCE_ISSUER_ROLES)


def issuer_unit_ids(access: Access) -> set[int]:
    """Units the user may issue directives for."""
    return {pk for pk in access.tree.parent if can_issue_for(access, pk)}


def recipient_unit_ids(access: Access, issuer_unit_id: int) -> set[int]:
    """Units a directive of ``issuer_unit_id`` may go to: HQ's to every other unit, a
    province's to the units below it."""
    if access.tree.is_hq_side(issuer_unit_id):
        return set(access.tree.parent) - {issuer_unit_id}
    return access.tree.subtree(issuer_unit_id) - {issuer_unit_id}


def line_unit_ids(access: Access) -> set[int]:
    """Units whose line the user belongs to: their units and everything below them."""
    if access.is_superuser:
        return set(access.tree.parent)
    return access.tree.subtrees(access.roles_by_unit)


def on_issuer_line(access: Access, directive: Directive) -> bool:
    return is_hq(access) or bool(roles_over(access, directive.issuer_unit_id))


def visible_directives(user: Any) -> QuerySet[Directive]:
    """Directives the user sees: on the issuer's line (drafts too), or sent to a unit of
    their line."""
    access = access_for(user)
    if not access.is_staff_member:
        return Directive.objects.none()
    if is_hq(access):
        return Directive.objects.all()
    line = line_unit_ids(access)  # also the issuing units whose line the user is on
    return Directive.objects.filter(
        Q(issuer_unit_id__in=line) | Q(status=Directive.Status.SENT, recipients__unit_id__in=line)
    ).distinct()


def issuer_line_directives(user: Any) -> QuerySet[Directive]:
    """Directives the user sees from the issuer's side (all of HQ's and their line's)."""
    access = access_for(user)
    if not access.is_staff_member:
        return Directive.objects.none()
    if is_hq(access):
        return Directive.objects.all()
    return Directive.objects.filter(issuer_unit_id__in=line_unit_ids(access))


def visible_recipients(user: Any, directive: Directive) -> QuerySet[DirectiveRecipient]:
    """The directive's recipient rows the user may see: all of them on the issuer's line,
    otherwise only those of units in their line (and only once sent)."""
    access = access_for(user)
    rows = DirectiveRecipient.objects.filter(directive=directive)
    if not access.is_staff_member:
        return rows.none()
    if on_issuer_line(access, directive):
        return rows
    if directive.status != Directive.Status.SENT:
        return rows.none()
    return rows.filter(unit_id__in=line_unit_ids(access))


def can_edit(access: Access, directive: Directive) -> bool:
    """May change the draft (its fields, recipients and files) and send it."""
    return directive.is_draft and can_issue_for(access, directive.issuer_unit_id)


def can_act_as_issuer(access: Access, directive: Directive) -> bool:
    """May remind the recipients and reply in their threads for the issuer."""
    return can_issue_for(access, directive.issuer_unit_id)


def is_member_of(access: Access, unit_id: int) -> bool:
    return bool(access.roles_by_unit.get(unit_id))


def can_answer(access: Access, recipient: DirectiveRecipient) -> bool:
    """May acknowledge the directive and report back for the recipient unit."""
    if recipient.directive.status != Directive.Status.SENT:
        return False
    return access.is_superuser or bool(
        access.roles_by_unit.get(recipient.unit_id, set()) & ANSWER_ROLES
    )


def can_reply(access: Access, recipient: DirectiveRecipient) -> bool:
    """May write in the unit's thread: the issuer's side or the unit's writing members."""
    directive = recipient.directive
    if directive.status != Directive.Status.SENT:
        return False
    if can_act_as_issuer(access, directive):
        return True
    return bool(access.roles_by_unit.get(recipient.unit_id, set()) & REPLY_ROLES)


def access_directive(user: Any, pk: int, *, for_write: bool = False) -> Directive:
    """The directive if the user sees it (else 404); ``for_write``: may edit the draft (else
    403)."""
    access = access_staff(user)
    directive = (
        visible_directives(user)
        .select_related("issuer_unit", "created_by", "sent_by")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404
    if for_write and not can_edit(access, directive):
        raise PermissionDenied
    return directive


def access_recipient(user: Any, pk: int, unit_slug: str) -> DirectiveRecipient:
    """One unit's copy of the directive if the user sees it, else 404 (another recipient's
    report and thread do not exist for a recipient)."""
    directive = access_directive(user, pk)
    recipient = (
        visible_recipients(user, directive)
        .select_related("unit", "read_by", "acknowledged_by", "reported_by")
        .filter(unit__slug=unit_slug)
        .first()
    )
    if recipient is None:
        raise Http404
    recipient.directive = directive
    return recipient
