"""The media desk in headless Chromium at phone (390px) and desktop (1280px) widths: the
contacts list (filtered with htmx), a contact's page with its history, logging an interaction
without JavaScript tricks, and the enquiries list with its overdue badge. Screenshots go to
test-artifacts/media-*.png for a person to look at the RTL layout; no script error, no CSP
refusal, no failed request, never a sideways scroll."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hamafza.conftest import screenshot
from hamafza.network.models.media import MediaInteraction
from hamafza.network.services import media as services
from hamafza.network.tests.factories_media import (
    contact_for,
    enquiry_for,
    interaction_for,
    outlet_for,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.test_browser_workflow import (
    DESKTOP,
    PHONE,
    no_sideways_scroll,
    sign_in,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def media_content(net):
    irna = outlet_for(net.hq, name="خبرگزاری جمهوری اسلامی (ایرنا)")
    paper = outlet_for(net.tehran, name="روزنامه همشهری", kind="newspaper", region=net.tehran)
    radio = outlet_for(net.hq, name="رادیو تهران", kind="radio", region=net.tehran)
    story = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=Story.Status.PUBLISHED,
        headline="افتتاح مرکز روزانه توانبخشی سالمندان در شمیرانات",
    )
    main = contact_for(
        net.tehran,
        name="کیوان مشایخی",
        outlet=paper,
        role="خبرنگار حوزه رفاه و سالمندان",
        beats=["social", "elderly", "family"],
        region=net.tehran,
        messenger="بله: @keyvan_news",
        notes="پیش از ساعت ۱۰ صبح تماس نگیرید.",
        basis_note="رضایت شفاهی در نشست خبری آبان",
    )
    names = ["مهدیه کاظمی", "بهروز فراهانی", "لادن صبوری", "نازنین پاکزاد", "سارا رحمانی"]
    for n, name in enumerate(names):
        contact_for(
            net.tehran if n % 2 else net.shemiranat,
            name=name,
            outlet=[irna, radio, paper][n % 3],
            email=f"j{n}@example.ir",
            beats=[["disability"], ["addiction", "health"], ["charity"]][n % 3],
        )
    interaction_for(
        main,
        kind="press_release",
        story=story,
        note="ارسال خبر افتتاح مرکز با عکس‌ها",
        occurred_at=timezone.now() - timedelta(days=3),
    )
    interaction_for(
        main,
        kind="interview",
        note="هماهنگی گفت‌وگو با مدیرکل",
        occurred_at=timezone.now() - timedelta(days=1),
    )
    long_ago = timezone.now() - timedelta(days=2)
    enquiry_for(
        net.tehran,
        contact=main,
        subject="وضعیت ساخت مرکز سالمندان منطقه ۱۵",
        received_at=long_ago,
        hours=5,
        owner=net.tehran_reporter,
    )
    enquiry_for(
        net.tehran,
        contact=main,
        subject="حضور کارشناس در برنامه زنده",
        hours=40,
        owner=net.tehran_editor,
    )
    done = enquiry_for(
        net.shemiranat,
        outlet=irna,
        subject="آمار مستمری‌بگیران شهرستان",
        received_at=long_ago,
        hours=10,
    )
    services.enquiry_transition(
        actor=net.tehran_editor, enquiry=done, name="answer", answer="پاسخ مکتوب فرستاده شد."
    )
    return main


def test_contacts_contact_page_and_enquiries_at_two_widths(page, net):
    contact = media_content(net)
    errors = watch(page)
    sign_in(page, "tehran.editor")
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto("/desk/network/media/contacts/")
        assert page.locator("#rows tbody tr").count() == 6
        no_sideways_scroll(page)
        screenshot(page, f"media-contacts-{label}")
        page.goto(f"/desk/network/media/contacts/{contact.pk}/")
        assert page.get_by_role("heading", name="کیوان مشایخی").is_visible()
        no_sideways_scroll(page)
        screenshot(page, f"media-contact-{label}")
        page.goto("/desk/network/media/enquiries/")
        assert page.locator("tr[data-overdue]").count() == 1
        no_sideways_scroll(page)
        screenshot(page, f"media-enquiries-{label}")
        page.click("#rows a:has-text('وضعیت ساخت مرکز')")
        page.wait_for_url("**/media/enquiries/*/")
        assert page.locator("[data-action=answer]").is_visible()
        no_sideways_scroll(page)
        screenshot(page, f"media-enquiry-{label}")
        page.goto(f"/desk/network/media/outlets/{contact.outlet_id}/")
        no_sideways_scroll(page)
        screenshot(page, f"media-outlet-{label}")
    assert errors == []


def test_filtering_and_logging_an_interaction(page, net):
    contact = media_content(net)
    errors = watch(page)
    sign_in(page, "tehran.editor")
    page.goto("/desk/network/media/contacts/")
    page.select_option("select[name=beat]", "elderly")
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    assert "beat=elderly" in page.url
    page.click("#rows a:has-text('کیوان مشایخی')")
    page.wait_for_url(f"**/media/contacts/{contact.pk}/")
    page.select_option("select[name=log-kind]", "briefing")
    page.fill("textarea[name=log-note]", "نشست توجیهی درباره طرح سالمندی")
    with page.expect_navigation():
        page.click("#log-form button[type=submit]")
    assert page.locator(".feed-item").count() == 3
    assert MediaInteraction.objects.filter(kind="briefing", contact=contact).exists()
    assert errors == []
