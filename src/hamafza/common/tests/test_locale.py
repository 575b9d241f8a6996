"""The interface language: the visitor's choice (the language cookie), else Persian."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_persian_whatever_the_browser_asks_for(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fa" dir="rtl">' in response.content.decode()
    assert response["Content-Language"] == "fa"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_language_switch_is_remembered(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    assert response["Content-Language"] == "en"


def test_an_unknown_language_in_the_cookie_falls_back_to_persian(client):
    client.cookies["hamafza_language"] = "xx"
    response = client.get(reverse("accounts:login"))
    assert '<html lang="fa" dir="rtl">' in response.content.decode()


def test_django_s_own_strings_missing_from_its_persian_catalog_are_persian():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("fa"):
        assert str(BLANK_CHOICE_LABEL) == "- انتخاب کنید -"
