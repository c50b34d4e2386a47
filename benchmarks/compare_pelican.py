"""Benchmark: dossier against plain Pelican on the same articles, at several numbers of articles.

    .venv/bin/python benchmarks/compare_pelican.py [--sizes 250,1000] [--repeat 1]

For each size N, on a copy of the project in a temporary folder (tests/conftest.py's copy_project,
without its articles) whose seeds/ holds N generated articles instead of the five real ones:
distinct titles, dates, outlets, bylines and texts, recombined from the real seeds' paragraphs
(benchmarks/generated_seeds.py; the same N articles on every run). It measures, each build run
in its own subprocess with this process's interpreter:

- dossier, cold build: `build.py` from the seeds (ingest, annotate, spaCy's proposals, render, search index);
- dossier, cold build with `--no-propose`, when build.py has that option (no spaCy);
- dossier, rebuild with nothing changed (render and search index only);
- dossier, rebuild with one article added (one more generated seed);
- plain Pelican, full build: the dossier's annotated articles as ordinary Pelican Markdown articles
  (wiki-links turned into their text), Pelican's default theme, `pelican content`.

For each build: the wall time (median of R runs) and its ratio to plain Pelican's, and the peak
memory: the largest resident set of any process of the build's tree (os.wait4's rusage of the
child, which includes the descendants it waited for, such as Pagefind), the maximum over the R
runs. For each site: its files and bytes, and its largest page. With two sizes or more, how the
times grow from the smallest N to the largest, against how N grows; and, to end, the same
figures as a Markdown table for the README.

The benchmark fails (exit status 1, with the build's messages) when a build exits with an error
status (Pelican runs with `--fatal errors`), or a dossier build prints an "error:" line, or writes
another number of articles than there are seeds; it says so when the build reads an article's
title, date, outlet or authors otherwise than its seed states them. The machine is noisy: read the
ratios and the growth, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
from generated_seeds import GeneratedSeed, generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import copy_project  # noqa: E402

PYTHON = sys.executable
BUILD = [PYTHON, str(ROOT / "build.py")]
PELICAN = "plain Pelican, full build"
COLD = "dossier, cold build"
COLD_NO_PROPOSE = "dossier, cold build, --no-propose"
REBUILD = "dossier, rebuild, nothing changed"
ADD_ONE = "dossier, rebuild, one article added"
BUILDS = (PELICAN, COLD, COLD_NO_PROPOSE, REBUILD, ADD_ONE)  # the order of the rows
ERROR_LINE = re.compile(r"^\s*error:.*$", re.IGNORECASE | re.MULTILINE)
WARNING_LINE = re.compile(r"^\s*warning:.*$", re.IGNORECASE | re.MULTILINE)


@dataclass
class Run:
    """One build: how long it took, the peak memory of its process tree, what it printed."""

    seconds: float
    peak_rss: int  # bytes
    output: str


@dataclass
class Site:
    """A built site's size: its files, their bytes, and its largest page."""

    files: int
    size: int
    largest_page: str
    largest_page_size: int


@dataclass
class SizeResult:
    """What one size measured over its runs."""

    articles: int
    seconds: dict[str, list[float]] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)  # what each build printed, on its last run
    misread: list[str] = field(default_factory=list)  # articles the cold build read otherwise than stated
    dossier_site: Site | None = None
    pelican_site: Site | None = None

    def add(self, name: str, run: Run) -> None:
        self.seconds.setdefault(name, []).append(run.seconds)
        self.peak_rss[name] = max(self.peak_rss.get(name, 0), run.peak_rss)
        self.warnings[name] = WARNING_LINE.findall(run.output)

    def builds(self) -> list[str]:
        return [name for name in BUILDS if name in self.seconds]

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])


def run(command: list[str], cwd: Path) -> Run:
    """Run `command` in a subprocess and measure it; stop the benchmark if it fails or reports an error."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        # wait4, not wait: its rusage is the child's own, with the descendants it waited for.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
    errors = ERROR_LINE.findall(output)
    if process.returncode != 0 or errors:
        shown = "\n".join(errors) if errors else "\n".join(output.splitlines()[-30:])
        raise SystemExit(f"FAILED (exit status {process.returncode}): {' '.join(command)}\nin {cwd}\n{shown}")
    return Run(seconds, usage.ru_maxrss * 1024, output)  # ru_maxrss is in kilobytes on Linux


def build(root: Path, *options: str) -> Run:
    return run([*BUILD, "--root", str(root), "-q", *options], root)


def has_no_propose() -> bool:
    """Whether build.py has the `--no-propose` option (a cold build without spaCy's proposals)."""
    result = subprocess.run([*BUILD, "build", "--help"], capture_output=True, text=True, check=True)
    return "--no-propose" in result.stdout


def dossier_copy(folder: Path, seeds: list[GeneratedSeed]) -> Path:
    """A copy of the project without its articles, whose seeds/ holds `seeds` only."""
    root = copy_project(folder, with_articles=False)
    shutil.rmtree(root / "seeds")
    (root / "seeds").mkdir()
    for seed in seeds:
        write_seed(root, seed)
    return root


def write_seed(root: Path, seed: GeneratedSeed) -> None:
    (root / "seeds" / seed.name).write_text(seed.text, encoding="utf-8")


def articles_written(root: Path) -> list[Path]:
    return sorted((root / "content" / "articles").glob("*.md"))


def check_articles(root: Path, seeds: list[GeneratedSeed]) -> list[str]:
    """Stop if the build wrote another number of articles than there are seeds; return the articles
    whose title, date, outlet or authors are not those their seed states (what it misread)."""
    written = articles_written(root)
    if len(written) != len(seeds):
        raise SystemExit(f"FAILED: {len(seeds)} seeds, but the build wrote {len(written)} articles in {root}")
    by_name = {f"seeds/{seed.name}": seed for seed in seeds}
    misread = []
    for path in written:
        post = frontmatter.load(path)
        seed = by_name[post["seed"]]
        read = (post["title"], str(post["date"]), fold(post["outlet"] or ""), tuple(post["authors"] or ()))
        stated = (seed.title, seed.date, fold(seed.outlet), seed.authors)
        if read != stated:
            misread.append(f"{seed.name}: read {read}, the seed states {stated}")
    return misread


def fold(name: str) -> str:
    """An outlet's name without accents, case or punctuation: the build may spell it its own way ("Les Echos")."""
    text = unicodedata.normalize("NFKD", name).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def plain_pelican_site(dossier: Path, target: Path) -> None:
    """The dossier's annotated articles as a plain Pelican site."""
    content = target / "content"
    content.mkdir(parents=True)
    for index, path in enumerate(articles_written(dossier)):
        post = frontmatter.load(path)
        body = re.sub(r"\[\[[^|\]]+\|([^\]]+)\]\]", r"\1", post.content)
        meta = f"Title: {post['title']}\nDate: 2024-01-{index % 28 + 1:02d}\nSlug: {post['slug']}\n"
        (content / f"{post['slug']}.md").write_text(f"{meta}\n{body}\n", encoding="utf-8")
    (target / "pelicanconf.py").write_text(
        "SITENAME = 'Plain'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'fr'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n",
        encoding="utf-8",
    )


def pelican_build(site: Path) -> Run:
    shutil.rmtree(site / "output", ignore_errors=True)  # a full build each time, as the first one
    command = [PYTHON, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q", "--fatal", "errors"]
    return run(command, site)


def measure_site(output: Path) -> Site:
    files = [path for path in output.rglob("*") if path.is_file()]
    pages = [path for path in files if path.suffix == ".html"]
    largest = max(pages, key=lambda path: path.stat().st_size)
    return Site(
        files=len(files),
        size=sum(path.stat().st_size for path in files),
        largest_page=largest.relative_to(output).as_posix(),
        largest_page_size=largest.stat().st_size,
    )


def measure(count: int, seeds: list[GeneratedSeed], repeat: int, work: Path, no_propose: bool) -> SizeResult:
    """Every build of one size, `repeat` times; `seeds` holds count + 1 articles, the last one to add."""
    result = SizeResult(articles=count)
    first, added = seeds[:count], seeds[count]
    plain = work / f"plain-{count}"
    for number in range(repeat):
        print(f"  {count} articles, run {number + 1} of {repeat}", file=sys.stderr, flush=True)
        if no_propose:
            root = dossier_copy(work / f"dossier-{count}-no-propose", first)
            result.add(COLD_NO_PROPOSE, build(root, "--no-propose"))
            check_articles(root, first)
            shutil.rmtree(root)
        root = dossier_copy(work / f"dossier-{count}", first)
        result.add(COLD, build(root))
        result.misread = check_articles(root, first)
        result.dossier_site = measure_site(root / "output")
        result.add(REBUILD, build(root))
        if not plain.exists():
            plain_pelican_site(root, plain)
        write_seed(root, added)
        result.add(ADD_ONE, build(root))
        check_articles(root, [*first, added])
        shutil.rmtree(root)
        result.add(PELICAN, pelican_build(plain))
        result.pelican_site = measure_site(plain / "output")
    shutil.rmtree(plain)
    return result


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def page_size(size: int) -> str:
    return f"{size / 1e3:.0f} kB" if size < 1e6 else megabytes(size)


def largest_page(site: Site) -> str:
    return f"{page_size(site.largest_page_size)} (`{site.largest_page}`)"


def report(result: SizeResult, repeat: int) -> None:
    """One size's figures: times, ratios and peak memory; then the two sites; then the dossier's warnings."""
    runs = "1 run" if repeat == 1 else f"median of {repeat} runs"
    print(f"\n{result.articles} articles ({runs})")
    base = result.median(PELICAN)
    print(f"  {'build':<40}{'seconds':>9}{'ratio to Pelican':>18}{'peak memory':>13}")
    for name in result.builds():
        median = result.median(name)
        print(f"  {name:<40}{median:>9.2f}{median / base:>17.2f}×{megabytes(result.peak_rss[name]):>13}")
    print(f"  {'site':<16}{'files':>7}{'total':>11}   largest page")
    for name, site in (("plain Pelican", result.pelican_site), ("dossier", result.dossier_site)):
        print(f"  {name:<16}{site.files:>7}{megabytes(site.size):>11}   {largest_page(site)}")
    for name, lines in result.warnings.items():
        if lines:
            print(f"  {name}: {len(lines)} warning line(s), the first: {lines[0].strip()}")
    if result.misread:
        print(f"  warning: {len(result.misread)} of {result.articles} articles lack the metadata their seed states:")
        for line in result.misread[:5]:
            print(f"    {line}")


def report_growth(smallest: SizeResult, largest: SizeResult) -> None:
    """How each time, the memory and the output grow from the smallest size to the largest, against the articles."""
    factor = largest.articles / smallest.articles
    print(f"\ngrowth from {smallest.articles} to {largest.articles} articles ({factor:.1f}× the articles)")
    for name in smallest.builds():
        print(f"  {name:<40}{largest.median(name) / smallest.median(name):>7.2f}× the time")
    print(f"  {'dossier, cold build peak memory':<40}{largest.peak_rss[COLD] / smallest.peak_rss[COLD]:>7.2f}×")
    for name, low, high in (
        ("plain Pelican", smallest.pelican_site, largest.pelican_site),
        ("dossier", smallest.dossier_site, largest.dossier_site),
    ):
        largest_page = high.largest_page_size / low.largest_page_size
        print(f"  {name + ' output':<40}{high.size / low.size:>7.2f}× the bytes, largest page {largest_page:.2f}×")


def markdown_table(results: list[SizeResult]) -> str:
    """The figures as a Markdown table for the README: a column per size, and the growth when there are two or more."""
    growth = len(results) > 1
    header = ["build"] + [f"{result.articles} articles" for result in results]
    if growth:
        header.append(f"growth ({results[-1].articles / results[0].articles:.0f}× the articles)")

    def row(label: str, values: list[float], cells: list[str]) -> list[str]:
        return [label, *cells, *([f"{values[-1] / values[0]:.1f}×"] if growth else [])]

    rows = []
    for name in results[0].builds():
        values = [result.median(name) for result in results]
        cells = [
            f"{seconds:.1f} s" + ("" if name == PELICAN else f" ({seconds / result.median(PELICAN):.1f}×)")
            for seconds, result in zip(values, results, strict=True)
        ]
        rows.append(row(name, values, cells))
    for label, build_name in (("peak memory, dossier cold build", COLD), ("peak memory, plain Pelican", PELICAN)):
        values = [result.peak_rss[build_name] for result in results]
        rows.append(row(label, values, [megabytes(value) for value in values]))
    for label, sites in (
        ("dossier", [result.dossier_site for result in results]),
        ("plain Pelican", [result.pelican_site for result in results]),
    ):
        cells = [f"{site.files} files, {megabytes(site.size)}" for site in sites]
        rows.append(row(f"output, {label}", [site.size for site in sites], cells))
        page_sizes = [site.largest_page_size for site in sites]
        rows.append(row(f"largest page, {label}", page_sizes, [largest_page(site) for site in sites]))
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def sizes(value: str) -> list[int]:
    numbers = sorted({int(part) for part in value.split(",") if part.strip()})
    if not numbers or numbers[0] < 1:
        raise argparse.ArgumentTypeError("sizes are numbers of articles, 1 or more, separated by commas")
    return numbers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes, default=[250, 1000], help="numbers of articles (default 250,1000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; times are medians (default 1)")
    args = parser.parse_args()
    no_propose = has_no_propose()
    if not no_propose:
        print("build.py has no --no-propose option: no cold build without proposals is measured", file=sys.stderr)
    seeds = generate(args.sizes[-1] + 1, ROOT / "seeds")
    results = []
    with tempfile.TemporaryDirectory(prefix="dossier-benchmark-") as folder:
        for count in args.sizes:
            results.append(measure(count, seeds[: count + 1], args.repeat, Path(folder), no_propose))
            report(results[-1], args.repeat)
    if len(results) > 1:
        report_growth(results[0], results[-1])
    print("\nFor the README:\n")
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
