"""The arithmetic captcha: Persian questions, single use whatever the answer, expiry, tampered
tokens, and answers in every digit script."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from hamafza.comments.captcha import (
    _SIGNER_SALT,
    captcha_consume,
    captcha_issue,
    captcha_purge,
    parse_answer,
)
from hamafza.comments.models import CaptchaChallenge
from hamafza.comments.tests.conftest import answer_of, solved

pytestmark = pytest.mark.django_db
PERSIAN_DIGITS = re.compile("[۰-۹]")


def test_the_question_is_persian_with_a_spoken_form():
    question = captcha_issue()
    assert re.fullmatch(r"[۰-۹] (به‌علاوه|منهای) [۰-۹] چند می‌شود؟", question.text)
    assert not re.search(r"[0-9]", question.text)
    # The spoken form names the numbers in words, for screen readers.
    assert not PERSIAN_DIGITS.search(question.spoken)
    assert question.spoken.endswith("چند می‌شود؟")
    assert question.expires_at > timezone.now() + timedelta(minutes=9)


def test_answers_are_never_negative():
    for _ in range(60):
        challenge = CaptchaChallenge.objects.get(
            key=signing.Signer(salt=_SIGNER_SALT).unsign(captcha_issue().token)
        )
        assert 0 <= challenge.answer <= 18


def test_tokens_are_unguessable_and_distinct():
    tokens = {captcha_issue().token for _ in range(30)}
    assert len(tokens) == 30
    key = signing.Signer(salt=_SIGNER_SALT).unsign(tokens.pop())
    assert len(key) >= 32


def test_a_right_answer_is_accepted_once():
    question, answer = solved()
    assert captcha_consume(token=question.token, answer=answer).correct
    with pytest.raises(ValidationError) as refused:
        captcha_consume(token=question.token, answer=answer)
    assert refused.value.code == "captcha_used"


def test_a_wrong_answer_spends_the_question_too():
    question, answer = solved()
    wrong = str(int(answer) + 1)
    assert not captcha_consume(token=question.token, answer=wrong).correct
    # The right answer afterwards, on the same token, is refused: no second try.
    with pytest.raises(ValidationError) as refused:
        captcha_consume(token=question.token, answer=answer)
    assert refused.value.code == "captcha_used"


def test_an_expired_question_is_refused(settings):
    settings.COMMENTS_CAPTCHA_TTL = 60
    question, answer = solved()
    later = timezone.now() + timedelta(seconds=61)
    with pytest.raises(ValidationError) as refused:
        captcha_consume(token=question.token, answer=answer, now=later)
    assert refused.value.code == "captcha_expired"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "x" + token,  # the key
        lambda token: token.split(":")[0],  # no signature at all
        lambda token: "",
    ],
)
def test_a_tampered_token_is_refused_and_spends_nothing(tamper):
    question, answer = solved()
    with pytest.raises(ValidationError) as refused:
        captcha_consume(token=tamper(question.token), answer=answer)
    assert refused.value.code == "captcha_invalid"
    assert captcha_consume(token=question.token, answer=answer).correct


def test_a_signed_key_that_was_never_issued_is_refused():
    forged = signing.Signer(salt=_SIGNER_SALT).sign("never-issued")
    with pytest.raises(ValidationError) as refused:
        captcha_consume(token=forged, answer="3")
    assert refused.value.code == "captcha_invalid"


def test_a_token_signed_with_another_key_is_refused(settings):
    question, answer = solved()
    key = signing.Signer(salt=_SIGNER_SALT).unsign(question.token)
    settings.SECRET_KEY = "another-secret-key-" + "z" * 40
    forged = signing.Signer(salt=_SIGNER_SALT).sign(key)
    settings.SECRET_KEY = "test-secret-key-not-for-production-" + "t" * 20
    with pytest.raises(ValidationError):
        captcha_consume(token=forged, answer=answer)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", 12),
        ("۱۲", 12),  # Persian
        ("١٢", 12),  # Arabic-Indic
        (" ۱٢ ", 12),  # mixed, with spaces
        ("\u200f۱۲\u200e", 12),  # bidi marks from copy and paste
        ("\u200c۷\u200b", 7),  # zero-width non-joiner and space
        ("\u2067۷\u2069", 7),  # isolates
        ("\u00a0۰", 0),  # a no-break space
        ("۱ ۲", 12),
    ],
)
def test_digit_variants(typed, expected):
    assert parse_answer(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "دوازده", "1.5", "-1", "+3", "۱a", "12345", "²"])
def test_what_is_not_a_whole_number_is_no_answer(typed):
    assert parse_answer(typed) is None


def test_answers_in_persian_digits_are_right():
    question, answer = solved()
    persian = answer.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert captcha_consume(token=question.token, answer=f"\u200f{persian} ").correct


def test_purge_deletes_only_expired_questions(settings):
    settings.COMMENTS_CAPTCHA_TTL = 60
    old = captcha_issue(now=timezone.now() - timedelta(minutes=5))
    fresh = captcha_issue()
    assert captcha_purge() == 1
    assert answer_of(fresh.token) >= 0
    with pytest.raises(CaptchaChallenge.DoesNotExist):
        answer_of(old.token)
