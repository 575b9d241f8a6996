"""`/desk/notifications/`: the person's notifications, marking them read, the bell's count
(polled by htmx every minute), and `settings/`: how they get notifications by e-mail. A person
only ever sees and changes their own."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hamafza.common.persian import to_ascii_digits
from hamafza.notifications import delivery, services
from hamafza.notifications.forms import EmailPreferenceForm
from hamafza.notifications.models import DigestDelivery, EmailMode, Notification
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    paginate,
    render_page,
    wants_fragment,
)

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


@login_required
def notification_preferences(request: DeskRequest) -> HttpResponse:
    """Choose off, immediately or the daily digest. Without an e-mail address the choice is
    kept, and the page says nothing is sent until an address is recorded."""
    access_staff(request.user)
    status = 200
    if request.method == "POST":
        form = EmailPreferenceForm(request.POST)
        if form.is_valid():
            try:
                changed = services.notification_preferences_set(
                    user=request.user,
                    email_mode=form.cleaned_data["email_mode"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("ترجیح شما ذخیره شد.") if changed else _("ترجیح شما همان بود.")
                return done(request, notice, "notifications:preferences")
        status = 400
    else:
        form = EmailPreferenceForm(initial={"email_mode": services.email_mode_of(request.user)})
    last_digest = (
        DigestDelivery.objects.filter(user=request.user, sent_at__isnull=False)
        .order_by("-sent_at")
        .first()
    )
    context = {
        "form": form,
        "mode": services.email_mode_of(request.user),
        "modes": EmailMode,
        "digest_time": delivery.digest_time(),
        "next_digest_at": delivery.next_digest_at(),
        "last_digest": last_digest,
    }
    return render(request, "notifications/preferences.html", context, status=status)


@csrf_exempt  # the signed token in the address is the proof; mail clients post without a form
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The unsubscribe link of every e-mail, without signing in: GET asks to confirm (a mail
    scanner following links must not unsubscribe anyone), POST switches the token's person's
    e-mail off (also the one-click POST of RFC 8058 that mail clients send)."""
    user = delivery.user_from_unsubscribe_token(token)
    if user is None:
        response = render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    elif request.method == "POST":
        services.notification_preferences_set(user=user, email_mode=EmailMode.OFF, actor=user)
        response = render(request, "notifications/unsubscribe.html", {"done": True, "person": user})
    else:
        context = {"person": user, "mode": services.email_mode_of(user)}
        response = render(request, "notifications/unsubscribe.html", context)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of other logs
    return response
