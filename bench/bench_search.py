"""Search benchmark: index build rate and query latency at scale, on SQLite and PostgreSQL.

    make bench-search                      # 100k and 1M stories, both databases
    .venv/bin/python bench/bench_search.py --sizes 100000 --databases sqlite

For each database and size it makes (or reuses) a database holding exactly that many
generated stories (``hamafza generate``), rebuilds the search index and times it, then runs a
fixed mixed query set: broad queries that match most stories («روابط عمومی»), selective
words, phrases, prefixes, messy spellings, filters, the staff scope and odd input. Each query
runs ``--repeat`` times after one warm-up; latency is measured around ``engine.search``
(ranking and counting) and around ``selectors.story_search`` (plus reading the stories and
the highlighted snippets: what a results page costs).

Machine noise: every run also times a fixed CPU-bound reference (the search key of the seed
article, 2,000 times) in the same process; the report gives each percentile as milliseconds
and as a ratio to that reference, so runs on different days or machines can be compared.

Set BENCH_REINDEX=0 to reuse an index already built (then no build rate is reported).
Databases live under ``var/bench/`` (SQLite) and in ``hamafza_bench_<size>`` (PostgreSQL at
``BENCH_PG``, default postgres://postgres@127.0.0.1:5432); they are kept between runs so the
generation (minutes at 1M) is paid once. ``--fresh`` starts them over.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_2d0e860523311ed6.txt"
HAMAFZA = Path(sys.executable).with_name("hamafza")

# (label, class, query text, filters) — filters as story_search's StoryFilters fields, plus
# "scope": "public" | "staff" (a provincial editor: published + their line's drafts).
QUERIES = [
    ("روابط عمومی", "broad", "روابط عمومی", {}),
    ("بهزیستی", "broad", "بهزیستی", {}),
    ("سازمان بهزیستی کشور", "broad", "سازمان بهزیستی کشور", {}),
    ("در (a stop word: nothing)", "odd", "در", {}),
    ('"روابط عمومی" phrase', "broad", '"روابط عمومی"', {}),
    ("استان + unit filter", "broad", "استان", {"unit": "isfahan"}),
    ("روابط عمومی, staff", "broad", "روابط عمومی", {"scope": "staff"}),
    ("روابط عمومی, 30 days", "broad", "روابط عمومی", {"days": 30}),
    ("توانمندسازی مددجویان", "selective", "توانمندسازی مددجویان", {}),
    ("اورژانس اجتماعی", "selective", "اورژانس اجتماعی", {}),
    ("خراسان رضوی", "selective", "خراسان رضوی", {}),
    ('"مشاور امور فرابخشی"', "selective", '"مشاور امور فرابخشی"', {}),
    ("مشــاور (tatweel)", "selective", "مشــاور", {}),
    ("روابط عمومي (Arabic yeh)", "selective", "روابط عمومي", {}),
    ("می خواهد (space)", "selective", "می خواهد", {}),
    ("هم‌افزایی", "selective", "هم‌افزایی", {}),
    ("توانمند* (prefix)", "prefix", "توانمند*", {}),
    ("کتاب* (prefix)", "prefix", "کتاب*", {}),
    ("آموز* (prefix)", "prefix", "آموز*", {}),
    ("کودک (stem: کودکان)", "selective", "کودک", {}),
    ("کودکان + kind", "filtered", "کودکان", {"kind": "report"}),
    ("بهزیستی + subject", "filtered", "بهزیستی", {"subject": "achievement"}),
    ("بهزیستی + 2 filters", "filtered", "بهزیستی", {"unit": "tehran", "kind": "news"}),
    ("سالمندان, staff", "filtered", "سالمندان", {"scope": "staff"}),
    ("no hit", "rare", "زرافه کهکشان", {}),
    ("۱۴۰۵", "rare", "۱۴۰۵", {}),
    ("2,000 chars", "odd", "روابط عمومی " * 166, {}),
    ("operators", "odd", 'NEAR("a" OR b*) AND "', {}),
]


def reference_ms() -> float:
    """A fixed amount of CPU work, to set each run's figures against the machine's speed at
    that moment: the pure-Python search key (the compiled one is what the build measures)."""
    from hamafza.search.normalize import _index_parts_python as index_parts

    text = SEED.read_text(encoding="utf-8")[:2000]
    start = time.perf_counter()
    for _ in range(2000):
        index_parts(text)
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[rank]


def run_one(size: int, repeat: int) -> dict:
    """In a process whose settings point at the benchmark database: build, then query."""
    import django

    django.setup()
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from hamafza.newsroom.indexing import index_all_stories
    from hamafza.newsroom.models import Story
    from hamafza.newsroom.selectors import StoryFilters, story_search
    from hamafza.org.models import Membership, Unit
    from hamafza.search import engine
    from hamafza.search.models import SearchDocument

    stories = Story.objects.count()
    build_rate = None
    indexed = SearchDocument.objects.count()
    if os.environ.get("BENCH_REINDEX", "1") == "1" or indexed != stories:
        start = time.perf_counter()
        index_all_stories(stdout=sys.stdout, empty_first=True)
        build_rate = stories / (time.perf_counter() - start)
    units = dict(Unit.objects.values_list("slug", "pk"))
    staff = (
        Membership.objects.filter(unit__slug="isfahan", role="editor")
        .select_related("user")
        .first()
    )
    now = timezone.now()
    reference = [reference_ms() for _ in range(3)]
    rows = []
    all_engine: list[float] = []
    all_page: list[float] = []
    by_class: dict[str, list[float]] = {}
    for label, kind, text, spec in QUERIES:
        spec = dict(spec)
        scope = spec.pop("scope", "public")
        days = spec.pop("days", None)
        unit = spec.pop("unit", None)
        filters = StoryFilters(
            unit_id=units.get(unit) if unit else None,
            since=(now - timedelta(days=days)).date() if days else None,
            **spec,
        )
        viewer = staff.user if scope == "staff" and staff else None
        engine_ms, page_ms = [], []
        count = exact = None
        for attempt in range(repeat + 1):
            captured: dict = {}
            real_search = engine.search

            def timed(*args, _captured=captured, _real=real_search, **kwargs):
                start = time.perf_counter()
                result = _real(*args, **kwargs)
                _captured["ms"] = (time.perf_counter() - start) * 1000
                return result

            engine.search = timed
            try:
                start = time.perf_counter()
                page = story_search(text=text, viewer=viewer, filters=filters, now=now)
                total = (time.perf_counter() - start) * 1000
            finally:
                engine.search = real_search
            if attempt:  # the first run warms caches
                engine_ms.append(captured.get("ms", 0.0))  # no words: no search
                page_ms.append(total)
            count, exact = page.count, page.count_exact
        all_engine += engine_ms
        all_page += page_ms
        by_class.setdefault(kind, []).extend(engine_ms)
        rows.append(
            {
                "query": label,
                "class": kind,
                "hits": f"{count:,}{'' if exact else '+'}",
                "engine_p50": statistics.median(engine_ms),
                "engine_max": max(engine_ms),
                "page_p50": statistics.median(page_ms),
            }
        )
    return {
        "database": connection.vendor,
        "stories": stories,
        "build_rate": build_rate,
        "reference_ms": statistics.median(reference),
        "queries": rows,
        "engine": {p: percentile(all_engine, q) for p, q in (("p50", .5), ("p95", .95), ("p99", .99))},
        "page": {p: percentile(all_page, q) for p, q in (("p50", .5), ("p95", .95), ("p99", .99))},
        "classes": {k: {"p50": percentile(v, .5), "p95": percentile(v, .95)} for k, v in by_class.items()},
    }


def database_env(database: str, size: int) -> dict[str, str]:
    env = dict(os.environ)
    # As production runs: DEBUG on made Django's debug cursor keep every statement and its
    # parameters (a rebuild's executemany of 2,000 stories), which cost the main process
    # more than the inserts themselves.
    env["DEBUG"] = "0"
    env.setdefault("SECRET_KEY", "bench-only-not-secret")
    env["DJANGO_SETTINGS_MODULE"] = "hamafza.config.settings"
    if database == "sqlite":
        env["DATA_DIR"] = str(ROOT / "var" / "bench" / f"sqlite-{size}")
        env.pop("DATABASE_URL", None)
    else:
        base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
        env["DATABASE_URL"] = f"{base}/hamafza_bench_{size}"
        env["DATA_DIR"] = str(ROOT / "var" / "bench" / f"pg-{size}")
    return env


def prepare(database: str, size: int, fresh: bool) -> dict[str, str]:
    env = database_env(database, size)
    Path(env["DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    if database == "sqlite" and fresh:
        for name in ("hamafza.sqlite3", "hamafza.sqlite3-wal", "hamafza.sqlite3-shm"):
            (Path(env["DATA_DIR"]) / name).unlink(missing_ok=True)
    if database == "postgresql":
        name = f"hamafza_bench_{size}"
        if fresh:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
        exists = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run([str(HAMAFZA), "migrate", "-v0"], env=env, check=True)
    count = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from hamafza.newsroom.models import Story; print(Story.objects.count())"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    missing = size - int(count or 0)
    if missing > 0:
        print(f"-- generating {missing:,} stories on {database}", flush=True)
        subprocess.run([str(HAMAFZA), "generate", "--stories", str(missing), "--no-index"], env=env, check=True)
    elif missing < 0:
        raise SystemExit(f"{database} bench database holds more than {size:,} stories; use --fresh")
    return env


def report(result: dict) -> None:
    ref = result["reference_ms"]
    rate = f"{result['build_rate']:,.0f} stories/s" if result["build_rate"] else "(reused)"
    print(f"\n### {result['database']} · {result['stories']:,} stories · index build {rate} · reference {ref:.0f} ms")
    print(f"{'query':34} {'class':10} {'hits':>9} {'engine p50':>11} {'max':>8} {'page p50':>9}")
    for row in result["queries"]:
        print(
            f"{row['query'][:34]:34} {row['class']:10} {row['hits']:>9} "
            f"{row['engine_p50']:>9.1f}ms {row['engine_max']:>6.1f}ms {row['page_p50']:>7.1f}ms"
        )
    for name in ("engine", "page"):
        p = result[name]
        print(
            f"{name:6} p50 {p['p50']:.1f} ms  p95 {p['p95']:.1f} ms  p99 {p['p99']:.1f} ms"
            f"   (÷ reference: p95 {p['p95'] / ref:.4f})"
        )
    print("by class (engine): " + ", ".join(f"{k} p50 {v['p50']:.1f} / p95 {v['p95']:.1f} ms" for k, v in result["classes"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="regenerate the databases")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(int(args.one), args.repeat)))
        return
    results = []
    for database in args.databases.split(","):
        for size in [int(s) for s in args.sizes.split(",")]:
            env = prepare(database, size, args.fresh)
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat)],
                env=env, check=True, stdout=subprocess.PIPE, text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            report(result)
            results.append(result)
    path = ROOT / "var" / "bench" / "search-results.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nresults saved to {path}")


if __name__ == "__main__":
    main()
