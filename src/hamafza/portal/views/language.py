"""``/language/``: the language switch of the public pages.

Django's ``set_language`` behind no CSRF check. The desk's switch keeps the check; the public
pages' form carries no token, because a token would give every visitor a CSRF cookie and make
every page theirs alone, so no page could be cached for everyone (``portal.pagecache``). What a
forged switch can do is set a visitor's display language, which the visitor sets back with one
click; it reaches nothing else.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)
