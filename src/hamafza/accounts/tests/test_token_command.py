"""``hamafza token create|list|revoke``: the operator's way to manage integration tokens."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamafza.accounts.models import ApiToken, hash_token
from hamafza.accounts.services import token_authenticate
from hamafza.accounts.tests.helpers import audit_count, make_token


def token(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_the_token_once_and_stores_only_its_hash(net):
    out, err = token("create", "tehran.editor", "--name", "CMS")
    raw = out.strip()
    assert raw.startswith("hmz_")
    stored = ApiToken.objects.get(user=net.tehran_editor)
    assert stored.name == "CMS"
    assert stored.key_hash == hash_token(raw)
    assert raw not in {stored.key_hash, stored.prefix}
    assert token_authenticate(raw) == net.tehran_editor
    assert stored.prefix in err
    assert audit_count("accounts.token.create") == 1


def test_list_shows_prefixes_and_states_but_never_secrets(net):
    active, raw = make_token(net.tehran_editor, "active one")
    revoked, _ = make_token(net.tehran_editor, "old one")
    token("revoke", "tehran.editor", revoked.prefix)
    out, _err = token("list", "tehran.editor")
    assert f"{active.prefix}\tactive" in out
    assert f"{revoked.prefix}\trevoked" in out
    assert raw not in out


def test_revoke_by_prefix_or_id(net):
    first, raw_first = make_token(net.tehran_editor, "one")
    second, raw_second = make_token(net.tehran_editor, "two")
    token("revoke", "tehran.editor", first.prefix)
    token("revoke", "tehran.editor", str(second.pk))
    assert token_authenticate(raw_first) is None
    assert token_authenticate(raw_second) is None
    assert audit_count("accounts.token.revoke") == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "nobody"], "no user named 'nobody'"),
        (["list", "nobody"], "no user named 'nobody'"),
        (["revoke", "tehran.editor", "deadbeef"], "has no token 'deadbeef'"),
        (["create", "tehran.editor", "--name", "x" * 101], "۱۰۰"),
    ],
)
def test_bad_arguments_are_clear_errors_and_change_nothing(net, args, message):
    before = (ApiToken.objects.count(), audit_count("accounts.token.create"))
    with pytest.raises(CommandError, match=message):
        token(*args)
    assert (ApiToken.objects.count(), audit_count("accounts.token.create")) == before


def test_someone_elses_token_cannot_be_revoked_through_another_username(net):
    theirs, raw = make_token(net.isfahan_editor)
    with pytest.raises(CommandError, match="has no token"):
        token("revoke", "tehran.editor", theirs.prefix)
    assert token_authenticate(raw) == net.isfahan_editor


def test_a_deactivated_account_gets_no_new_token(net):
    net.tehran_reporter.is_active = False
    net.tehran_reporter.save()
    with pytest.raises(CommandError, match="deactivated"):
        token("create", "tehran.reporter")
    assert not ApiToken.objects.filter(user=net.tehran_reporter).exists()


def test_revoking_twice_says_so(net):
    made, _raw = make_token(net.tehran_editor)
    token("revoke", "tehran.editor", made.prefix)
    with pytest.raises(CommandError, match="already revoked"):
        token("revoke", "tehran.editor", made.prefix)
    assert audit_count("accounts.token.revoke") == 1
