"""The unit tree, a unit's page, and managing its members: create, add, roles, deactivate."""

import pytest
from django.urls import reverse

from hamafza.accounts.models import User
from hamafza.common.models import AuditEntry
from hamafza.org.models import Membership, Role, Unit
from hamafza.org.tests.factories import UnitFactory, UserFactory

HTMX = {"HX-Request": "true"}


def unit_url(unit, name: str = "org:unit", *args: str) -> str:
    return reverse(name, args=[unit.slug, *args])


def roles_of(user, unit) -> set[str]:
    return set(Membership.objects.filter(user=user, unit=unit).values_list("role", flat=True))


# --- Tree ----------------------------------------------------------------------------------


def test_tree_lists_units_indented_with_member_counts(client, net):
    net.tehran_viewer.is_active = False
    net.tehran_viewer.save()
    client.force_login(net.shemiranat_reporter)

    response = client.get(reverse("org:units"))

    assert response.status_code == 200
    units = {unit.slug: unit for unit in response.context["units"]}
    order = [unit.slug for unit in response.context["units"]]
    assert order[0] == "hq"
    assert order.index("shemiranat") == order.index("tehran") + 1  # depth first
    assert units["tehran"].member_count == 3  # head, editor, reporter; the viewer is inactive
    assert units["shemiranat"].member_count == 2
    assert units["hq-pr"].member_count == 1
    assert units["kashan"].member_count == 0
    html = response.content.decode()
    assert 'class="tree-row depth-2' in html  # counties under provinces under HQ
    assert "۳ عضو" in html


def test_tree_marks_what_the_viewer_manages(client, net):
    client.force_login(net.tehran_head)
    units = {unit.slug: unit for unit in client.get(reverse("org:units")).context["units"]}
    assert units["tehran"].is_managed
    assert units["shemiranat"].is_managed
    assert not units["isfahan"].is_managed
    assert not units["hq"].is_managed
    assert units["tehran"].manages_from_here
    assert not units["shemiranat"].manages_from_here  # marked once, at the top


def test_tree_queries_do_not_grow_with_units_and_people(client, net, django_assert_max_num_queries):
    for number in range(30):
        county = UnitFactory.create(slug=f"county-{number}", parent=net.isfahan)
        Membership.objects.create(
            user=UserFactory.create(username=f"member{number}"), unit=county, role=Role.REPORTER
        )
    client.force_login(net.isfahan_editor)
    with django_assert_max_num_queries(9):  # 8, and the comments awaiting moderation
        response = client.get(reverse("org:units"))
    assert len(response.context["units"]) == 38


# --- Unit page -----------------------------------------------------------------------------


def test_unit_page_shows_info_parent_sub_units_and_members(client, net):
    client.force_login(net.isfahan_editor)
    response = client.get(unit_url(net.tehran))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ستاد سازمان" in html  # parent
    assert unit_url(net.shemiranat) in html  # sub-unit
    for person in (net.tehran_head, net.tehran_editor, net.tehran_reporter, net.tehran_viewer):
        assert reverse("org:person", args=[person.username]) in html
    assert "shemiranat.reporter" not in html  # members of the county are on its own page
    # Not a manager here: no forms.
    assert unit_url(net.tehran, "org:unit_member_create") not in html
    assert unit_url(net.tehran, "org:unit_member_roles", "tehran.reporter") not in html


def test_unit_page_offers_management_to_its_heads(client, net):
    client.force_login(net.tehran_head)
    html = client.get(unit_url(net.shemiranat)).content.decode()
    assert unit_url(net.shemiranat, "org:unit_member_create") in html
    assert unit_url(net.shemiranat, "org:unit_membership_add") in html
    assert unit_url(net.shemiranat, "org:unit_member_roles", "shemiranat.reporter") in html
    assert unit_url(net.shemiranat, "org:unit_member_active", "shemiranat.reporter") in html
    assert "فراموشی گذرواژه" in html  # the help text of the optional password
    # A head may grant reporter/editor/head/viewer here, not admin or HQ editor.
    grantable = {
        value for value, _label in client.get(unit_url(net.shemiranat)).context["grantable"]
    }
    assert grantable == {Role.REPORTER, Role.EDITOR, Role.HEAD, Role.VIEWER}


def test_unknown_unit_is_404(client, net):
    client.force_login(net.tehran_head)
    assert client.get(reverse("org:unit", args=["nowhere"])).status_code == 404
    assert client.post(reverse("org:unit_member_create", args=["nowhere"])).status_code == 404


def test_unit_page_queries_do_not_grow_with_members(client, net, django_assert_max_num_queries):
    for number in range(30):
        person = UserFactory.create(username=f"member{number}")
        Membership.objects.create(user=person, unit=net.shemiranat, role=Role.REPORTER)
        Membership.objects.create(user=person, unit=net.shemiranat, role=Role.EDITOR)
    client.force_login(net.tehran_head)
    with django_assert_max_num_queries(13):  # 12, and the comments awaiting moderation
        response = client.get(unit_url(net.shemiranat))
    assert len(response.context["rows"]) == 32


# --- Creating a member ---------------------------------------------------------------------


def new_member(**overrides):
    data = {
        "new-username": "Sara.Karimi",
        "new-first_name": "سارا",
        "new-last_name": "کریمی",
        "new-email": "sara@example.org",
        "new-role": Role.REPORTER,
        "new-password": "",
    }
    data.update({f"new-{key}": value for key, value in overrides.items()})
    return data


def test_a_province_head_adds_a_reporter_to_a_county(client, net):
    client.force_login(net.tehran_head)

    response = client.post(unit_url(net.shemiranat, "org:unit_member_create"), new_member())

    assert response.status_code == 302
    assert response["Location"] == unit_url(net.shemiranat)
    sara = User.objects.get(username="sara.karimi")
    assert sara.get_full_name() == "سارا کریمی"
    assert not sara.has_usable_password()  # signs in after a password reset
    assert roles_of(sara, net.shemiranat) == {Role.REPORTER}
    assert AuditEntry.objects.filter(action="org.member.create").count() == 1
    page = client.get(unit_url(net.shemiranat)).content.decode()
    assert "سارا کریمی" in page
    assert "ساخته شد" in page


def test_a_new_member_may_get_an_initial_password(client, net):
    client.force_login(net.tehran_head)
    client.post(
        unit_url(net.tehran, "org:unit_member_create"),
        new_member(password="kavir-sabz-1405-long"),
    )
    assert User.objects.get(username="sara.karimi").check_password("kavir-sabz-1405-long")


def test_member_create_with_htmx_returns_the_members_partial(client, net):
    client.force_login(net.tehran_head)
    response = client.post(
        unit_url(net.shemiranat, "org:unit_member_create"), new_member(), headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="members"')
    assert "سارا کریمی" in html
    assert "message-success" in html


@pytest.mark.parametrize(
    ("actor", "unit", "role"),
    [
        ("isfahan_head", "shemiranat", Role.REPORTER),  # another province
        ("shemiranat_head", "tehran", Role.REPORTER),  # above the county
        ("tehran_editor", "tehran", Role.REPORTER),  # editors do not manage members
        ("tehran_head", "tehran", Role.ADMIN),  # only admins grant admin
        ("tehran_head", "hq_pr", Role.HQ_EDITOR),  # HQ is not Tehran's to manage
    ],
)
def test_member_create_refusals_create_nobody(client, net, actor, unit, role):
    client.force_login(getattr(net, actor))
    users, audit_rows = User.objects.count(), AuditEntry.objects.count()

    response = client.post(
        unit_url(getattr(net, unit), "org:unit_member_create"), new_member(role=role)
    )

    assert response.status_code == 403
    assert User.objects.count() == users
    assert not User.objects.filter(username="sara.karimi").exists()
    assert AuditEntry.objects.count() == audit_rows


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "sara karimi"}, "نام کاربری فقط می‌تواند حروف لاتین"),
        ({"username": "Tehran.Reporter"}, "این نام کاربری قبلاً گرفته شده است"),
        ({"first_name": "", "last_name": ""}, "نام و نام خانوادگی عضو را بنویسید"),
        ({"email": "sara-at-example"}, "ایمیل آدرس معتبر"),
        ({"password": "123"}, "گذرواژه"),
        ({"role": "boss"}, "انتخاب"),
    ],
)
def test_bad_member_input_shows_errors_and_creates_nobody(client, net, overrides, message):
    client.force_login(net.tehran_head)
    users, memberships = User.objects.count(), Membership.objects.count()

    response = client.post(unit_url(net.tehran, "org:unit_member_create"), new_member(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["create_form"].errors
    assert User.objects.count() == users
    assert Membership.objects.count() == memberships


def test_bad_member_input_with_htmx_keeps_what_was_typed(client, net):
    client.force_login(net.tehran_head)
    response = client.post(
        unit_url(net.tehran, "org:unit_member_create"),
        new_member(username="tehran.reporter"),
        headers=HTMX,
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "قبلاً گرفته شده" in html
    assert 'value="کریمی"' in html


# --- Adding an existing person -------------------------------------------------------------


def test_a_head_adds_an_existing_person_to_a_unit(client, net):
    client.force_login(net.tehran_head)
    response = client.post(
        unit_url(net.shemiranat, "org:unit_membership_add"),
        {"add-username": "ISFAHAN.editor", "add-role": Role.EDITOR},
    )
    assert response.status_code == 302
    assert roles_of(net.isfahan_editor, net.shemiranat) == {Role.EDITOR}
    assert roles_of(net.isfahan_editor, net.isfahan) == {Role.EDITOR}  # untouched


def test_adding_an_unknown_person_is_an_error(client, net):
    client.force_login(net.tehran_head)
    memberships = Membership.objects.count()
    response = client.post(
        unit_url(net.shemiranat, "org:unit_membership_add"),
        {"add-username": "nobody", "add-role": Role.REPORTER},
    )
    assert response.status_code == 200
    assert "کاربری با این نام کاربری پیدا نشد" in response.content.decode()
    assert Membership.objects.count() == memberships


@pytest.mark.parametrize(
    ("actor", "unit", "role"),
    [
        ("shemiranat_head", "tehran", Role.REPORTER),
        ("isfahan_head", "shemiranat", Role.REPORTER),
        ("tehran_head", "tehran", Role.ADMIN),
        ("tehran_viewer", "tehran", Role.REPORTER),
    ],
)
def test_adding_an_existing_person_refused(client, net, actor, unit, role):
    client.force_login(getattr(net, actor))
    memberships, audit_rows = Membership.objects.count(), AuditEntry.objects.count()
    response = client.post(
        unit_url(getattr(net, unit), "org:unit_membership_add"),
        {"add-username": "khorasan.video", "add-role": role},
    )
    assert response.status_code == 403
    assert Membership.objects.count() == memberships
    assert AuditEntry.objects.count() == audit_rows


# --- Roles ---------------------------------------------------------------------------------


def roles_url(unit, user) -> str:
    return unit_url(unit, "org:unit_member_roles", user.username)


def test_a_head_changes_a_members_roles(client, net):
    client.force_login(net.tehran_head)
    response = client.post(
        roles_url(net.tehran, net.tehran_reporter), {"roles": [Role.REPORTER, Role.EDITOR]}
    )
    assert response.status_code == 302
    assert roles_of(net.tehran_reporter, net.tehran) == {Role.REPORTER, Role.EDITOR}

    response = client.post(
        roles_url(net.tehran, net.tehran_reporter), {"roles": [Role.EDITOR]}, headers=HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="members"' in html
    assert roles_of(net.tehran_reporter, net.tehran) == {Role.EDITOR}


def test_unticking_every_role_removes_the_member_from_the_unit(client, net):
    client.force_login(net.tehran_head)
    response = client.post(roles_url(net.shemiranat, net.shemiranat_reporter), {}, follow=True)
    assert roles_of(net.shemiranat_reporter, net.shemiranat) == set()
    assert "دیگر عضو این واحد نیست" in response.content.decode()


def test_a_county_head_cannot_grant_roles_in_the_province(client, net):
    client.force_login(net.shemiranat_head)
    audit_rows = AuditEntry.objects.count()
    response = client.post(
        roles_url(net.tehran, net.tehran_reporter), {"roles": [Role.REPORTER, Role.HEAD]}
    )
    assert response.status_code == 403
    assert roles_of(net.tehran_reporter, net.tehran) == {Role.REPORTER}
    assert AuditEntry.objects.count() == audit_rows


def test_a_head_cannot_grant_admin_or_hq_editor(client, net):
    client.force_login(net.tehran_head)
    audit_rows = AuditEntry.objects.count()
    url = roles_url(net.tehran, net.tehran_reporter)

    # Not offered in the form; forged anyway, the service refuses.
    assert client.post(url, {"roles": [Role.REPORTER, Role.ADMIN]}).status_code == 403
    # HQ editor is refused as input first: the role exists only in HQ and its offices.
    response = client.post(url, {"roles": [Role.REPORTER, Role.HQ_EDITOR]}, headers=HTMX)
    assert "نقش دبیر ستاد فقط در ستاد" in response.content.decode()

    assert roles_of(net.tehran_reporter, net.tehran) == {Role.REPORTER}
    assert AuditEntry.objects.count() == audit_rows


def test_roles_the_actor_may_not_grant_are_kept(client, net):
    """An admin role given from above survives a head editing the other roles."""
    Membership.objects.create(user=net.shemiranat_reporter, unit=net.shemiranat, role=Role.ADMIN)
    client.force_login(net.tehran_head)
    page = client.get(unit_url(net.shemiranat))
    row = next(r for r in page.context["rows"] if r.user == net.shemiranat_reporter)
    assert row.locked_roles == [Role.ADMIN]

    client.post(roles_url(net.shemiranat, net.shemiranat_reporter), {"roles": [Role.EDITOR]})

    assert roles_of(net.shemiranat_reporter, net.shemiranat) == {Role.ADMIN, Role.EDITOR}


def test_hq_admin_grants_hq_editor_in_an_hq_office(client, net):
    client.force_login(net.hq_admin)
    client.post(roles_url(net.hq_pr, net.hq_editor), {"roles": [Role.HQ_EDITOR, Role.EDITOR]})
    assert roles_of(net.hq_editor, net.hq_pr) == {Role.HQ_EDITOR, Role.EDITOR}


def test_a_head_cannot_drop_their_own_head_role(client, net):
    client.force_login(net.tehran_head)
    response = client.post(
        roles_url(net.tehran, net.tehran_head), {"roles": [Role.EDITOR]}, headers=HTMX
    )
    assert response.status_code == 200
    assert "نمی‌توانید نقش مدیریتی خودتان را بردارید" in response.content.decode()
    assert roles_of(net.tehran_head, net.tehran) == {Role.HEAD}


def test_roles_of_someone_outside_the_unit_is_404(client, net):
    client.force_login(net.tehran_head)
    response = client.post(roles_url(net.tehran, net.shemiranat_reporter), {"roles": ["editor"]})
    assert response.status_code == 404
    assert roles_of(net.shemiranat_reporter, net.tehran) == set()


# --- Deactivating from the members table ---------------------------------------------------


def active_url(unit, user) -> str:
    return unit_url(unit, "org:unit_member_active", user.username)


def test_a_head_deactivates_a_member_from_the_table(client, net):
    client.force_login(net.tehran_head)
    response = client.post(
        active_url(net.shemiranat, net.shemiranat_reporter), {"action": "deactivate"}, headers=HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "غیرفعال شد" in html
    net.shemiranat_reporter.refresh_from_db()
    assert not net.shemiranat_reporter.is_active

    response = client.post(
        active_url(net.shemiranat, net.shemiranat_reporter), {"action": "activate"}
    )
    assert response.status_code == 302
    net.shemiranat_reporter.refresh_from_db()
    assert net.shemiranat_reporter.is_active


def test_a_county_head_cannot_deactivate_someone_who_also_works_for_the_province(client, net):
    Membership.objects.create(user=net.shemiranat_reporter, unit=net.tehran, role=Role.EDITOR)
    client.force_login(net.shemiranat_head)
    audit_rows = AuditEntry.objects.count()

    page = client.get(unit_url(net.shemiranat)).content.decode()
    assert active_url(net.shemiranat, net.shemiranat_reporter) not in page
    response = client.post(
        active_url(net.shemiranat, net.shemiranat_reporter), {"action": "deactivate"}
    )

    assert response.status_code == 403
    net.shemiranat_reporter.refresh_from_db()
    assert net.shemiranat_reporter.is_active
    assert AuditEntry.objects.count() == audit_rows


def test_deactivating_from_a_unit_one_does_not_manage_is_refused(client, net):
    client.force_login(net.isfahan_head)
    response = client.post(
        active_url(net.shemiranat, net.shemiranat_reporter), {"action": "deactivate"}
    )
    assert response.status_code == 403
    net.shemiranat_reporter.refresh_from_db()
    assert net.shemiranat_reporter.is_active


def test_member_actions_accept_only_post(client, net):
    client.force_login(net.tehran_head)
    assert client.get(unit_url(net.tehran, "org:unit_member_create")).status_code == 405
    assert client.get(active_url(net.tehran, net.tehran_reporter)).status_code == 405


def test_inactive_units_are_marked(client, net):
    Unit.objects.filter(pk=net.kashan.pk).update(is_active=False)
    client.force_login(net.isfahan_head)
    html = client.get(unit_url(net.kashan)).content.decode()
    assert "chip-danger" in html
