"""The access rules in ``hamafza.org.permissions``, one short test per rule and persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hamafza.org.models import Membership, Role, Unit
from hamafza.org.permissions import (
    access_audit_log,
    access_for,
    access_member,
    access_partner,
    access_staff,
    access_unit,
    forget_access,
)
from hamafza.org.tests.factories import MembershipFactory, PartnerFactory, UserFactory


def _ids(*units: Unit) -> set[int]:
    return {unit.pk for unit in units}


def _fresh(user):
    """The user as the next request loads it: no cached access."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def superuser(db):
    return UserFactory.create(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def tehran_admin(net):
    user = UserFactory.create(username="tehran.admin")
    MembershipFactory.create(user=user, unit=net.tehran, role=Role.ADMIN)
    return user


# --- The unit tree -------------------------------------------------------------------------


def test_tree_subtree_and_ancestors(net):
    tree = access_for(net.hq_admin).tree
    assert tree.subtree(net.tehran.pk) == _ids(net.tehran, net.shemiranat)
    assert tree.ancestors(net.shemiranat.pk) == [net.tehran.pk, net.hq.pk]
    assert tree.roots() == [net.hq.pk]


def test_tree_hq_side_is_hq_and_its_offices(net):
    tree = access_for(net.hq_admin).tree
    assert tree.is_hq_side(net.hq.pk)
    assert tree.is_hq_side(net.hq_pr.pk)
    assert not tree.is_hq_side(net.tehran.pk)


# --- Staff and managed units ---------------------------------------------------------------


def test_any_membership_makes_staff_even_a_viewer(net):
    assert access_for(net.tehran_viewer).is_staff_member


def test_outsider_is_not_staff(net):
    assert not access_for(net.outsider).is_staff_member


def test_head_manages_own_unit_and_below(net):
    assert access_for(net.tehran_head).managed_unit_ids() == _ids(net.tehran, net.shemiranat)


def test_county_head_manages_only_the_county(net):
    assert access_for(net.shemiranat_head).managed_unit_ids() == _ids(net.shemiranat)


@pytest.mark.parametrize("persona", ["tehran_editor", "tehran_reporter", "hq_editor"])
def test_non_managers_manage_nothing(net, persona):
    assert access_for(getattr(net, persona)).managed_unit_ids() == set()


def test_hq_admin_manages_every_unit(net):
    assert access_for(net.hq_admin).managed_unit_ids() == set(
        Unit.objects.values_list("pk", flat=True)
    )


def test_superuser_manages_every_unit_without_membership(superuser, net):
    access = access_for(superuser)
    assert access.is_staff_member
    assert access.managed_unit_ids() == set(Unit.objects.values_list("pk", flat=True))


def test_inactive_user_has_no_access(net):
    type(net.tehran_head).objects.filter(pk=net.tehran_head.pk).update(is_active=False)
    access = access_for(_fresh(net.tehran_head))
    assert not access.is_staff_member
    assert access.managed_unit_ids() == set()


def test_inactive_superuser_has_no_access(superuser):
    type(superuser).objects.filter(pk=superuser.pk).update(is_active=False)
    access = access_for(_fresh(superuser))
    assert not access.is_superuser
    assert not access.is_staff_member


def test_role_in_an_inactive_unit_gives_nothing(net):
    Unit.objects.filter(pk=net.tehran.pk).update(is_active=False)
    assert not access_for(net.tehran_head).is_staff_member


# --- HQ admin ------------------------------------------------------------------------------


def test_is_hq_admin_for_admin_of_the_root(net):
    assert access_for(net.hq_admin).is_hq_admin


def test_is_hq_admin_for_superuser(superuser):
    assert access_for(superuser).is_hq_admin


def test_admin_of_a_province_is_not_hq_admin(tehran_admin):
    assert not access_for(tehran_admin).is_hq_admin


def test_hq_editor_is_not_hq_admin(net):
    assert not access_for(net.hq_editor).is_hq_admin


# --- Granting roles ------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.REPORTER, Role.EDITOR, Role.HEAD, Role.VIEWER])
def test_head_grants_ordinary_roles_in_own_subtree(net, role):
    access = access_for(net.tehran_head)
    assert access.can_grant(net.tehran, role)
    assert access.can_grant(net.shemiranat, role)


def test_head_cannot_grant_outside_own_subtree(net):
    access = access_for(net.tehran_head)
    assert not access.can_grant(net.isfahan, Role.REPORTER)
    assert not access.can_grant(net.hq, Role.REPORTER)


def test_county_head_cannot_grant_in_the_province_above(net):
    assert not access_for(net.shemiranat_head).can_grant(net.tehran, Role.REPORTER)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HQ_EDITOR])
def test_head_cannot_grant_admin_only_roles(net, role):
    assert not access_for(net.tehran_head).can_grant(net.tehran, role)


def test_editor_cannot_grant_anything(net):
    assert not access_for(net.tehran_editor).can_grant(net.tehran, Role.VIEWER)


def test_hq_admin_grants_hq_editor_only_on_hq_side(net):
    access = access_for(net.hq_admin)
    assert access.can_grant(net.hq, Role.HQ_EDITOR)
    assert access.can_grant(net.hq_pr, Role.HQ_EDITOR)
    assert not access.can_grant(net.tehran, Role.HQ_EDITOR)


def test_hq_admin_grants_admin_anywhere(net):
    access = access_for(net.hq_admin)
    assert access.can_grant(net.hq, Role.ADMIN)
    assert access.can_grant(net.shemiranat, Role.ADMIN)


def test_province_admin_grants_admin_below_but_never_hq_editor(net, tehran_admin):
    access = access_for(tehran_admin)
    assert access.can_grant(net.shemiranat, Role.ADMIN)
    assert not access.can_grant(net.tehran, Role.HQ_EDITOR)
    assert not access.can_grant(net.isfahan, Role.ADMIN)


# --- Managing people -----------------------------------------------------------------------


def test_head_manages_people_in_own_unit_and_below(net):
    access = access_for(net.tehran_head)
    assert access.can_manage_user(net.tehran_reporter)
    assert access.can_manage_user(net.shemiranat_reporter)


def test_head_cannot_manage_people_elsewhere(net):
    assert not access_for(net.tehran_head).can_manage_user(net.isfahan_editor)


def test_county_head_cannot_manage_the_province(net):
    assert not access_for(net.shemiranat_head).can_manage_user(net.tehran_reporter)


def test_head_cannot_manage_someone_who_also_works_elsewhere(net):
    MembershipFactory.create(user=net.tehran_reporter, unit=net.isfahan, role=Role.REPORTER)
    assert not access_for(net.tehran_head).can_manage_user(net.tehran_reporter)


def test_nobody_manages_themselves(net):
    assert not access_for(net.tehran_head).can_manage_user(net.tehran_head)
    assert not access_for(net.hq_admin).can_manage_user(net.hq_admin)


def test_head_cannot_manage_someone_without_membership(net):
    assert not access_for(net.tehran_head).can_manage_user(net.outsider)


def test_hq_admin_manages_anyone_but_a_superuser(net, superuser):
    access = access_for(net.hq_admin)
    assert access.can_manage_user(net.isfahan_head)
    assert access.can_manage_user(net.outsider)
    assert not access.can_manage_user(superuser)


def test_superuser_manages_another_superuser(superuser):
    other = UserFactory.create(username="root2", is_superuser=True)
    assert access_for(superuser).can_manage_user(other)


def test_editor_manages_nobody(net):
    assert not access_for(net.tehran_editor).can_manage_user(net.tehran_reporter)


# --- Partners ------------------------------------------------------------------------------


def test_editor_edits_partners_of_own_unit_and_below(net):
    access = access_for(net.tehran_editor)
    assert access.can_edit_partner(PartnerFactory.create(owner_unit=net.tehran))
    assert access.can_edit_partner(PartnerFactory.create(owner_unit=net.shemiranat))


def test_editor_cannot_edit_partners_of_other_units(net):
    assert not access_for(net.tehran_editor).can_edit_partner(
        PartnerFactory.create(owner_unit=net.isfahan)
    )


@pytest.mark.parametrize("persona", ["tehran_reporter", "tehran_viewer"])
def test_reporters_and_viewers_cannot_edit_partners(net, persona):
    access = access_for(getattr(net, persona))
    assert not access.can_edit_partner(PartnerFactory.create(owner_unit=net.tehran))
    assert access.partner_owner_units() == set()


def test_partner_owner_units_are_the_editors_subtree(net):
    assert access_for(net.tehran_editor).partner_owner_units() == _ids(net.tehran, net.shemiranat)


def test_superuser_edits_every_partner(net, superuser):
    assert access_for(superuser).can_edit_partner(PartnerFactory.create(owner_unit=net.kashan))


# --- Caching -------------------------------------------------------------------------------


def test_access_is_cached_until_forgotten(net):
    first = access_for(net.tehran_reporter)
    Membership.objects.create(user=net.tehran_reporter, unit=net.tehran, role=Role.HEAD)
    assert access_for(net.tehran_reporter) is first
    forget_access(net.tehran_reporter)
    assert access_for(net.tehran_reporter).can_manage_unit(net.tehran)


# --- Fetch-and-check helpers: 404 for what does not exist, 403 for what you may not do ------


def test_access_staff_refuses_outsider(net):
    with pytest.raises(PermissionDenied):
        access_staff(net.outsider)


def test_access_unit_404_for_unknown_slug(net):
    with pytest.raises(Http404):
        access_unit(net.tehran_viewer, "nowhere")


def test_access_unit_refuses_outsider_before_looking_up(net):
    # An outsider learns nothing, not even whether the unit exists.
    with pytest.raises(PermissionDenied):
        access_unit(net.outsider, "nowhere")


def test_access_unit_any_staff_reads_any_unit(net):
    assert access_unit(net.khorasan_video, "tehran") == net.tehran


def test_access_unit_for_manage(net):
    assert access_unit(net.tehran_head, "shemiranat", for_manage=True) == net.shemiranat
    with pytest.raises(PermissionDenied):
        access_unit(net.tehran_head, "isfahan", for_manage=True)


def test_access_member_404_for_unknown_username(net):
    with pytest.raises(Http404):
        access_member(net.tehran_head, "nobody")


def test_access_member_for_write_self_or_managed(net):
    assert access_member(net.tehran_reporter, "tehran.reporter", for_write=True)
    assert access_member(net.tehran_head, "shemiranat.reporter", for_write=True)
    with pytest.raises(PermissionDenied):
        access_member(net.tehran_reporter, "tehran.editor", for_write=True)


def test_access_partner_404_then_403(net):
    partner = PartnerFactory.create(owner_unit=net.isfahan)
    with pytest.raises(Http404):
        access_partner(net.tehran_editor, partner.pk + 1000)
    assert access_partner(net.tehran_editor, partner.pk) == partner
    with pytest.raises(PermissionDenied):
        access_partner(net.tehran_editor, partner.pk, for_write=True)
    assert access_partner(net.isfahan_editor, partner.pk, for_write=True) == partner


def test_access_audit_log_only_hq_admins(net):
    assert access_audit_log(net.hq_admin).is_hq_admin
    with pytest.raises(PermissionDenied):
        access_audit_log(net.tehran_head)


def test_manageable_user_ids_for_a_whole_table(net):
    """The members table asks once for everyone; the answer is the can_manage_user rule."""
    people = [v for v in vars(net).values() if hasattr(v, "is_authenticated")]
    # A Kashan reporter who also works for Tehran is beyond both provinces' heads alone.
    both = UserFactory.create(username="both")
    Membership.objects.create(user=both, unit=net.kashan, role=Role.REPORTER)
    Membership.objects.create(user=both, unit=net.shemiranat, role=Role.REPORTER)
    people.append(both)
    names = lambda ids: {p.username for p in people if p.pk in ids}  # noqa: E731

    assert names(access_for(net.tehran_head).manageable_user_ids(people)) == {
        "tehran.editor",
        "tehran.reporter",
        "tehran.viewer",
        "shemiranat.head",
        "shemiranat.reporter",
    }
    assert names(access_for(net.shemiranat_head).manageable_user_ids(people)) == {
        "shemiranat.reporter"
    }
    everyone_else = {p.username for p in people} - {"hq.admin"}
    assert names(access_for(net.hq_admin).manageable_user_ids(people)) == everyone_else
    assert access_for(net.tehran_editor).manageable_user_ids(people) == set()
    assert access_for(net.outsider).manageable_user_ids(people) == set()
