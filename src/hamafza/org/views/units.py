"""The unit tree, a unit's page and the management of its members (for those who manage it).

Every member action answers htmx with the page's ``members`` partial (table and forms,
refreshed) and a plain form post with a redirect back to the unit and a message.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.org import selectors, services
from hamafza.org.forms import (
    AccountActiveForm,
    MemberCreateForm,
    MemberRolesForm,
    MembershipAddForm,
)
from hamafza.org.models import Membership, Role, Unit
from hamafza.org.permissions import access_for, access_staff, access_unit
from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    error_text,
    grantable_roles,
    render_page,
    set_active,
    wants_fragment,
)

User = get_user_model()

# Deeper units are indented as much as depth 8; the tree is rarely deeper than 3.
MAX_INDENT = 8


def _member_counts(**filters: Any) -> dict[int, int]:
    """Active people per unit, in one grouped query."""
    counted = Unit.objects.filter(**filters).annotate(
        people=Count(
            "memberships__user", filter=Q(memberships__user__is_active=True), distinct=True
        )
    )
    return dict(counted.values_list("pk", "people"))


@login_required
def units(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    tree = selectors.unit_tree()
    counts = _member_counts()
    managed = access.managed_unit_ids()
    for unit in tree:
        unit.member_count = counts.get(unit.pk, 0)
        unit.indent = min(unit.tree_depth, MAX_INDENT)
        unit.is_managed = unit.pk in managed
        # Marked once, where the viewer's managed subtree starts, not on every row below it.
        unit.manages_from_here = unit.is_managed and unit.parent_id not in managed
    return render_page(request, "org/units.html", {"units": tree})


@dataclass
class MemberRow:
    user: Any
    roles: list[str]
    can_deactivate: bool = False
    # Roles the member holds that the viewer may not grant: shown, never offered to untick.
    locked_roles: list[str] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]

    @property
    def locked_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.locked_roles]


def _unit_context(
    request: DeskRequest,
    unit: Unit,
    *,
    create_form: MemberCreateForm | None = None,
    add_form: MembershipAddForm | None = None,
    notice: str = "",
    notice_error: bool = False,
) -> dict[str, Any]:
    access = access_for(request.user)
    can_manage = access.can_manage_unit(unit)
    ancestors = Unit.objects.in_bulk(access.tree.ancestors(unit.pk))
    children = list(Unit.objects.filter(parent=unit).order_by("name"))
    counts = _member_counts(pk__in=[unit.pk, *(child.pk for child in children)])
    for child in children:
        child.member_count = counts.get(child.pk, 0)

    rows: dict[int, MemberRow] = {}
    for membership in (
        Membership.objects.filter(unit=unit)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    ):
        row = rows.setdefault(membership.user_id, MemberRow(membership.user, []))
        row.roles.append(membership.role)
    grantable = grantable_roles(access, unit) if can_manage else []
    if can_manage:
        offered = {value for value, _label in grantable}
        deactivatable = access.manageable_user_ids(row.user for row in rows.values())
        for row in rows.values():
            row.can_deactivate = row.user.pk in deactivatable
            row.locked_roles = [role for role in row.roles if role not in offered]
        create_form = create_form or MemberCreateForm(prefix="new", grantable=grantable)
        add_form = add_form or MembershipAddForm(prefix="add", grantable=grantable)
    return {
        "unit": unit,
        "breadcrumbs": [ancestors[pk] for pk in reversed(access.tree.ancestors(unit.pk))],
        "children": children,
        "member_count": counts.get(unit.pk, 0),
        "rows": list(rows.values()),
        "can_manage": can_manage,
        "grantable": grantable,
        "create_form": create_form,
        "add_form": add_form,
        "notice": notice,
        "notice_error": notice_error,
    }


@login_required
def unit(request: DeskRequest, slug: str) -> HttpResponse:
    found = access_unit(request.user, slug)
    return render_page(request, "org/unit.html", _unit_context(request, found))


def _after_member_change(
    request: DeskRequest,
    unit: Unit,
    notice: str,
    *,
    failed: bool = False,
    create_form: MemberCreateForm | None = None,
    add_form: MembershipAddForm | None = None,
) -> HttpResponse:
    """htmx: the refreshed members partial. Without htmx: a form with errors is shown again
    on the whole page; anything else redirects back to the unit with a message."""
    if not wants_fragment(request) and create_form is None and add_form is None:
        return done(request, notice, "org:unit", unit.slug, error=failed)
    context = _unit_context(
        request,
        unit,
        create_form=create_form,
        add_form=add_form,
        notice=notice,
        notice_error=failed,
    )
    return render_page(request, "org/unit.html", context, fragment="members")


def _member_of(unit: Unit, username: str) -> Any:
    """A person who holds at least one role in ``unit``; 404 otherwise."""
    target = User.objects.filter(username=username, memberships__unit=unit).first()
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def unit_member_create(request: DeskRequest, slug: str) -> HttpResponse:
    unit = access_unit(request.user, slug, for_manage=True)
    grantable = grantable_roles(access_for(request.user), unit)
    form = MemberCreateForm(request.POST, prefix="new", grantable=grantable)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = services.member_create(
                actor=request.user,
                unit=unit,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                password=data["password"] or None,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = _("حساب %(name)s ساخته شد و به این واحد پیوست.") % {
                "name": member.display_name
            }
            return _after_member_change(request, unit, notice)
    return _after_member_change(
        request,
        unit,
        _("عضو تازه ساخته نشد؛ خطاهای فرم را ببینید."),
        failed=True,
        create_form=form,
    )


@login_required
@require_POST
def unit_membership_add(request: DeskRequest, slug: str) -> HttpResponse:
    unit = access_unit(request.user, slug, for_manage=True)
    grantable = grantable_roles(access_for(request.user), unit)
    form = MembershipAddForm(request.POST, prefix="add", grantable=grantable)
    if form.is_valid():
        person, role = form.cleaned_data["username"], form.cleaned_data["role"]
        try:
            services.membership_add(actor=request.user, user=person, unit=unit, role=role)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = _("%(name)s اکنون در این واحد نقش «%(role)s» دارد.") % {
                "name": person.display_name,
                "role": Role(role).label,
            }
            return _after_member_change(request, unit, notice)
    return _after_member_change(
        request, unit, _("عضو افزوده نشد؛ خطاهای فرم را ببینید."), failed=True, add_form=form
    )


@login_required
@require_POST
def unit_member_roles(request: DeskRequest, slug: str, username: str) -> HttpResponse:
    """Set a member's roles in the unit to the ticked ones. Roles the actor may not grant are
    not offered and stay as they are; ticking one anyway is refused by the service (403)."""
    unit = access_unit(request.user, slug, for_manage=True)
    target = _member_of(unit, username)
    form = MemberRolesForm(request.POST)
    if not form.is_valid():
        return _after_member_change(request, unit, _("نقش انتخاب‌شده معتبر نیست."), failed=True)
    offered = {value for value, _label in grantable_roles(access_for(request.user), unit)}
    current = set(Membership.objects.filter(user=target, unit=unit).values_list("role", flat=True))
    wanted = set(form.cleaned_data["roles"]) | (current - offered)
    try:
        services.member_set_roles(actor=request.user, user=target, unit=unit, roles=wanted)
    except ValidationError as error:
        return _after_member_change(request, unit, error_text(error), failed=True)
    if wanted:
        notice = _("نقش‌های %(name)s در این واحد: %(roles)s") % {
            "name": target.display_name,
            "roles": "، ".join(str(label) for value, label in Role.choices if value in wanted),
        }
    else:
        notice = _("%(name)s دیگر عضو این واحد نیست.") % {"name": target.display_name}
    return _after_member_change(request, unit, notice)


@login_required
@require_POST
def unit_member_active(request: DeskRequest, slug: str, username: str) -> HttpResponse:
    unit = access_unit(request.user, slug, for_manage=True)
    target = _member_of(unit, username)
    form = AccountActiveForm(request.POST)
    if not form.is_valid():
        return _after_member_change(request, unit, _("درخواست نامعتبر است."), failed=True)
    notice, failed = set_active(request, target, active=form.active)
    return _after_member_change(request, unit, notice, failed=failed)
