"""A story's revisions: the list, a comparison of any two, restoring one.

Revisions are the desk's side of a story (``permissions.can_view_desk``): another unit sees
a published story, not the drafts that led to it (403), and does not see an unpublished one
at all (404).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.common.persian import to_ascii_digits
from hamafza.newsroom import services
from hamafza.newsroom.forms import RestoreForm
from hamafza.newsroom.models import Story, StoryRevision
from hamafza.newsroom.permissions import can_edit, can_view_desk
from hamafza.newsroom.services import StaleVersion
from hamafza.newsroom.views._common import DeskRequest, story_for_page
from hamafza.newsroom.views._diff import compare
from hamafza.org.permissions import access_for
from hamafza.org.views._common import add_service_error, done, render_page


def _desk_story(request: DeskRequest, story_id: int) -> Story:
    story = story_for_page(story_id, request.user)
    if not can_view_desk(access_for(request.user), story):
        raise PermissionDenied
    return story


def _version(text: str | None) -> int | None:
    cleaned = to_ascii_digits(text or "").strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


def _page(
    request: DeskRequest,
    story: Story,
    *,
    restore_form: RestoreForm | None = None,
    restoring: int | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    revisions = list(
        StoryRevision.objects.filter(story=story).select_related("author").order_by("-version")
    )
    by_version = {revision.version: revision for revision in revisions}
    # Compare ?a= with ?b=; by default the newest with the one before it.
    newest = revisions[0].version if revisions else None
    older = revisions[1].version if len(revisions) > 1 else None
    a = _version(request.GET.get("a")) or older
    b = _version(request.GET.get("b")) or newest
    restoring = restoring or _version(request.GET.get("restore"))
    diff = None
    if a is not None and b is not None and a != b and a in by_version and b in by_version:
        diff = compare(by_version[a].data, by_version[b].data)
    context = {
        "story": story,
        "revisions": revisions,
        "a": a,
        "b": b,
        "diff": diff,
        "unchanged": [field.label for field in diff or [] if not field.changed],
        "can_restore": can_edit(access_for(request.user), request.user, story),
        "restore_form": restore_form or RestoreForm(initial={"version": story.version}),
        "restore_revision": (
            by_version.get(restoring)
            if restoring is not None and restoring != story.version
            else None
        ),
        "notice": notice,
    }
    return render_page(request, "newsroom/story_revisions.html", context, status=status)


@login_required
def story_revisions(request: DeskRequest, story_id: int) -> HttpResponse:
    return _page(request, _desk_story(request, story_id))


@login_required
@require_POST
def story_revision_restore(request: DeskRequest, story_id: int, revision_id: int) -> HttpResponse:
    """Save revision ``revision_id`` (its id, not its version number) as the newest version."""
    story = _desk_story(request, story_id)
    revision = get_object_or_404(StoryRevision, pk=revision_id, story=story)
    if not can_edit(access_for(request.user), request.user, story):
        raise PermissionDenied
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return _page(request, story, restore_form=form, restoring=revision.version, status=400)
    try:
        services.story_restore_revision(
            actor=request.user,
            story=story,
            revision=revision,
            version=form.cleaned_data["version"],
            change_note=form.cleaned_data["change_note"],
        )
    except StaleVersion as stale:
        notice = _(
            "این خبر پس از باز کردن این صفحه تغییر کرده است (اکنون نسخه %(version)s). "
            "چیزی بازگردانده نشد؛ نسخه‌ها را دوباره ببینید و اگر هنوز لازم است بازگردانید."
        ) % {"version": stale.current.version}
        return _page(request, story_for_page(story.pk, request.user), notice=notice, status=409)
    except ValidationError as error:
        add_service_error(form, error)
        return _page(request, story, restore_form=form, restoring=revision.version, status=400)
    notice = _("نسخه %(version)s بازگردانده شد و نسخه تازه‌ای شد.") % {"version": revision.version}
    return done(request, notice, "newsroom:story", story.pk)
