"""`/search/`: the public search page. Published stories only, the filters (a unit with the
units below it, kind, subject, domain, Jalali days), pages in Persian digits, a clear Persian
message for bad filters, and any typed text answered with results or "nothing found"."""

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hamafza.newsroom.models import Story
from hamafza.newsroom.selectors import FoundStory, StorySearch
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.search.query import parse

SEARCH = reverse("portal:search")
HTMX = {"HX-Request": "true"}
S = Story.Status


def found_codes(response: Any) -> set[int]:
    assert response.status_code == 200
    found = response.context["found"]
    return {item.story.code for item in found.items} if found else set()


def codes(shelf: dict[str, Story], *names: str) -> set[int]:
    return {shelf[name].code for name in names}  # type: ignore[misc]


def test_an_empty_query_asks_for_words_and_lists_nothing(client, shelf):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["found"] is None
    html = response.content.decode()
    assert "واژه‌ای بنویسید" in html
    assert "search-result" not in html
    assert client.get(SEARCH, {"q": "   "}).context["found"] is None


def test_finds_published_stories_only(client, shelf):
    assert found_codes(client.get(SEARCH, {"q": "سفالگری"})) == codes(shelf, "tehran")
    assert found_codes(client.get(SEARCH, {"q": "کوهنوردی"})) == codes(shelf, "shemiranat")
    for word in ("زعفرانیه", "گلابدره", "نقش‌جهان"):
        response = client.get(SEARCH, {"q": word})
        assert found_codes(response) == set()
        assert f"خبری با «{word}» پیدا نشد" in response.content.decode()
    everything = client.get(SEARCH, {"q": "توانبخشی"})
    assert found_codes(everything) == codes(shelf, "tehran", "shemiranat", "isfahan")


def test_a_signed_in_member_still_sees_only_published_stories(client, net, shelf):
    client.force_login(net.tehran_editor)
    assert found_codes(client.get(SEARCH, {"q": "زعفرانیه"})) == set()


def test_a_result_shows_the_marked_headline_snippet_unit_and_jalali_date(client, shelf):
    story = shelf["tehran"]
    html = client.get(SEARCH, {"q": "سفالگری"}).content.decode()
    assert f'href="/news/{story.code}/"' in html
    assert "<mark>سفالگری</mark>" in html
    assert "استان تهران" in html
    assert "۶ آذر ۱۴۰۵" in html
    assert "۱ نتیجه" in html


def test_the_snippet_marks_words_found_in_the_body(client, net):
    StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=S.PUBLISHED,
        headline="تیتر",
        body="<p>در این مراسم از <strong>هنرمندان</strong> معلول تقدیر شد.</p>",
    )
    html = client.get(SEARCH, {"q": "هنرمندان"}).content.decode()
    assert "<mark>هنرمندان</mark>" in html
    assert "<strong>" not in html.split('id="results"')[1]


def test_what_was_typed_is_escaped(client, net):
    StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=S.PUBLISHED,
        headline="رسانه <script>alert(1)</script> و کودکان",
    )
    html = client.get(SEARCH, {"q": "<script>alert(1)</script> رسانه"}).content.decode()
    assert "<script>alert(1)" not in html
    assert escape("<script>") in html


def test_the_unit_filter_includes_the_units_below(client, shelf):
    word = {"q": "توانبخشی"}
    assert found_codes(client.get(SEARCH, {**word, "unit": "tehran"})) == codes(
        shelf, "tehran", "shemiranat"
    )
    assert found_codes(client.get(SEARCH, {**word, "unit": "shemiranat"})) == codes(
        shelf, "shemiranat"
    )
    assert found_codes(client.get(SEARCH, {**word, "unit": "kashan"})) == set()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("kind", "report", {"tehran"}),
        ("subject", "capability", {"tehran"}),
        ("subject", "event", {"isfahan"}),
        ("domain", "extra_agency", {"tehran"}),
        ("domain", "inter_agency", set()),
    ],
)
def test_kind_subject_and_domain_filters(client, shelf, field, value, expected):
    response = client.get(SEARCH, {"q": "توانبخشی", field: value})
    assert found_codes(response) == codes(shelf, *expected)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("۱۴۰۵/۰۹/۰۶", "", {"tehran"}),  # the day itself is included
        ("1405/9/6", "1405/9/6", {"tehran"}),
        ("۱۴۰۵/۰۸/۲۹", "۱۴۰۵/۰۹/۰۵", {"shemiranat"}),
        ("", "1405-08-29", {"shemiranat", "isfahan"}),
        ("۱۴۰۵/۰۹/۰۷", "", set()),
    ],
)
def test_jalali_date_range_includes_both_days(client, shelf, since, until, expected):
    response = client.get(SEARCH, {"q": "توانبخشی", "date_from": since, "date_to": until})
    assert found_codes(response) == codes(shelf, *expected)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "دیروز"}, "تاریخ را به شکل ۱۴۰۵/۰۹/۰۶ وارد کنید."),
        ({"date_to": "1405/13/01"}, "این تاریخ در تقویم شمسی وجود ندارد."),
        ({"date_from": "1405/09/10", "date_to": "1405/09/01"}, "تاریخ پایان پیش از تاریخ آغاز"),
        ({"unit": "no-such-unit"}, "یک گزینهٔ معتبر انتخاب کنید"),
        ({"kind": "rumour"}, "یک گزینهٔ معتبر انتخاب کنید"),
        ({"date_from": "1" * 40}, "تاریخ را به شکل ۱۴۰۵/۰۹/۰۶ وارد کنید."),
    ],
)
def test_bad_filters_get_a_persian_message_and_no_results(client, shelf, params, message):
    response = client.get(SEARCH, {"q": "توانبخشی", **params})
    assert response.status_code == 200
    assert response.context["found"] is None
    html = response.content.decode()
    assert "فیلترها درست نیستند" in html
    assert message in html
    assert "search-filters" in html
    assert "open" in html.split('class="search-filters"')[1][:10]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"توانبخشی',
        "«»",
        "NEAR(توانبخشی, کودکان)",
        "توانبخشی\x00",
        "\x00",
        "توانبخشی " * 200,
        "ب" * 2000,
        "!!! ؟؟ ... ***",
        "*",
        "AND OR NOT",
        ")(:^",
        "'; DROP TABLE newsroom_story; --",
        "\u200c\u200c",
        "١٢٣ ۱۲۳ 123",
        "<mark>",
    ],
)
def test_any_text_gets_results_or_nothing_found(client, shelf, text):
    response = client.get(SEARCH, {"q": text})
    assert response.status_code == 200
    html = response.content.decode()
    found = response.context["found"]
    assert found is None or found.items or "پیدا نشد" in html


def test_only_punctuation_finds_nothing(client, shelf):
    response = client.get(SEARCH, {"q": "!!! ؟؟"})
    assert found_codes(response) == set()
    assert "پیدا نشد" in response.content.decode()


def test_pages_in_persian_digits(client, net):
    for n in range(25):
        StoryFactory.create(
            unit=net.tehran,
            created_by=net.tehran_reporter,
            status=S.PUBLISHED,
            headline=f"همایش سالانه شماره {n}",
        )
    first = client.get(SEARCH, {"q": "همایش"})
    assert len(first.context["found"].items) == 20
    html = first.content.decode()
    assert "۲۵ نتیجه" in html
    pagination = html.split('class="pagination"')[1].split("</nav>")[0]
    assert re.search(r'aria-current="page">۱<', pagination)
    assert ">۲</a>" in pagination
    assert "page=2" in pagination
    second = client.get(SEARCH, {"q": "همایش", "page": "۲"})
    assert len(second.context["found"].items) == 5
    assert second.context["found"].page == 2
    # Past the last page: the last page.
    assert client.get(SEARCH, {"q": "همایش", "page": "99"}).context["found"].page == 2
    assert client.get(SEARCH, {"q": "همایش", "page": "x"}).context["found"].page == 1
    assert client.get(SEARCH, {"q": "همایش", "page": "9" * 5000}).status_code == 200
    first_codes = {item.story.code for item in first.context["found"].items}
    second_codes = {item.story.code for item in second.context["found"].items}
    assert not first_codes & second_codes


def test_more_than_ten_thousand_says_so(client, shelf, monkeypatch):
    story = shelf["tehran"]
    many = StorySearch(
        query=parse("توانبخشی"),
        items=[FoundStory(story=story, headline=story.headline, snippet="", score=1.0)],  # type: ignore[arg-type]
        count=10_000,
        count_exact=False,
    )
    monkeypatch.setattr("hamafza.newsroom.selectors.story_search", lambda **kwargs: many)
    html = client.get(SEARCH, {"q": "توانبخشی"}).content.decode()
    assert "بیش از ۱۰٬۰۰۰ نتیجه" in html


def test_htmx_gets_only_the_results(client, shelf):
    html = client.get(SEARCH, {"q": "سفالگری"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<mark>سفالگری</mark>" in html


def test_the_page_is_rtl_persian_with_no_inline_script_or_style(client, shelf):
    response = client.get(SEARCH, {"q": "سفالگری"})
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "Content-Security-Policy" in response.headers
    assert "<style" not in html
    assert " style=" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag


def test_english_shows_gregorian_dates_and_ascii_digits(client, shelf):
    client.cookies["hamafza_language"] = "en"
    html = client.get(SEARCH, {"q": "سفالگری"}).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "27 Nov 2026" in html
    assert "1 result" in html


def test_queries_do_not_grow_with_the_results(client, net, django_assert_max_num_queries):
    for n in range(12):
        StoryFactory.create(
            unit=net.tehran if n % 2 else net.isfahan,
            created_by=net.tehran_reporter,
            status=S.PUBLISHED,
            headline=f"جشنواره فیلم {n}",
        )
    client.get(SEARCH, {"q": "جشنواره"})  # warm caches (content types, sessions)
    with django_assert_max_num_queries(10):
        response = client.get(SEARCH, {"q": "جشنواره"})
    assert len(response.context["found"].items) == 12


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"q": 'a <b> & "c"', "unit": "tehran", "kind": "report", "date_from": "۱۴۰۵/۰۱/۰۱"},
        {"q": "x", "unit": "nowhere", "date_from": "1405/13/40", "subject": "<script>"},
    ],
)
def test_the_filters_drawn_in_python_match_the_field_templates(net, data):
    """``form_field``/``form_widget`` write the filters without Django's widget templates;
    what they write is what those templates write (whitespace aside), values escaped, and a
    field with errors still goes through the templates."""
    from django.template.loader import render_to_string

    from hamafza.portal.forms import PublicSearchForm
    from hamafza.portal.selectors import unit_tree
    from hamafza.portal.templatetags.portal_pages import form_field, form_widget

    form = PublicSearchForm(data or None, units=unit_tree())
    form.is_valid()

    def squeezed(html: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()

    for name in form.fields:
        expected = render_to_string("org/includes/field.html", {"field": form[name]})
        assert squeezed(form_field(form[name])) == squeezed(expected), name
        assert squeezed(form_widget(form[name])) == squeezed(str(form[name])), name
    assert "<script>" not in form_field(form["q"]) + form_widget(form["q"])


def test_the_unit_picker_lists_the_units_as_the_desk_tree_does(net):
    """The search reads the unit tree with one plain query (``portal.selectors.unit_tree``):
    the same units, in the same depth-first order, at the same depths as the desk's."""
    from hamafza.org.selectors import unit_tree as desk_tree
    from hamafza.portal.selectors import unit_tree

    def drawn(units: Any) -> list[tuple[str, int]]:
        return [(unit.slug, unit.tree_depth) for unit in units]

    assert drawn(unit_tree()) == drawn(desk_tree())


# The markup the search template wrote for each result before ``search_result`` wrote it.
RESULT_TEMPLATE = """{% load portal_pages %}{% with story=item.story %}
      <li class="search-result" lang="{{ story.language }}">
        {% if story.kicker %}<p class="kicker" dir="auto">{{ story.kicker }}</p>{% endif %}
        <h2 class="search-result-title"><a href="{{ story.code|story_path }}" dir="auto">{{ item.headline }}</a></h2>
        {% if item.snippet %}<p class="search-result-snippet" dir="auto">{{ item.snippet }}</p>{% endif %}
        <p class="search-result-meta muted small">
          <span class="chip-unit">{{ story.unit.name }}</span>
          <span aria-hidden="true">·</span>
          <time datetime="{{ story.published_at|isoformat }}">{{ story.published_at|jdate }}</time>
          <span aria-hidden="true">·</span>
          {{ story.kind|story_kind }}
        </p>
      </li>
      {% endwith %}"""  # noqa: E501


@pytest.mark.parametrize("kicker", ["", 'گزارش <ویژه> & "نقل"'])
@pytest.mark.parametrize("snippet", ["", "متن با <mark>بهزیستی</mark>"])
def test_a_result_row_drawn_in_python_matches_the_template(net, kicker, snippet):
    from types import SimpleNamespace

    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    from hamafza.portal.templatetags.portal_pages import search_result

    story = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_editor,
        kicker=kicker,
        headline="تیتر <b>ساده</b>",
        status=Story.Status.PUBLISHED,
        published_at=timezone.now(),
        code=123456,
    )
    # The selectors give the headline and snippet highlighted, escaped and marked safe.
    headline = mark_safe("تیتر &lt;b&gt;<mark>ساده</mark>")
    item = SimpleNamespace(story=story, headline=headline, snippet=mark_safe(snippet))  # noqa: S308

    def squeezed(html: str) -> str:
        # Whitespace between tags, and at the end of a paragraph, does not show.
        html = re.sub(r"\s+</p>", "</p>", re.sub(r">\s+<", "><", str(html)))
        return re.sub(r"\s+", " ", html).strip()

    expected = Template(RESULT_TEMPLATE).render(Context({"item": item}))
    assert squeezed(search_result(item)) == squeezed(expected)
    assert "<ویژه>" not in search_result(item)
