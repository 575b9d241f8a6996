"""The people directory, profile pages, editing a profile and (de)activating an account."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hamafza.common.models import AuditEntry
from hamafza.org.models import Language, Membership, Role, Skill
from hamafza.org.tests.factories import UserFactory

HTMX = {"HX-Request": "true"}
PEOPLE = reverse("org:people")


def found(response) -> set[str]:
    """Usernames on the current page of directory results."""
    assert response.status_code == 200
    return {person.username for person in response.context["pagination"].items}


def person_url(user, name: str = "org:person") -> str:
    return reverse(name, args=[user.username])


# --- Directory -----------------------------------------------------------------------------


def test_who_can_shoot_video_in_khorasan_razavi(client, net):
    """A province filter covers its counties: the Neyshabur reporter is found."""
    client.force_login(net.isfahan_editor)
    response = client.get(PEOPLE, {"province": "khorasan-razavi", "skill": "video"})
    assert found(response) == {"khorasan.video"}
    html = response.content.decode()
    assert "رضا فیلم‌بردار" in html
    assert "شهرستان نیشابور" in html
    assert "فیلم‌برداری و تدوین" in html

    assert found(client.get(PEOPLE, {"province": "isfahan", "skill": "video"})) == set()
    assert found(client.get(PEOPLE, {"province": "khorasan-razavi", "skill": "photo"})) == set()


def test_role_filter(client, net):
    client.force_login(net.tehran_reporter)
    heads = {"tehran.head", "shemiranat.head", "isfahan.head"}
    assert found(client.get(PEOPLE, {"role": Role.HEAD})) == heads
    # With a unit, the role must be held there (or below), not anywhere in the network.
    assert found(client.get(PEOPLE, {"role": Role.HEAD, "unit": "tehran"})) == {
        "tehran.head",
        "shemiranat.head",
    }


def test_unit_with_and_without_sub_units(client, net):
    client.force_login(net.tehran_reporter)
    tehran_only = {"tehran.head", "tehran.editor", "tehran.reporter", "tehran.viewer"}
    with_counties = tehran_only | {"shemiranat.head", "shemiranat.reporter"}

    # Sub-units are included by default (a link such as ?unit=tehran) …
    assert found(client.get(PEOPLE, {"unit": "tehran"})) == with_counties
    # … and when the form is sent with the box ticked …
    assert found(client.get(PEOPLE, {"unit": "tehran", "subunits": "on", "filtered": "1"})) == (
        with_counties
    )
    # … but not when it is sent unticked.
    assert found(client.get(PEOPLE, {"unit": "tehran", "filtered": "1"})) == tehran_only


def test_unit_and_province_together_mean_both(client, net):
    client.force_login(net.tehran_reporter)
    assert found(client.get(PEOPLE, {"unit": "neyshabur", "province": "khorasan-razavi"})) == {
        "khorasan.video"
    }
    assert found(client.get(PEOPLE, {"unit": "hq", "province": "khorasan-razavi"})) == {
        "khorasan.video"
    }
    assert found(client.get(PEOPLE, {"unit": "tehran", "province": "khorasan-razavi"})) == set()
    # HQ itself, without its sub-units, is not in a province.
    assert (
        found(client.get(PEOPLE, {"unit": "hq", "province": "isfahan", "filtered": "1"})) == set()
    )


def test_search_by_persian_name_title_and_phone(client, net):
    net.tehran_reporter.first_name, net.tehran_reporter.last_name = "مریم", "احمدی"
    net.tehran_reporter.save()
    net.isfahan_editor.profile.title = "کارشناس شبکه‌های اجتماعی"
    net.isfahan_editor.profile.phone = "03132221100"
    net.isfahan_editor.profile.save()
    client.force_login(net.tehran_viewer)

    assert found(client.get(PEOPLE, {"q": "احمدی"})) == {"tehran.reporter"}
    assert found(client.get(PEOPLE, {"q": "  مریم   احمدی "})) == {"tehran.reporter"}
    assert found(client.get(PEOPLE, {"q": "شبکه‌های اجتماعی"})) == {"isfahan.editor"}
    assert found(client.get(PEOPLE, {"q": "۰۳۱۳۲۲۲"})) == {"isfahan.editor"}
    assert found(client.get(PEOPLE, {"q": "کسی که نیست"})) == set()


def test_skill_and_language_filters(client, net):
    net.isfahan_editor.profile.languages.add(Language.objects.get(code="ar"))
    client.force_login(net.tehran_viewer)
    assert found(client.get(PEOPLE, {"language": "ar"})) == {"isfahan.editor"}
    assert found(client.get(PEOPLE, {"skill": "video"})) == {"khorasan.video"}


def test_person_card_shows_what_colleagues_need(client, net):
    profile = net.isfahan_editor.profile
    profile.title = "دبیر خبر استان"
    profile.phone = "03132221100"
    profile.save()
    profile.skills.add(Skill.objects.get(code="photo"))
    profile.languages.add(Language.objects.get(code="en"))
    client.force_login(net.tehran_viewer)

    html = client.get(PEOPLE, {"unit": "isfahan"}).content.decode()

    assert "دبیر خبر استان" in html
    assert 'href="tel:03132221100"' in html
    assert "۰۳۱۳۲۲۲۱۱۰۰" in html
    assert "عکاسی" in html
    assert "انگلیسی" in html
    assert "استان اصفهان" in html
    assert "دبیر" in html
    assert person_url(net.isfahan_editor) in html


def test_a_bad_filter_value_is_an_error_not_a_crash(client, net):
    client.force_login(net.tehran_viewer)
    response = client.get(PEOPLE, {"unit": "no-such-unit", "role": "boss"})
    assert response.status_code == 200
    assert response.context["pagination"] is None
    assert "فیلترها درست نیستند" in response.content.decode()


def test_htmx_gets_only_the_results(client, net):
    client.force_login(net.tehran_viewer)
    response = client.get(PEOPLE, {"skill": "video"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="results"')
    assert "رضا فیلم‌بردار" in html
    assert "HX-Request" in response["Vary"]

    # The back button (history restore, htmx's cache being off) needs the whole page.
    restore = client.get(PEOPLE, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_the_form_works_without_and_with_htmx(client, net):
    client.force_login(net.tehran_viewer)
    html = client.get(PEOPLE).content.decode()
    assert 'method="get"' in html
    assert f'hx-get="{PEOPLE}"' in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    assert "delay:" in html


@pytest.fixture
def crowd(net):
    """30 more reporters in Shemiranat, each with skills, languages and two roles."""
    skills = list(Skill.objects.all()[:3])
    languages = list(Language.objects.all()[:2])
    people = []
    for number in range(30):
        person = UserFactory.create(username=f"crowd{number:02d}", last_name=f"جمع {number:02d}")
        Membership.objects.create(user=person, unit=net.shemiranat, role=Role.REPORTER)
        Membership.objects.create(user=person, unit=net.tehran, role=Role.VIEWER)
        person.profile.skills.set(skills)
        person.profile.languages.set(languages)
        people.append(person)
    return people


def test_directory_is_paginated_with_persian_page_numbers(client, net, crowd):
    client.force_login(net.tehran_viewer)
    first = client.get(PEOPLE, {"unit": "shemiranat"})
    assert len(found(first)) == 24
    assert first.context["pagination"].page.paginator.count == 32
    html = first.content.decode()
    assert "?unit=shemiranat&amp;page=2" in html
    assert ">۲</a>" in html

    second = client.get(PEOPLE, {"unit": "shemiranat", "page": "۲"})
    assert len(found(second)) == 8
    assert found(first).isdisjoint(found(second))
    # A page past the end shows the last one rather than an error.
    assert found(client.get(PEOPLE, {"unit": "shemiranat", "page": "99"})) == found(second)


def test_directory_queries_do_not_grow_with_the_people_shown(
    client, net, crowd, django_assert_max_num_queries
):
    client.force_login(net.tehran_viewer)
    with django_assert_max_num_queries(15):
        response = client.get(PEOPLE)
    assert len(found(response)) == 24
    skill = crowd[0].profile.skills.first().code
    with django_assert_max_num_queries(13):
        response = client.get(PEOPLE, {"skill": skill}, headers=HTMX)
    assert len(found(response)) == 24


def test_only_managers_may_list_deactivated_accounts(client, net):
    net.shemiranat_reporter.is_active = False
    net.shemiranat_reporter.save()

    client.force_login(net.tehran_reporter)
    response = client.get(PEOPLE, {"inactive": "on", "filtered": "1"})
    assert "shemiranat.reporter" not in found(response)
    assert 'name="inactive"' not in response.content.decode()

    client.force_login(net.tehran_head)
    assert 'name="inactive"' in client.get(PEOPLE).content.decode()
    assert "shemiranat.reporter" not in found(client.get(PEOPLE))
    response = client.get(PEOPLE, {"inactive": "on", "filtered": "1", "subunits": "on"})
    assert "shemiranat.reporter" in found(response)
    assert "غیرفعال" in response.content.decode()


# --- Profile page --------------------------------------------------------------------------


def test_profile_page_shows_the_person(client, net):
    profile = net.khorasan_video.profile
    profile.title = "خبرنگار تصویری"
    profile.bio = "ده سال تجربه مستندسازی."
    profile.save()
    client.force_login(net.isfahan_editor)

    response = client.get(person_url(net.khorasan_video))

    html = response.content.decode()
    assert response.status_code == 200
    assert "خبرنگار تصویری" in html
    assert "ده سال تجربه" in html
    assert "فیلم‌برداری و تدوین" in html
    assert "شهرستان نیشابور" in html
    assert "khorasan.video@example.org" in html
    # A colleague in another province neither edits nor deactivates.
    assert person_url(net.khorasan_video, "org:person_edit") not in html
    assert person_url(net.khorasan_video, "org:person_set_active") not in html


def test_profile_page_of_nobody_is_404(client, net):
    client.force_login(net.tehran_viewer)
    assert client.get(reverse("org:person", args=["nobody"])).status_code == 404


def test_profile_page_offers_edit_to_self_and_manager_and_deactivation_to_manager(client, net):
    client.force_login(net.shemiranat_reporter)
    html = client.get(person_url(net.shemiranat_reporter)).content.decode()
    assert person_url(net.shemiranat_reporter, "org:person_edit") in html
    assert person_url(net.shemiranat_reporter, "org:person_set_active") not in html

    client.force_login(net.tehran_head)
    html = client.get(person_url(net.shemiranat_reporter)).content.decode()
    assert person_url(net.shemiranat_reporter, "org:person_edit") in html
    assert person_url(net.shemiranat_reporter, "org:person_set_active") in html
    assert "hx-confirm=" in html


# --- Deactivate and reactivate -------------------------------------------------------------


def set_active_url(user) -> str:
    return person_url(user, "org:person_set_active")


def test_a_head_deactivates_and_reactivates_someone_below(client, net):
    client.force_login(net.tehran_head)
    target = net.shemiranat_reporter

    response = client.post(set_active_url(target), {"action": "deactivate"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert AuditEntry.objects.filter(action="org.member.deactivate").count() == 1

    response = client.post(set_active_url(target), {"action": "activate"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="person-status"' in html
    assert "دوباره فعال شد" in html
    target.refresh_from_db()
    assert target.is_active


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ("tehran_editor", "tehran_reporter"),  # not a manager
        ("isfahan_head", "shemiranat_reporter"),  # another province
        ("shemiranat_head", "tehran_reporter"),  # above the county
        ("tehran_head", "hq_editor"),  # HQ
    ],
)
def test_deactivation_is_refused_outside_what_one_manages(client, net, actor, target):
    target_user = getattr(net, target)
    client.force_login(getattr(net, actor))
    audit_rows = AuditEntry.objects.count()

    response = client.post(set_active_url(target_user), {"action": "deactivate"})

    assert response.status_code == 403
    target_user.refresh_from_db()
    assert target_user.is_active
    assert AuditEntry.objects.count() == audit_rows


def test_a_head_cannot_deactivate_someone_who_also_works_outside_their_units(client, net):
    Membership.objects.create(user=net.shemiranat_reporter, unit=net.tehran, role=Role.REPORTER)
    client.force_login(net.shemiranat_head)
    audit_rows = AuditEntry.objects.count()

    html = client.get(person_url(net.shemiranat_reporter)).content.decode()
    assert set_active_url(net.shemiranat_reporter) not in html
    response = client.post(set_active_url(net.shemiranat_reporter), {"action": "deactivate"})

    assert response.status_code == 403
    net.shemiranat_reporter.refresh_from_db()
    assert net.shemiranat_reporter.is_active
    assert AuditEntry.objects.count() == audit_rows


def test_nobody_deactivates_themselves(client, net):
    client.force_login(net.tehran_head)
    response = client.post(set_active_url(net.tehran_head), {"action": "deactivate"}, follow=True)
    net.tehran_head.refresh_from_db()
    assert net.tehran_head.is_active
    assert "نمی‌توانید حساب خودتان را غیرفعال کنید" in response.content.decode()


def test_set_active_accepts_only_post(client, net):
    client.force_login(net.tehran_head)
    assert client.get(set_active_url(net.shemiranat_reporter)).status_code == 405


# --- Editing a profile ---------------------------------------------------------------------


def edit_data(**overrides):
    data = {
        "first_name": "مریم",
        "last_name": "احمدی",
        "email": "maryam@example.org",
        "title": "کارشناس عکس",
        "phone": "۰۲۱۲۲۳۳۴۴۵۵",
        "bio": "عکاس خبری.",
        "skills": ["photo", "writing"],
        "languages": ["fa", "en"],
    }
    data.update(overrides)
    return data


def test_a_person_edits_their_own_profile(client, net):
    client.force_login(net.tehran_reporter)
    url = person_url(net.tehran_reporter, "org:person_edit")
    assert client.get(url).status_code == 200

    response = client.post(url, edit_data())

    assert response.status_code == 302
    assert response["Location"] == person_url(net.tehran_reporter)
    net.tehran_reporter.refresh_from_db()
    profile = net.tehran_reporter.profile
    profile.refresh_from_db()
    assert net.tehran_reporter.get_full_name() == "مریم احمدی"
    assert profile.title == "کارشناس عکس"
    assert profile.phone == "02122334455"  # stored with ASCII digits
    assert set(profile.skills.values_list("code", flat=True)) == {"photo", "writing"}
    assert set(profile.languages.values_list("code", flat=True)) == {"fa", "en"}
    assert AuditEntry.objects.filter(action="org.profile.update").count() == 1


def test_a_manager_edits_a_profile_below(client, net):
    client.force_login(net.tehran_head)
    url = person_url(net.shemiranat_reporter, "org:person_edit")
    assert client.post(url, edit_data(title="خبرنگار")).status_code == 302
    net.shemiranat_reporter.profile.refresh_from_db()
    assert net.shemiranat_reporter.profile.title == "خبرنگار"


@pytest.mark.parametrize(
    ("actor", "target"),
    [("tehran_editor", "tehran_reporter"), ("isfahan_head", "shemiranat_reporter")],
)
def test_editing_someone_elses_profile_is_refused(client, net, actor, target):
    target_user = getattr(net, target)
    client.force_login(getattr(net, actor))
    url = person_url(target_user, "org:person_edit")
    audit_rows = AuditEntry.objects.count()

    assert client.get(url).status_code == 403
    assert client.post(url, edit_data()).status_code == 403

    target_user.refresh_from_db()
    target_user.profile.refresh_from_db()
    assert target_user.first_name == "کاربر"
    assert target_user.profile.title == ""
    assert not target_user.profile.skills.exists()
    assert AuditEntry.objects.count() == audit_rows


def test_bad_profile_input_changes_nothing(client, net):
    client.force_login(net.tehran_reporter)
    url = person_url(net.tehran_reporter, "org:person_edit")

    response = client.post(url, edit_data(email="not-an-address", title="x" * 300))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "title"}
    assert "یک ایمیل آدرس معتبر وارد کنید" in response.content.decode()
    net.tehran_reporter.refresh_from_db()
    net.tehran_reporter.profile.refresh_from_db()
    assert net.tehran_reporter.email == "tehran.reporter@example.org"
    assert net.tehran_reporter.profile.title == ""
    assert not AuditEntry.objects.filter(action="org.profile.update").exists()


def png_with_exif() -> SimpleUploadedFile:
    image = Image.new("RGB", (900, 600), (30, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x8825] = {2: (35.0, 41.0, 0.0)}  # GPS info: where the photo was taken
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()  # the upload does carry EXIF
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_a_photo_upload_becomes_a_jpeg_without_exif(client, net):
    client.force_login(net.tehran_reporter)
    url = person_url(net.tehran_reporter, "org:person_edit")

    response = client.post(url, {**edit_data(), "photo": png_with_exif()})

    assert response.status_code == 302
    profile = net.tehran_reporter.profile
    profile.refresh_from_db()
    assert profile.photo.name.endswith(".jpg")
    with profile.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= 512
        assert not image.getexif()
        assert "exif" not in image.info
    html = client.get(person_url(net.tehran_reporter)).content.decode()
    assert profile.photo.url in html

    # Removing it leaves the initials avatar.
    client.post(url, {**edit_data(), "remove_photo": "on"})
    profile.refresh_from_db()
    assert not profile.photo


def test_a_file_that_is_not_an_image_is_refused(client, net):
    client.force_login(net.tehran_reporter)
    url = person_url(net.tehran_reporter, "org:person_edit")
    fake = SimpleUploadedFile("me.png", b"not really a picture", content_type="image/png")

    response = client.post(url, {**edit_data(), "photo": fake})

    assert response.status_code == 200
    assert "عکس معتبری نیست" in response.content.decode()
    net.tehran_reporter.profile.refresh_from_db()
    assert not net.tehran_reporter.profile.photo
    assert net.tehran_reporter.profile.title == ""
