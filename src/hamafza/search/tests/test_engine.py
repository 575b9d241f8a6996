"""The index on this test run's database (SQLite or PostgreSQL): every spelling variant found
both ways, AND semantics, phrases, prefixes, facets, dates, ranking, counting, odd input."""

from datetime import UTC, datetime, timedelta

import pytest

from hamafza.search import engine, vocabulary
from hamafza.search.engine import Document, facet
from hamafza.search.models import SearchTerm

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ZWNJ = "\u200c"

# (as the writer typed it, as the searcher types it) — each is tried in both directions.
VARIANTS = [
    ("كتاب", "کتاب"),  # Arabic kaf
    ("ايران", "ایران"),  # Arabic yeh
    ("مصطفى", "مصطفی"),  # alef maksura
    ("مشــاور", "مشاور"),  # tatweel
    ("ﻣﺸﺎﻭﺭ", "مشاور"),  # presentation forms
    ("مُشاوِر", "مشاور"),  # harakat
    ("۵۰۰ نفر", "500 نفر"),  # Persian digits
    ("٥٠٠ نفر", "۵۰۰ نفر"),  # Arabic-Indic digits
    ("می خواهد", f"می{ZWNJ}خواهد"),  # space / ZWNJ
    ("میخواهد", "می خواهد"),  # joined / space
    (f"نمی{ZWNJ}شود", "نمیشود"),
    ("کتاب ها", f"کتاب{ZWNJ}ها"),
    ("کتابهای", "کتاب های"),
    (f"بزرگ{ZWNJ}ترین", "بزرگ ترین"),
    ("خانه ای", f"خانه{ZWNJ}ای"),
    ("هم افزایی", "همافزایی"),
    ("\u200fسلام\u200e", "سلام"),  # bidi marks
    ("مسئول", "مسیول"),
    ("آموزش", "اموزش"),
    ("Welfare", "WELFARE"),
]


def index(*documents: Document) -> None:
    engine.put(documents)


def doc(object_id: int, headline: str = "", body: str = "", days_ago: float = 1, **kw) -> Document:
    return Document(
        object_id=object_id,
        when=NOW - timedelta(days=days_ago),
        headline=headline,
        lead=kw.pop("lead", ""),
        body=body,
        facets=kw.pop("facets", ()),
    )


def found(text: str, **kw) -> list[int]:
    return [hit.object_id for hit in engine.search(text, now=NOW, **kw).hits]


@pytest.mark.parametrize(("written", "typed"), VARIANTS)
def test_every_variant_is_found_both_ways(written, typed):
    index(doc(1, body=f"در این خبر {written} آمده است"), doc(2, body=f"و اینجا {typed} هست"))
    index(doc(3, body="متنی دیگر بی ربط"))
    assert found(typed) == found(written)
    assert set(found(typed)) == {1, 2}


def test_all_words_must_match():
    index(doc(1, body="بهزیستی استان تهران"), doc(2, body="بهزیستی استان اصفهان"))
    assert set(found("بهزیستی استان")) == {1, 2}
    assert found("بهزیستی تهران") == [1]
    assert found("تهران اصفهان") == []


def test_quoted_phrases_keep_word_order():
    index(doc(1, body="روابط عمومی سازمان"), doc(2, body="عمومی روابط سازمان"))
    assert set(found("روابط عمومی")) == {1, 2}
    assert found('"روابط عمومی"') == [1]
    assert found("«روابط عمومی»") == [1]
    assert found("“عمومی روابط”") == [2]


def test_a_stem_finds_its_inflected_forms():
    index(
        doc(1, body="کتابهایی"),
        doc(2, body="کتاب‌هایشان"),
        doc(3, body="کتابخانه"),
        doc(4, body="مددجویان"),
    )
    assert set(found("کتاب")) == {1, 2}
    assert set(found('"کتاب"')) == {1, 2}
    assert found("مددجو") == [4]
    assert found("کتابهایی") == [1]  # an inflected form finds itself, not every form


def test_a_word_ending_in_a_star_matches_as_a_prefix():
    index(doc(1, body="کتابخانه"), doc(2, body="کتاب‌هایشان"), doc(3, body="کتیبه"))
    assert set(found("کتاب*")) == {1, 2}
    assert found("کتابخ*") == [1]
    assert found("کتابخ") == []
    assert set(found("کت*")) == set()  # too short to be a prefix: the word «کت» only


def test_a_prefix_stands_for_its_commonest_words(monkeypatch):
    monkeypatch.setattr(vocabulary, "MAX_EXPANSIONS", 2)
    index(*[doc(i, body="کتابخانه") for i in range(1, 4)])
    index(*[doc(i, body="کتابدار") for i in range(4, 6)])
    index(doc(6, body="کتابفروش"))  # the rarest: past the two words «کتاب*» stands for
    assert set(found("کتاب*")) == {1, 2, 3, 4, 5}
    assert found("کتابف*") == [6]
    assert found("کتابفروش") == [6]


def test_a_prefix_no_indexed_word_begins_with_finds_nothing():
    index(doc(1, body="کتابخانه"))
    assert found("زرافه*") == []
    assert found("کتابخانه زرافه*") == []


def test_the_vocabulary_counts_documents_and_a_rebuild_recounts_them():
    index(doc(1, body="کتابخانه کتابخانه"), doc(2, body="کتابخانه"))
    index(doc(2, body="کتابخانه کتابدار"))  # an edit counts again until the next rebuild
    counts = dict(SearchTerm.objects.values_list("term", "documents"))
    assert counts["کتابخانه"] == 3
    assert counts["کتابدار"] == 1
    engine.rebuild([[doc(1, body="کتابخانه"), doc(2, body="کتابدار")]])
    counts = dict(SearchTerm.objects.values_list("term", "documents"))
    assert counts["کتابخانه"] == 1
    assert counts["کتابدار"] == 1
    assert not any(term.startswith("_") for term in counts)  # facet tokens stay out


def test_filters_apply_to_the_walk_over_headlines_too():
    index(
        *[
            doc(i, body="روابط عمومی", facets=[facet("unit", 1)], days_ago=i / 10)
            for i in range(1, 30)
        ]
    )
    index(doc(100, headline="روابط عمومی", facets=[facet("unit", 2)], days_ago=2))
    index(doc(101, headline="روابط عمومی", facets=[facet("unit", 1)], days_ago=3))
    assert found("روابط عمومی", facets=[[facet("unit", 1)]], limit=3) == [101, 1, 2]
    assert found("روابط عمومی", facets=[[facet("unit", 2)]], limit=3) == [100]


def test_a_stem_finds_words_written_with_a_detached_prefix():
    index(doc(1, body="هم افزایی"), doc(2, body="می خواهد"))
    assert found("افزایی") == [1]
    assert found("خواهد") == [2]


def test_facets_filter_and_never_match_words():
    pub, unit = facet("pub", 1), lambda n: facet("unit", n)
    index(
        doc(1, body="خبر", facets=[pub, unit(1), unit(2)]),
        doc(2, body="خبر", facets=[unit(1), unit(3)]),
        doc(3, body="unit 1 pub", facets=[pub, unit(4)]),
    )
    assert set(found("خبر", facets=[[pub]])) == {1}
    assert set(found("خبر", facets=[[unit(1)]])) == {1, 2}
    assert set(found("خبر", facets=[[unit(2), unit(3)]])) == {1, 2}
    assert set(found("خبر", facets=[[unit(1)], [pub]])) == {1}
    # A searcher's words and prefixes reach words only, never the facet tokens.
    assert found("_unit_1") == [3]
    assert found("pub") == [3]
    assert found("uni*") == [3]  # the word «unit» of story 3, never a facet token
    assert found('"_pub_1"') == []
    assert set(found("", facets=[[unit(1)]])) == {1, 2}  # facets alone: newest first


def test_date_range_bounds_are_inclusive_then_exclusive():
    index(doc(1, body="خبر", days_ago=10), doc(2, body="خبر", days_ago=5), doc(3, body="خبر"))
    since, until = NOW - timedelta(days=6), NOW - timedelta(days=2)
    assert found("خبر", since=since, until=until) == [2]
    assert set(found("خبر", since=NOW - timedelta(days=5), until=NOW)) == {2, 3}


def filler(count: int = 20) -> None:
    """Documents without the searched words, so that those words are rare, as in real use."""
    index(*[doc(1000 + i, body=f"متن عادی شماره {i}") for i in range(count)])


def test_relevance_and_recency_both_count():
    filler()
    index(
        doc(1, headline="توانمندسازی مددجویان", days_ago=3),
        doc(2, body="گزارش سالانه، و یک اشاره به توانمندسازی", days_ago=2),
        doc(3, body="گزارشی دیگر درباره توانمندسازی", days_ago=400),
    )
    assert found("توانمندسازی") == [1, 2, 3]  # headline beats a day's recency; a year is a lot


def test_re_indexing_replaces_and_removing_removes():
    index(doc(1, body="نخستین متن"))
    index(doc(1, body="متن تازه", days_ago=0.5))
    assert found("نخستین") == []
    assert found("تازه") == [1]
    engine.remove([1])
    assert found("تازه") == []


def test_pages_and_counts():
    index(*[doc(i, body="خبر بهزیستی", days_ago=i) for i in range(1, 26)])
    first = engine.search("بهزیستی", limit=10, now=NOW)
    third = engine.search("بهزیستی", offset=20, limit=10, now=NOW)
    assert [h.object_id for h in first.hits] == list(range(1, 11))
    assert [h.object_id for h in third.hits] == list(range(21, 26))
    assert first.count == third.count == 25
    assert first.count_exact


def test_broad_queries_rank_the_newest_matches_without_reading_them_all(monkeypatch):
    read = []
    original = engine.backend

    def counting_backend():
        index = original()
        candidates = index.candidates

        def spy(*args, **kwargs):
            rows = candidates(*args, **kwargs)
            read.extend(rows)
            return rows

        index.candidates = spy  # type: ignore[method-assign]
        return index

    monkeypatch.setattr(engine, "backend", counting_backend)
    monkeypatch.setattr(engine, "MAX_SCAN", 40)
    monkeypatch.setattr(engine, "COUNT_CAP", 60)
    index(*[doc(i, body="روابط عمومی بهزیستی", days_ago=i / 10) for i in range(1, 101)])
    results = engine.search("روابط عمومی", limit=5, now=NOW)
    assert [h.object_id for h in results.hits] == [1, 2, 3, 4, 5]
    # The newest five matches, and the walk over headlines and leads, which finds none.
    assert len(read) == 5
    assert results.count == 60
    assert not results.count_exact


def test_an_older_headline_match_outranks_newer_matches_in_the_body_however_many():
    index(*[doc(i, body="روابط عمومی بهزیستی", days_ago=i / 10) for i in range(1, 301)])
    index(doc(500, headline="روابط عمومی استان", body="گزارش", days_ago=3))
    index(doc(501, lead="روابط عمومی استان", body="گزارش", days_ago=4))
    index(doc(502, headline="روابط عمومی استان", days_ago=400))  # too old to enter
    results = engine.search("روابط عمومی", limit=5, now=NOW)
    assert [h.object_id for h in results.hits] == [500, 501, 1, 2, 3]


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        "«",
        "NEAR(a b)",
        "a OR b AND NOT c",
        "*",
        "^کتاب",
        "کتاب:*",
        "'; DROP TABLE search_searchdocument; --",
        "\x00",
        "کتاب\x00خانه",
        "!!!…؟؟",
        "ک" * 2000,
        "کتاب " * 400,
        "\u200c\u200f\u202e",
        "{headline}: کتاب",
        "_unit_1",
        "unit",
        "-کتاب",
        "(((",
    ],
)
def test_odd_input_gives_results_or_nothing(typed):
    index(doc(1, headline="کتاب", body="کتاب خانه", facets=[facet("unit", 1)]))
    results = engine.search(typed, now=NOW)
    assert results.count == len(results.hits)
    assert set(found(typed)) <= {1}


def test_nothing_typed_and_no_filter_finds_nothing():
    index(doc(1, body="خبر"))
    assert found("") == []
    assert found("   ") == []


def test_facet_tokens_are_plain():
    assert facet("unit", 12) == "_unit_12"
    assert facet("subject", "Social-Affairs") == "_subject_socialaffairs"
    assert facet("lang", "fa") == "_lang_fa"


def test_sort_key_refuses_ids_that_do_not_fit():
    with pytest.raises(ValueError, match="does not fit"):
        engine.sort_key(NOW, 1 << 31)
