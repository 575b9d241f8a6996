"""``hamafza purge_comment_ips``: old comments forget their network hash, expired captcha
questions go, the comments themselves stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hamafza.comments.captcha import captcha_issue
from hamafza.comments.models import CaptchaChallenge, Comment
from hamafza.comments.tests.conftest import make_comment

pytestmark = pytest.mark.django_db


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_comment_ips", *args, stdout=out)
    return out.getvalue()


def test_the_setting_decides_by_default(stories, settings):
    settings.COMMENTS_NETWORK_RETENTION_DAYS = 7
    old = make_comment(stories.tehran, created_at=timezone.now() - timedelta(days=8))
    recent = make_comment(stories.tehran, created_at=timezone.now() - timedelta(days=6))
    captcha_issue(now=timezone.now() - timedelta(hours=1))
    fresh = captcha_issue()
    output = purge()
    assert "1 comment(s) older than 7 day(s)" in output
    assert "deleted 1 expired captcha" in output
    assert Comment.objects.get(pk=old.pk).network_hash == ""
    assert Comment.objects.get(pk=recent.pk).network_hash == "a" * 64
    assert Comment.objects.count() == 2
    assert list(CaptchaChallenge.objects.values_list("expires_at", flat=True)) == [fresh.expires_at]


def test_days_on_the_command_line(stories):
    make_comment(stories.tehran, created_at=timezone.now() - timedelta(days=2))
    assert "0 comment(s)" in purge("--days", "3")
    assert "1 comment(s)" in purge("--days", "1")
    assert not Comment.objects.exclude(network_hash="").exists()


def test_negative_days_are_refused(stories):
    make_comment(stories.tehran)
    with pytest.raises(CommandError):
        purge("--days", "-1")
    assert Comment.objects.get().network_hash == "a" * 64
