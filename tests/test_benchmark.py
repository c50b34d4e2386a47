"""The benchmark (benchmarks/compare_pelican.py): its failure checks, its growth and its tables.

The fast tests give the reporting made-up figures; the slow one runs the whole benchmark on 20
generated articles (every dossier build, plain Pelican and plain Hugo, which it installs into its
own virtual environment under ~/.cache/dossier-bench/ the first time) and reads its tables.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import compare_pelican as bench  # noqa: E402
import plain_sites  # noqa: E402
from generated_seeds import generate  # noqa: E402

PYTHON = sys.executable


def test_a_build_that_exits_with_an_error_stops_the_benchmark(tmp_path):
    with pytest.raises(SystemExit, match=r"FAILED \(exit status 3\)"):
        bench.run([PYTHON, "-c", "import sys; print('last words'); sys.exit(3)"], tmp_path)


def test_a_build_that_prints_an_error_line_stops_the_benchmark(tmp_path):
    with pytest.raises(SystemExit, match="error: the seed is unreadable"):
        bench.run([PYTHON, "-c", "print('error: the seed is unreadable')"], tmp_path)


def test_a_build_that_succeeds_is_timed_and_measured(tmp_path):
    result = bench.run([PYTHON, "-c", "print('warning: two titles alike')"], tmp_path)
    assert result.seconds > 0
    assert result.peak_rss > 1_000_000  # a Python interpreter's resident set, in bytes
    assert bench.WARNING_LINE.findall(result.output) == ["warning: two titles alike"]


def test_a_plain_site_without_every_article_page_stops_the_benchmark(tmp_path):
    (tmp_path / "articles" / "un").mkdir(parents=True)
    (tmp_path / "articles" / "un" / "index.html").write_text("<p>un</p>", encoding="utf-8")
    plain_sites.check_pages(tmp_path, ["articles/un/index.html"], "Hugo")
    with pytest.raises(SystemExit, match=r"Hugo wrote no articles/deux/index.html \(1 of 2"):
        plain_sites.check_pages(tmp_path, ["articles/un/index.html", "articles/deux/index.html"], "Hugo")


def test_the_edited_seed_ends_with_the_sentence_added_to_its_last_paragraph():
    seed = generate(1, ROOT / "seeds")[0]
    edited = bench.edited(seed)
    last = edited.text.rstrip("\n").split("\n")[-1]
    assert last.endswith(" " + bench.EDIT_SENTENCE)
    assert len(last.split()) > 15  # the sentence joins a paragraph, not a line of its own that a reader could drop
    assert edited.name == seed.name and edited.title == seed.title


def test_4000_generated_articles_are_distinct():
    seeds = generate(4001, ROOT / "seeds")
    for attribute in ("name", "title", "text"):
        assert len({getattr(seed, attribute) for seed in seeds}) == 4001, attribute


def made_up(articles: int, scale: float) -> bench.SizeResult:
    """A size's result: times `scale` × 1 s, 2 s, … in the order of the builds, memory `scale` × 100 MB."""
    result = bench.SizeResult(articles=articles)
    for rank, name in enumerate(bench.BUILDS, start=1):
        result.add(name, bench.Run(seconds=rank * scale, peak_rss=int(100e6 * scale), output=""))
    for name in bench.SITES:
        result.sites[name] = bench.Site(articles, int(1e6 * scale), largest_page="index.html", largest_page_size=1000)
    return result


def test_the_growth_compares_each_size_with_the_next_and_the_smallest_with_the_largest():
    results = [made_up(250, 1.0), made_up(1000, 3.0), made_up(4000, 12.0)]
    tables = bench.markdown_tables(results, "v0.168.0")
    growth = tables.split("\n\n")[-1].splitlines()
    assert growth[0] == (
        "| growth | 250 → 1000 (4.0× the articles) | 1000 → 4000 (4.0× the articles) "
        "| 250 → 4000 (16.0× the articles) |"
    )
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in growth[2:]}
    assert set(rows) == {*bench.BUILDS, *(f"output, {name}" for name in bench.SITES)}
    assert rows[bench.EDIT_ONE] == (
        f"| {bench.EDIT_ONE} | 3.0× the time, 3.0× the memory | 4.0× the time, 4.0× the memory "
        "| 12.0× the time, 12.0× the memory |"
    )


def test_the_builds_table_gives_each_build_its_time_its_ratios_and_its_memory():
    tables = bench.markdown_tables([made_up(50, 1.0)], "v0.168.0")
    assert "growth" not in tables  # one size: nothing to grow from
    lines = tables.splitlines()
    assert "| plain Hugo, full build | 2.00 s | 2.00× | 1.0× | 100.0 MB |" in lines
    assert "| dossier, rebuild, one article edited | 7.00 s | 7.00× | 3.5× | 100.0 MB |" in lines
    # one article added: 6 s against Hugo's 2 s
    moonshot = "Moonshot, one article added within 2× Hugo's full build: 6.00 s is 3.0× Hugo's 2.00 s at 50 articles: not met."
    assert moonshot in lines


BUILD_ROW = re.compile(
    r"^\| (?P<name>[^|]+) \| (?P<time>\d+\.\d\d) s \| (?P<pelican>\d+\.\d\d)× \| \d+\.\d× \| (?P<memory>\d+\.\d) MB \|$"
)


@pytest.mark.slow
@pytest.mark.site
def test_the_benchmark_measures_every_build_of_20_articles():
    benchmark = ROOT / "benchmarks" / "compare_pelican.py"
    command = [PYTHON, str(benchmark), "--sizes", "20", "--repeat", "1"]
    completed = subprocess.run(command, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    readme = completed.stdout.split("For the README:", 1)[1]
    rows = {match["name"]: match for match in map(BUILD_ROW.match, readme.splitlines()) if match}
    assert set(rows) == set(bench.BUILDS)
    for name, row in rows.items():
        assert float(row["time"]) > 0 and float(row["memory"]) > 1, name
    assert rows[bench.PELICAN]["pelican"] == "1.00"
    assert "| output, plain Hugo | 24 files," in readme  # 20 articles, the home page, the section's, tags', categories'
    assert re.search(r"Moonshot, one article added within 2× Hugo's full build: .* at 20 articles: (not )?met\.", readme)
