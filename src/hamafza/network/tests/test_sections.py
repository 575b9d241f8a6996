"""What the network adds to pages of the apps below it (``network.sections``): a person's help
on their profile, a partner's joint activities on its page, credits on the desk story page."""

import pytest
from django.urls import reverse

from hamafza.network.services import support as services
from hamafza.network.tests.factories_partnership import joint_activity, partner
from hamafza.network.tests.factories_support import offer_of, skilled, support_for
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def helped(net):
    """Tehran's editor photographed Shemiranat's ceremony; the story credits them."""
    skilled(net.tehran_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter, title="عکاس مراسم توانیابان")
    offer = offer_of(request, net.tehran_editor)
    services.support_offer_accept(actor=net.tehran_editor, offer=offer)
    services.support_offer_confirm(actor=net.shemiranat_head, offer=offer)
    request.refresh_from_db()
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=Story.Status.PUBLISHED
    )
    services.support_request_complete(
        actor=net.shemiranat_reporter,
        request=request,
        stories=[story],
        note="",
        version=request.version,
    )
    return story


def test_a_persons_page_shows_the_help_they_gave(client, net, helped):
    client.force_login(net.isfahan_head)
    page = client.get(reverse("org:person", args=["tehran.editor"])).content.decode()
    assert "کمک‌ها در شبکه" in page
    assert "شهرستان شمیرانات" in page
    assert reverse("network:support_person", args=["tehran.editor"]) in page


def test_a_person_who_helped_nobody_says_so(client, net):
    client.force_login(net.isfahan_head)
    page = client.get(reverse("org:person", args=["tehran.reporter"])).content.decode()
    assert "هنوز کمکی در شبکه ثبت نشده است." in page


def test_the_story_page_credits_the_helpers(client, net, helped):
    client.force_login(net.shemiranat_head)
    page = client.get(reverse("newsroom:story", args=[helped.pk])).content.decode()
    assert "با یاری همکاران شبکه:" in page
    assert net.tehran_editor.display_name in page


def test_a_story_nobody_helped_with_has_no_credits(client, net):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_editor)
    client.force_login(net.tehran_editor)
    page = client.get(reverse("newsroom:story", args=[story.pk])).content.decode()
    assert "با یاری همکاران شبکه:" not in page


def test_a_partners_page_lists_its_joint_activities(client, net):
    ngo = partner(net.tehran, "انجمن حمایت از کودکان")
    joint_activity(net.tehran, title="کارگاه مشترک رسانه", partners=[ngo])
    client.force_login(net.isfahan_editor)
    page = client.get(reverse("org:partner", args=[ngo.pk])).content.decode()
    assert "فعالیت‌های مشترک" in page
    assert "کارگاه مشترک رسانه" in page


def test_the_worker_runs_the_networks_periodic_work():
    from hamafza.common import sweeps

    assert {
        "network.directive_reminders",
        "network.press_enquiries_overdue",
        "network.support_requests_expire",
        "network.bulletin_deliveries",
        "network.campaigns_close",
    } <= set(sweeps.registry.names())
