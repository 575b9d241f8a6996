"""The desk as a whole (who gets in) and its home and "my profile" pages."""

import re
from typing import Any

import pytest
from django.urls import reverse

from hamafza.accounts.services import token_create
from hamafza.org.models import Partner
from hamafza.org.tests.factories import PartnerFactory, UserFactory

# Every page a signed-in staff member may open with GET, with the arguments the fixture needs.
Pages = list[tuple[str, tuple[Any, ...]]]

STAFF_PAGES: Pages = [
    ("org:desk_home", ()),
    ("org:my_profile", ()),
    ("org:people", ()),
    ("org:person", ("tehran.reporter",)),
    ("org:units", ()),
    ("org:unit", ("tehran",)),
    ("org:partners", ()),
]
POST_ONLY: Pages = [
    ("org:person_set_active", ("tehran.reporter",)),
    ("org:unit_member_create", ("tehran",)),
    ("org:unit_membership_add", ("tehran",)),
    ("org:unit_member_roles", ("tehran", "tehran.reporter")),
    ("org:unit_member_active", ("tehran", "tehran.reporter")),
    ("org:partner_contact_add", (1,)),
    ("org:partner_contact_remove", (1, 1)),
]
ALL_PAGES: Pages = [
    *STAFF_PAGES,
    ("org:person_edit", ("tehran.reporter",)),
    ("org:partner_create", ()),
    ("org:audit_log", ()),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), ALL_PAGES + POST_ONLY)
def test_anonymous_is_sent_to_sign_in(client, name, args):
    for response in (client.get(reverse(name, args=args)), client.post(reverse(name, args=args))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert "next=" in response["Location"]


def test_someone_without_a_unit_is_refused_everywhere(client, net):
    client.force_login(net.outsider)
    for name, args in ALL_PAGES:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    for name, args in POST_ONLY:
        assert client.post(reverse(name, args=args), {}).status_code == 403, name


@pytest.mark.parametrize("persona", ["tehran_viewer", "shemiranat_reporter", "hq_admin"])
def test_every_member_opens_the_staff_pages(client, net, persona):
    client.force_login(getattr(net, persona))
    for name, args in STAFF_PAGES:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert "<html" in response.content.decode()


def test_pages_have_no_inline_script_or_style(client, net):
    """The CSP allows scripts and styles from our own files only."""
    client.force_login(net.hq_admin)
    for name, args in [*ALL_PAGES, ("org:person_edit", ("hq.admin",))]:
        html = client.get(reverse(name, args=args)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), name
        assert " style=" not in html, name
        assert "<style" not in html, name
        assert " onclick=" not in html, name
        assert " hx-on" not in html, name


def test_a_superuser_without_a_unit_may_use_the_desk(client, net):
    root = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.get(reverse("org:desk_home"))
    assert response.status_code == 200
    # A superuser manages everything, so "my units" is the whole network.
    assert response.context["people_in_my_units"] == 11


def test_home_shows_my_units_roles_and_real_counts(client, net):
    PartnerFactory.create(owner_unit=net.shemiranat)
    PartnerFactory.create(owner_unit=net.isfahan)
    PartnerFactory.create(owner_unit=net.isfahan, is_active=False)
    net.shemiranat_reporter.is_active = False
    net.shemiranat_reporter.save()
    client.force_login(net.tehran_head)

    response = client.get(reverse("org:desk_home"))

    # Tehran: head, editor, reporter, viewer; Shemiranat: head (its reporter is deactivated).
    assert response.context["people_in_my_units"] == 5
    assert response.context["my_partners"] == 1
    assert response.context["all_partners"] == 2
    html = response.content.decode()
    assert "استان تهران" in html
    assert "مدیر روابط عمومی" in html
    assert reverse("org:unit", args=["tehran"]) in html  # the unit I manage
    assert reverse("org:people") in html
    assert reverse("org:partners") in html
    assert reverse("org:my_profile") in html
    assert reverse("org:audit_log") not in html  # HQ admins only
    assert "۵" in html


def test_home_quick_links_follow_the_role(client, net):
    client.force_login(net.tehran_reporter)
    html = client.get(reverse("org:desk_home")).content.decode()
    assert reverse("org:unit", args=["tehran"]) in html  # listed under "my units"
    assert "افزودن عضو و تعیین نقش" not in html  # but not as a unit to manage
    assert reverse("org:partner_create") not in html

    client.force_login(net.hq_admin)
    html = client.get(reverse("org:desk_home")).content.decode()
    assert reverse("org:audit_log") in html
    assert reverse("org:partner_create") in html
    assert Partner.objects.count() == 0


def test_my_profile_shows_me_password_link_and_my_tokens(client, net):
    token_create(user=net.tehran_editor, actor=net.tehran_editor, name="پایگاه خبری استان")
    token_create(user=net.tehran_head, actor=net.tehran_head, name="توکن دیگری")
    net.tehran_editor.profile.title = "دبیر خبر"
    net.tehran_editor.profile.save()
    client.force_login(net.tehran_editor)

    response = client.get(reverse("org:my_profile"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "دبیر خبر" in html
    assert reverse("org:person_edit", args=["tehran.editor"]) in html
    assert reverse("accounts:password_change") in html
    assert 'id="api-tokens"' in html
    assert "پایگاه خبری استان" in html
    assert "توکن دیگری" not in html  # someone else's token
    assert [t.name for t in response.context["tokens"]] == ["پایگاه خبری استان"]
