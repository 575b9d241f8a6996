"""The interface language: Persian unless the visitor chose otherwise.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language. Here it does not: many
people in Iran run browsers and phones set to English, and a Persian organization's site must
not greet them in English. The language is the one chosen with the language switch (the
``LANGUAGE_COOKIE_NAME`` cookie, set by ``set_language``) when it is one of ``LANGUAGES``,
else ``LANGUAGE_CODE`` (Persian). Pages then vary only on the cookie, so caches keep one copy
per chosen language instead of one per browser setting.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """In place of ``LocaleMiddleware`` (no language prefixes in our addresses)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
