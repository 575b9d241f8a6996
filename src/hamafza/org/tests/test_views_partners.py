"""The partner registry: list and filters, a partner's page, create, edit, contacts."""

import pytest
from django.urls import reverse

from hamafza.common.models import AuditEntry
from hamafza.org.models import Domain, Partner, PartnerContact
from hamafza.org.tests.factories import PartnerFactory

HTMX = {"HX-Request": "true"}
PARTNERS = reverse("org:partners")


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {partner.name for partner in response.context["pagination"].items}


@pytest.fixture
def registry(net):
    """Partners registered by Tehran, Shemiranat and Isfahan."""
    media = PartnerFactory.create(
        name="خبرگزاری ایرنا", name_en="IRNA", kind=Partner.Kind.MEDIA, owner_unit=net.tehran
    )
    media.domains.set(Domain.objects.filter(code="extra_agency"))
    ngo = PartnerFactory.create(
        name="انجمن نابینایان", kind=Partner.Kind.NGO, owner_unit=net.shemiranat
    )
    ngo.domains.set(Domain.objects.filter(code__in=["inter_agency", "extra_agency"]))
    university = PartnerFactory.create(
        name="دانشگاه اصفهان", kind=Partner.Kind.UNIVERSITY, owner_unit=net.isfahan
    )
    PartnerFactory.create(name="همکار قدیمی", owner_unit=net.tehran, is_active=False)
    PartnerContact.objects.create(partner=media, name="علی رضایی", phone="02188776655")
    return {"media": media, "ngo": ngo, "university": university}


# --- List ----------------------------------------------------------------------------------


def test_every_member_sees_the_active_registry(client, net, registry):
    client.force_login(net.khorasan_video)
    response = client.get(PARTNERS)
    assert listed(response) == {"خبرگزاری ایرنا", "انجمن نابینایان", "دانشگاه اصفهان"}
    html = response.content.decode()
    assert "رسانه" in html
    assert "برون‌دستگاهی" in html
    assert "استان تهران" in html
    assert reverse("org:partner_create") not in html  # a reporter registers no partners


def test_registry_filters(client, net, registry):
    client.force_login(net.tehran_viewer)
    assert listed(client.get(PARTNERS, {"kind": "media"})) == {"خبرگزاری ایرنا"}
    assert listed(client.get(PARTNERS, {"domain": "inter_agency"})) == {"انجمن نابینایان"}
    assert listed(client.get(PARTNERS, {"domain": "extra_agency"})) == {
        "خبرگزاری ایرنا",
        "انجمن نابینایان",
    }
    assert listed(client.get(PARTNERS, {"unit": "isfahan"})) == {"دانشگاه اصفهان"}
    assert listed(client.get(PARTNERS, {"q": "irna"})) == {"خبرگزاری ایرنا"}
    assert listed(client.get(PARTNERS, {"q": "نابینایان"})) == {"انجمن نابینایان"}
    response = client.get(PARTNERS, {"kind": "spaceship"})
    assert response.context["pagination"] is None
    assert "فیلترها درست نیستند" in response.content.decode()


def test_registry_htmx_returns_only_the_results(client, net, registry):
    client.force_login(net.tehran_viewer)
    response = client.get(PARTNERS, {"kind": "ngo"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="results"')
    assert "انجمن نابینایان" in html
    assert "خبرگزاری ایرنا" not in html


def test_registry_queries_do_not_grow(client, net, django_assert_max_num_queries):
    domains = list(Domain.objects.all())
    for number in range(40):
        partner = PartnerFactory.create(name=f"همکار {number:02d}", owner_unit=net.kashan)
        partner.domains.set(domains)
    client.force_login(net.tehran_viewer)
    with django_assert_max_num_queries(10):
        response = client.get(PARTNERS)
    assert len(listed(response)) == 30
    assert response.context["pagination"].page.paginator.count == 40


# --- Detail --------------------------------------------------------------------------------


def test_partner_page_shows_details_and_contacts(client, net, registry):
    client.force_login(net.isfahan_editor)
    response = client.get(reverse("org:partner", args=[registry["media"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "IRNA" in html
    assert "علی رضایی" in html
    assert 'href="tel:02188776655"' in html
    # Isfahan does not maintain Tehran's partners.
    assert reverse("org:partner_edit", args=[registry["media"].pk]) not in html
    assert reverse("org:partner_contact_add", args=[registry["media"].pk]) not in html


def test_partner_page_offers_editing_to_the_owner_units_editors(client, net, registry):
    client.force_login(net.tehran_editor)
    html = client.get(reverse("org:partner", args=[registry["ngo"].pk])).content.decode()
    assert reverse("org:partner_edit", args=[registry["ngo"].pk]) in html
    assert reverse("org:partner_contact_add", args=[registry["ngo"].pk]) in html


def test_unknown_partner_is_404(client, net):
    client.force_login(net.tehran_editor)
    assert client.get(reverse("org:partner", args=[999])).status_code == 404
    assert client.get(reverse("org:partner_edit", args=[999])).status_code == 404


# --- Create --------------------------------------------------------------------------------


def partner_data(**overrides):
    data = {
        "name": "سازمان بهزیستی استان",
        "name_en": "Welfare Organization",
        "kind": Partner.Kind.AGENCY,
        "domains": [Domain.Code.INTER_AGENCY],
        "owner_unit": "tehran",
        "country": "ایران",
        "website": "https://example.org",
        "description": "همکاری در پوشش خبری رویدادهای توانمندسازی.",
    }
    data.update(overrides)
    return data


def test_an_editor_registers_a_partner_for_their_unit(client, net):
    client.force_login(net.tehran_editor)
    page = client.get(reverse("org:partner_create"))
    assert page.status_code == 200
    html = page.content.decode()
    # The owner unit select offers Tehran and its county only.
    assert 'value="tehran"' in html
    assert 'value="shemiranat"' in html
    assert 'value="isfahan"' not in html
    assert 'value="hq"' not in html

    response = client.post(reverse("org:partner_create"), partner_data())

    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("org:partner", args=[partner.pk])
    assert partner.owner_unit == net.tehran
    assert partner.name_en == "Welfare Organization"
    assert list(partner.domains.values_list("code", flat=True)) == ["inter_agency"]
    assert AuditEntry.objects.filter(action="org.partner.create").count() == 1


def test_a_reporter_cannot_register_partners(client, net):
    client.force_login(net.tehran_reporter)
    assert client.get(reverse("org:partner_create")).status_code == 403
    assert client.post(reverse("org:partner_create"), partner_data()).status_code == 403
    assert not Partner.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_editor_cannot_register_for_another_province(client, net):
    client.force_login(net.isfahan_editor)
    response = client.post(reverse("org:partner_create"), partner_data(owner_unit="tehran"))
    assert response.status_code == 403
    assert not Partner.objects.exists()
    assert not AuditEntry.objects.exists()


def test_bad_partner_input_shows_errors_and_creates_nothing(client, net):
    client.force_login(net.tehran_editor)
    response = client.post(
        reverse("org:partner_create"),
        partner_data(name="", website="not a url", domains=["galaxy"], owner_unit="atlantis"),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "website", "domains", "owner_unit"}
    assert "این فیلد لازم است" in response.content.decode()
    assert not Partner.objects.exists()


# --- Edit ----------------------------------------------------------------------------------


def test_an_editor_updates_a_partner_of_their_subtree(client, net, registry):
    ngo = registry["ngo"]
    client.force_login(net.tehran_editor)
    url = reverse("org:partner_edit", args=[ngo.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="انجمن نابینایان"' in form.content.decode()

    response = client.post(
        url,
        partner_data(name="انجمن نابینایان ایران", kind="ngo", domains=["pr_network"]),
    )

    assert response.status_code == 302
    ngo.refresh_from_db()
    assert ngo.name == "انجمن نابینایان ایران"
    assert not ngo.is_active  # the box was not ticked
    assert list(ngo.domains.values_list("code", flat=True)) == ["pr_network"]
    assert ngo.owner_unit == net.shemiranat  # not changed by an edit
    entry = AuditEntry.objects.get(action="org.partner.update")
    assert entry.changes["name"] == ["انجمن نابینایان", "انجمن نابینایان ایران"]


@pytest.mark.parametrize("actor", ["isfahan_editor", "tehran_reporter", "shemiranat_head"])
def test_editing_a_partner_is_refused_outside_the_owner_subtree(client, net, registry, actor):
    media = registry["media"]  # owned by Tehran: not Isfahan's, not the county's
    client.force_login(getattr(net, actor))
    url = reverse("org:partner_edit", args=[media.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, partner_data(name="تغییر نابجا")).status_code == 403

    media.refresh_from_db()
    assert media.name == "خبرگزاری ایرنا"
    assert media.kind == Partner.Kind.MEDIA
    assert list(media.domains.values_list("code", flat=True)) == ["extra_agency"]
    assert not AuditEntry.objects.exists()


def test_bad_edit_changes_nothing(client, net, registry):
    media = registry["media"]
    client.force_login(net.tehran_editor)
    response = client.post(
        reverse("org:partner_edit", args=[media.pk]), partner_data(kind="spaceship")
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    media.refresh_from_db()
    assert media.name == "خبرگزاری ایرنا"
    assert not AuditEntry.objects.exists()


# --- Contacts ------------------------------------------------------------------------------


def contact_data(**overrides):
    data = {
        "contact-name": "زهرا موسوی",
        "contact-position": "مدیر روابط عمومی",
        "contact-phone": "۰۲۱۶۶۵۵۴۴۳۳",
        "contact-email": "z.mousavi@example.org",
        "contact-notes": "",
    }
    data.update({f"contact-{key}": value for key, value in overrides.items()})
    return data


def test_an_editor_adds_and_removes_a_contact(client, net, registry):
    media = registry["media"]
    client.force_login(net.tehran_editor)

    response = client.post(reverse("org:partner_contact_add", args=[media.pk]), contact_data())
    assert response.status_code == 302
    contact = media.contacts.get(name="زهرا موسوی")
    assert contact.phone == "02166554433"

    response = client.post(
        reverse("org:partner_contact_remove", args=[media.pk, contact.pk]), headers=HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="contacts"')
    assert "حذف شد" in html
    assert not media.contacts.filter(pk=contact.pk).exists()
    assert AuditEntry.objects.filter(action__startswith="org.partner.contact_").count() == 2


def test_contact_add_with_htmx_shows_errors_in_place(client, net, registry):
    media = registry["media"]
    client.force_login(net.tehran_editor)
    response = client.post(
        reverse("org:partner_contact_add", args=[media.pk]),
        contact_data(name="", email="bad"),
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "این فیلد لازم است" in html
    assert media.contacts.count() == 1


def test_contacts_are_refused_to_other_units(client, net, registry):
    media = registry["media"]
    existing = media.contacts.get()
    client.force_login(net.isfahan_editor)

    assert (
        client.post(reverse("org:partner_contact_add", args=[media.pk]), contact_data())
    ).status_code == 403
    assert (
        client.post(reverse("org:partner_contact_remove", args=[media.pk, existing.pk]))
    ).status_code == 403

    assert list(media.contacts.all()) == [existing]
    assert not AuditEntry.objects.exists()


def test_a_contact_of_another_partner_is_404(client, net, registry):
    client.force_login(net.tehran_editor)
    other = registry["media"].contacts.get()
    url = reverse("org:partner_contact_remove", args=[registry["ngo"].pk, other.pk])
    assert client.post(url).status_code == 404
    assert PartnerContact.objects.filter(pk=other.pk).exists()
