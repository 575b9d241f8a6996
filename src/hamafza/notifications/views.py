"""`/desk/notifications/`: the person's notifications, marking them read, and the bell's
count (polled by htmx every minute). A person only ever sees and marks their own."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.common.persian import to_ascii_digits
from hamafza.notifications import services
from hamafza.notifications.models import Notification
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import DeskRequest, done, paginate, render_page, wants_fragment

NOTIFICATIONS_PER_PAGE = 30


def _list_page(request: DeskRequest, *, notice: str = "") -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related("actor")
    context = {
        "pagination": paginate(request, notifications, NOTIFICATIONS_PER_PAGE),
        "notice": notice,
    }
    return render_page(request, "notifications/list.html", context, fragment="items")


@login_required
def notification_list(request: DeskRequest) -> HttpResponse:
    access_staff(request.user)
    return _list_page(request)


def _ids(values: list[str]) -> list[int]:
    cleaned = (to_ascii_digits(value).strip() for value in values)
    return [int(value) for value in cleaned if value.isascii() and value.isdigit()]


@login_required
@require_POST
def notification_mark_read(request: DeskRequest) -> HttpResponse:
    """Mark one (``id``) or, without ids, every unread notification of the person read.
    Someone else's id is simply not among theirs: nothing happens to it."""
    access_staff(request.user)
    raw = request.POST.getlist("id")
    ids = _ids(raw) if raw else None
    marked = services.notification_mark_read(user=request.user, notification_ids=ids)
    if ids is None:
        notice = _("همه اعلان‌ها خوانده شد.")
    else:
        notice = _("اعلان خوانده شد.") if marked else ""
    if not wants_fragment(request):
        return done(request, notice or _("اعلان‌ها به‌روز شد."), "notifications:list")
    response = _list_page(request, notice=notice)
    # The bell in the header shows the new count too (an out-of-band swap).
    bell = render(request, "notifications/bell.html", {"oob": True}).content
    response.content += bell
    return response


# htmx stops polling when an answer has this status: a signed-out page stops asking.
STOP_POLLING = 286


def unread_badge(request: DeskRequest) -> HttpResponse:
    """The bell with its count. Not behind ``login_required``: a poll from a page whose
    session ended must not be redirected (htmx would put the sign-in page into the header)."""
    if not request.user.is_authenticated or not access_for(request.user).is_staff_member:
        return HttpResponse(status=STOP_POLLING)
    return render(request, "notifications/bell.html")
