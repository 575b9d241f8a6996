"""What people do from a campaign's page: keep the toolkit, invite more units or take one off,
download its files, join, plan
local activities, log external outputs, link and unlink stories. Bad input re-renders the
page with the form's Persian errors (400); nothing changes."""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.network.forms.campaigns import (
    AssetForm,
    ExternalOutputForm,
    InviteForm,
    JoinForm,
    LocalActivityForm,
    MessageForm,
    StoryLinkForm,
    TemplateForm,
)
from hamafza.network.models.campaigns import (
    Campaign,
    CampaignAsset,
    CampaignOutput,
)
from hamafza.network.permissions.campaigns import (
    access_campaign,
    can_invite,
    can_view_board,
    joinable_unit_ids,
    writable_unit_ids,
)
from hamafza.network.services import campaigns as services
from hamafza.network.views.campaigns.pages import _linkable_stories, _new_units, _page
from hamafza.org.models import Unit
from hamafza.org.permissions import access_for
from hamafza.org.views._common import DeskRequest, add_service_error, done

TOOLKIT_FORMS = {"message": MessageForm, "asset": AssetForm, "template": TemplateForm}


@login_required
@require_POST
def campaign_toolkit_add(request: DeskRequest, pk: int, kind: str) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    form_class = TOOLKIT_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, request.FILES, prefix=kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "message":
                services.campaign_message_add(actor=request.user, campaign=campaign, **data)
            elif kind == "asset":
                services.campaign_asset_add(actor=request.user, campaign=campaign, **data)
            else:
                services.campaign_template_add(actor=request.user, campaign=campaign, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, _("به جعبه‌ابزار افزوده شد."), "network:campaign_detail", pk)
    return _page(request, campaign, {kind: form}, status=400)


@login_required
@require_POST
def campaign_toolkit_remove(request: DeskRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    try:
        services.campaign_toolkit_remove(
            actor=request.user, campaign=campaign, kind=kind, item_id=item_id
        )
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:campaign_detail", pk, error=True)
    return done(request, _("از جعبه‌ابزار برداشته شد."), "network:campaign_detail", pk)


@login_required
@require_POST
def campaign_invite(request: DeskRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    access = access_for(request.user)
    if not can_invite(access, campaign):
        raise PermissionDenied
    invited = set(campaign.participations.values_list("unit_id", flat=True))
    form = InviteForm(request.POST, units=_new_units(access, campaign, invited), prefix="invite")
    if form.is_valid():
        try:
            added = services.campaign_invite(
                actor=request.user, campaign=campaign, units=form.selected_units
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            names = "، ".join(p.unit.name for p in added)
            notice = _("به کارزار دعوت شدند: %(units)s") % {"units": names}
            return done(request, notice, "network:campaign_detail", pk)
    return _page(request, campaign, {"invite": form}, status=400)


@login_required
@require_POST
def campaign_participant_remove(request: DeskRequest, pk: int, unit: str) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    target = get_object_or_404(Unit, slug=unit)
    try:
        services.campaign_participant_remove(actor=request.user, campaign=campaign, unit=target)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:campaign_detail", pk, error=True)
    notice = _("واحد «%(unit)s» از کارزار کنار گذاشته شد.") % {"unit": target.name}
    return done(request, notice, "network:campaign_detail", pk)


@login_required
def campaign_asset_download(request: DeskRequest, pk: int, asset_id: int) -> FileResponse:
    """A toolkit file for whoever sees the campaign; never one without consent."""
    campaign = access_campaign(request.user, pk)
    asset = get_object_or_404(CampaignAsset, campaign=campaign, pk=asset_id)
    if not asset.downloadable:
        raise Http404
    return FileResponse(
        asset.file.open("rb"), as_attachment=True, filename=PurePath(str(asset.file.name)).name
    )


@login_required
def campaign_evidence(request: DeskRequest, pk: int, output_id: int) -> FileResponse:
    """An external output's evidence: for the board's viewers and the output unit's line."""
    campaign = access_campaign(request.user, pk)
    access = access_for(request.user)
    scope = access.tree.subtrees(access.roles_by_unit)
    output = get_object_or_404(CampaignOutput, campaign=campaign, pk=output_id)
    if not output.evidence or not (can_view_board(access, campaign) or output.unit_id in scope):
        raise Http404
    return FileResponse(
        output.evidence.open("rb"), filename=PurePath(str(output.evidence.name)).name
    )


@login_required
@require_POST
def campaign_join(request: DeskRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    units = list(Unit.objects.filter(pk__in=joinable_unit_ids(access_for(request.user), campaign)))
    form = JoinForm(request.POST, units=units, prefix="join")
    if not form.is_valid():
        raise PermissionDenied
    services.campaign_join(actor=request.user, campaign=campaign, unit=form.selected_unit)
    notice = _("%(unit)s به کارزار پیوست.") % {"unit": form.selected_unit.name}
    return done(request, notice, "network:campaign_detail", pk)


def _writable_units(request: DeskRequest, campaign: Campaign) -> list[Unit]:
    return list(Unit.objects.filter(pk__in=writable_unit_ids(access_for(request.user), campaign)))


@login_required
@require_POST
def campaign_activity_add(request: DeskRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    units = _writable_units(request, campaign)
    if not units:
        raise PermissionDenied
    form = LocalActivityForm(request.POST, units=units, prefix="activity")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            services.campaign_activity_add(
                actor=request.user, campaign=campaign, unit=form.selected_unit, **data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, _("فعالیت محلی ثبت شد."), "network:campaign_detail", pk)
    return _page(request, campaign, {"activity": form}, status=400)


@login_required
@require_POST
def campaign_output_log(request: DeskRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    units = _writable_units(request, campaign)
    if not units:
        raise PermissionDenied
    form = ExternalOutputForm(request.POST, request.FILES, units=units, prefix="output")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        try:
            services.campaign_output_log(
                actor=request.user, campaign=campaign, unit=form.selected_unit, **data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, _("انتشار بیرونی با مستند ثبت شد."), "network:campaign_detail", pk)
    return _page(request, campaign, {"output": form}, status=400)


@login_required
@require_POST
def campaign_output_remove(request: DeskRequest, pk: int, output_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    output = get_object_or_404(CampaignOutput, campaign=campaign, pk=output_id)
    try:
        services.campaign_output_remove(actor=request.user, output=output)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:campaign_detail", pk, error=True)
    return done(request, _("برونداد حذف شد."), "network:campaign_detail", pk)


@login_required
@require_POST
def campaign_story_link(request: DeskRequest, pk: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    units = _writable_units(request, campaign)
    if not units:
        raise PermissionDenied
    stories = _linkable_stories(campaign, {u.pk for u in units})
    form = StoryLinkForm(request.POST, stories=stories, prefix="link")
    if form.is_valid():
        story = form.selected_story
        services.campaign_story_link(actor=request.user, campaign=campaign, story=story)
        counted = CampaignOutput.objects.filter(campaign=campaign, story=story).exists()
        notice = (
            _("خبر «%(headline)s» به کارزار پیوند خورد و شمرده شد.")
            if counted
            else _("خبر «%(headline)s» به کارزار پیوند خورد.")
        ) % {"headline": story.headline}
        return done(request, notice, "network:campaign_detail", pk)
    return _page(request, campaign, {"link": form}, status=400)


@login_required
@require_POST
def campaign_story_unlink(request: DeskRequest, pk: int, output_id: int) -> HttpResponse:
    campaign = access_campaign(request.user, pk)
    output = get_object_or_404(
        CampaignOutput.objects.select_related("story"), campaign=campaign, pk=output_id
    )
    if output.story is None:
        raise Http404
    try:
        counted = services.campaign_story_unlink(
            actor=request.user, campaign=campaign, story=output.story
        )
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:campaign_detail", pk, error=True)
    notice = (
        _("پیوند برداشته شد؛ خبر چون هشتگ کارزار را دارد همچنان شمرده می‌شود.")
        if counted
        else _("پیوند برداشته شد و خبر دیگر شمرده نمی‌شود.")
    )
    return done(request, notice, "network:campaign_detail", pk)
