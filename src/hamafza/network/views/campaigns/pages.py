"""Campaign pages: the list, launching and editing one, its page with the toolkit, joining
and outputs, its workflow moves, and the participation board."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamafza.common.jalali import format_date_numeric
from hamafza.network.forms.campaigns import (
    AssetForm,
    CampaignFilterForm,
    CampaignForm,
    ExternalOutputForm,
    InviteForm,
    JoinForm,
    LocalActivityForm,
    MessageForm,
    StoryLinkForm,
    TemplateForm,
    TransitionForm,
)
from hamafza.network.models.campaigns import (
    Campaign,
    CampaignLocalActivity,
    CampaignOutput,
    CampaignParticipation,
    CampaignStoryLink,
)
from hamafza.network.permissions.campaigns import (
    TRANSITIONS,
    access_campaign,
    access_campaign_board,
    can_edit,
    can_edit_toolkit,
    can_invite,
    can_manage,
    can_remove_output,
    can_transition,
    can_view_board,
    can_write_for,
    invitable_unit_ids,
    joinable_unit_ids,
    owner_unit_ids,
    writable_unit_ids,
)
from hamafza.network.selectors import campaigns as selectors
from hamafza.network.services import campaigns as services
from hamafza.network.services.campaigns import StaleCampaign
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Unit
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import DeskRequest, add_service_error, done, paginate, render_page

PER_PAGE = 30
# The campaign's page shows the latest outputs and activities; the board has every unit's.
DETAIL_ROWS = 20
STALE = gettext_lazy(
    "این کارزار پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد. صفحه را دوباره باز کنید."
)


@login_required
def campaign_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = CampaignFilterForm(request.GET)
    pagination = None
    if form.is_valid():
        found = selectors.campaign_list(
            viewer=request.user, state=form.cleaned_data["state"], q=form.cleaned_data["q"]
        )
        pagination = paginate(request, found, PER_PAGE)
    context = {"form": form, "pagination": pagination, "can_create": bool(owner_unit_ids(access))}
    return render_page(request, "network/campaigns/list.html", context, fragment="rows")


def _invitable(access: Any, owners: list[Unit]) -> list[Unit]:
    ids: set[int] = set()
    for owner in owners:
        ids |= invitable_unit_ids(access, owner.pk)
    return [u for u in org_selectors.unit_tree() if u.pk in ids and u.is_active]


@login_required
def campaign_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    allowed = owner_unit_ids(access)
    if not allowed:
        raise PermissionDenied
    owners = [u for u in org_selectors.unit_tree() if u.pk in allowed and u.is_active]
    invitable = _invitable(access, owners)
    if request.method == "POST":
        form = CampaignForm(request.POST, owners=owners, invitable=invitable)
        if form.is_valid():
            try:
                campaign = services.campaign_create(
                    actor=request.user, owner_unit=form.selected_owner, **form.campaign_fields()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _(
                    "کارزار «%(title)s» به‌صورت پیش‌نویس ثبت شد؛ "
                    "جعبه‌ابزار را کامل و سپس آن را آغاز کنید."
                ) % {"title": campaign.title}
                return done(request, notice, "network:campaign_detail", campaign.pk)
        context = {"form": form, "campaign": None}
        return render_page(request, "network/campaigns/form.html", context, status=400)
    form = CampaignForm(owners=owners, invitable=invitable)
    return render_page(request, "network/campaigns/form.html", {"form": form, "campaign": None})


def _edit_form(request: DeskRequest, campaign: Campaign) -> CampaignForm:
    """The draft's whole form, or a running campaign's (``CampaignForm``'s ``running``)."""
    running = campaign if campaign.status == Campaign.Status.LAUNCHED else None
    access = access_for(request.user)
    invitable = [] if running else _invitable(access, [campaign.owner_unit])
    snapshot = services.campaign_snapshot(campaign)
    slugs = dict(Unit.objects.filter(pk__in=snapshot["units"]).values_list("pk", "slug"))
    # Dates as the Jalali text the date field parses (a Gregorian "2026-11-24" would be read
    # as the Jalali year 2026 when sent back unchanged).
    initial = snapshot | {
        "starts_on": format_date_numeric(campaign.starts_on),
        "ends_on": format_date_numeric(campaign.ends_on),
        "extra_hashtags": " ".join(campaign.extra_hashtags),
        "units": [slugs[pk] for pk in snapshot["units"]],
        "version": campaign.version,
    }
    data = request.POST if request.method == "POST" else None
    return CampaignForm(data, initial=initial, invitable=invitable, editing=True, running=running)


@login_required
def campaign_edit(request: DeskRequest, pk: int) -> HttpResponse:
    """A draft's every field; a running campaign's texts, goals, extra hashtags and dates."""
    campaign = access_campaign(request.user, pk, for_write=True)
    form = _edit_form(request, campaign)
    status = 400 if form.is_bound else 200
    if form.is_valid():
        try:
            services.campaign_update(
                actor=request.user,
                campaign=campaign,
                version=form.cleaned_data["version"],
                **form.campaign_fields(),
            )
        except StaleCampaign:
            form.add_error(None, STALE)
            status = 409
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, _("تغییرات کارزار ذخیره شد."), "network:campaign_detail", pk)
    context = {"form": form, "campaign": campaign}
    return render_page(request, "network/campaigns/form.html", context, status=status)


def _new_units(access: Any, campaign: Campaign, invited: set[int]) -> list[Unit]:
    """Active units the running campaign may still invite."""
    ids = invitable_unit_ids(access, campaign.owner_unit_id) - invited
    return [u for u in org_selectors.unit_tree() if u.pk in ids and u.is_active]


# --- The campaign's page -------------------------------------------------------------------


def _linkable_stories(campaign: Campaign, unit_ids: set[int]) -> list[Story]:
    """Public stories of the user's participating units, published within the dates, not yet
    counted for this campaign."""
    if not unit_ids:
        return []
    return list(
        Story.objects.filter(
            unit_id__in=unit_ids,
            status__in=PUBLIC_STATUSES,
            published_at__date__gte=campaign.starts_on,
            published_at__date__lte=campaign.ends_on,
        )
        .exclude(campaign_outputs__campaign=campaign)
        .select_related("unit")
        .order_by("-published_at")[:50]
    )


def _detail_context(
    request: DeskRequest, campaign: Campaign, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    access = access_for(request.user)
    given = forms or {}
    board_viewer = can_view_board(access, campaign)
    joinable = joinable_unit_ids(access, campaign)
    writable = writable_unit_ids(access, campaign)
    participations = list(
        CampaignParticipation.objects.filter(campaign=campaign).select_related("unit")
    )
    mine = {p.unit_id for p in participations} & access.tree.subtrees(access.roles_by_unit)
    join_units = [p.unit for p in participations if p.unit_id in joinable and p.joined_at is None]
    joined_writable = [p.unit for p in participations if p.unit_id in writable and p.joined_at]
    writable_units = [p.unit for p in participations if p.unit_id in writable]
    shown_units = None if board_viewer else mine
    outputs = list(selectors.unit_outputs(campaign, shown_units)[:DETAIL_ROWS])
    linked = set(
        CampaignStoryLink.objects.filter(
            campaign=campaign, story_id__in=[o.story_id for o in outputs if o.story_id]
        ).values_list("story_id", flat=True)
    )
    activities = CampaignLocalActivity.objects.filter(participation__campaign=campaign)
    if shown_units is not None:
        activities = activities.filter(participation__unit_id__in=shown_units)
    actions = [
        (
            t,
            given.get(f"transition-{t.name}")
            or TransitionForm(initial={"version": campaign.version}, prefix=t.name),
        )
        for t in TRANSITIONS.values()
        if can_transition(access, campaign, t)
    ]
    toolkit = can_edit_toolkit(access, campaign)
    inviter = can_invite(access, campaign)
    context: dict[str, Any] = {
        "campaign": campaign,
        "goals": list(campaign.goals.all()),
        "key_messages": list(campaign.key_messages.all()),
        "messages_kit": list(campaign.messages.all()),
        "assets": list(campaign.assets.all()),
        "templates": list(campaign.templates.all()),
        "participations": participations,
        "my_participations": [p for p in participations if p.unit_id in mine],
        "outputs": outputs,
        "removable": {o.pk for o in outputs if can_remove_output(access, o)},
        "unlinkable": {
            o.pk
            for o in outputs
            if o.story_id in linked and can_write_for(access, campaign, o.unit_id)
        },
        "activities": list(activities.select_related("participation__unit")[:DETAIL_ROWS]),
        "actions": actions,
        "can_edit": can_edit(access, campaign),
        "can_manage": can_manage(access, campaign),
        "can_edit_toolkit": toolkit,
        "can_invite": inviter,
        "board_viewer": board_viewer,
        "joined_count": sum(1 for p in participations if p.joined_at),
    }
    if toolkit:
        context["message_form"] = given.get("message") or MessageForm(prefix="message")
        context["asset_form"] = given.get("asset") or AssetForm(prefix="asset")
        context["template_form"] = given.get("template") or TemplateForm(prefix="template")
    if inviter:
        # Units with outputs stay on the campaign: no "remove" for them.
        context["unremovable"] = set(
            CampaignOutput.objects.filter(campaign=campaign)
            .order_by()
            .values_list("unit_id", flat=True)
            .distinct()
        )
        new_units = _new_units(access, campaign, {p.unit_id for p in participations})
        if new_units:
            context["invite_form"] = given.get("invite") or InviteForm(
                units=new_units, prefix="invite"
            )
    if join_units:
        context["join_form"] = JoinForm(units=join_units, prefix="join")
        context["join_units"] = join_units
    if joined_writable:
        context["activity_form"] = given.get("activity") or LocalActivityForm(
            units=joined_writable, prefix="activity"
        )
    if writable_units:
        context["output_form"] = given.get("output") or ExternalOutputForm(
            units=writable_units, prefix="output"
        )
        stories = _linkable_stories(campaign, {u.pk for u in writable_units})
        if stories:
            context["link_form"] = given.get("link") or StoryLinkForm(
                stories=stories, prefix="link"
            )
    return context


def _page(
    request: DeskRequest, campaign: Campaign, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    fresh = Campaign.objects.select_related("owner_unit").get(pk=campaign.pk)
    return render_page(
        request,
        "network/campaigns/detail.html",
        _detail_context(request, fresh, forms),
        status=status,
    )


@login_required
def campaign_detail(request: DeskRequest, pk: int) -> HttpResponse:
    return _page(request, access_campaign(request.user, pk))


@login_required
@require_POST
def campaign_transition(request: DeskRequest, pk: int, name: str) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    if name not in TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST, prefix=name)
    if form.is_valid():
        try:
            services.campaign_transition(
                actor=request.user,
                campaign=campaign,
                name=name,
                version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
            )
        except StaleCampaign:
            return done(request, str(STALE), "network:campaign_detail", pk, error=True)
        except ValidationError as error:
            add_service_error(form, error, field="note")
        else:
            return done(
                request,
                _("انجام شد: %(label)s") % {"label": TRANSITIONS[name].label},
                "network:campaign_detail",
                pk,
            )
    return _page(request, campaign, {f"transition-{name}": form}, status=400)


@login_required
def campaign_board(request: DeskRequest, pk: int) -> HttpResponse:
    campaign = access_campaign_board(request.user, pk)
    board = selectors.campaign_board(campaign)
    context = {
        "campaign": campaign,
        "board": board,
        "chart": board.chart(_("برونداد")),
        "recent": list(
            CampaignOutput.objects.filter(campaign=campaign)
            .filter(Q(kind=CampaignOutput.Kind.EXTERNAL) | Q(story__isnull=False))
            .select_related("unit", "story")[:30]
        ),
    }
    return render_page(request, "network/campaigns/board.html", context)
