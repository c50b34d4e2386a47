"""Benchmark: dossier against plain Pelican on the same articles, reported as a ratio.

    .venv/bin/python benchmarks/compare_pelican.py [--copies N] [--repeat R]

Both run in this process's interpreter, in subprocesses, on copies in a temporary folder:
- plain Pelican: the annotated articles as ordinary Pelican Markdown articles (wiki-links
  turned into their text), Pelican's default theme, `pelican content -s pelicanconf.py`;
- dossier, cold: `python build.py` from the seeds (ingest, annotate, spaCy, render);
- dossier, rebuild: `python build.py` again with nothing changed (render only).
`--copies N` multiplies the seeds (each copy made distinct) to see how the costs grow.
Times are medians of R runs; the machine is noisy, so read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import frontmatter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import copy_project  # noqa: E402


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed


def multiply_seeds(root: Path, copies: int) -> None:
    seeds = sorted((root / "seeds").glob("*.txt"))
    for number in range(2, copies + 1):
        for seed in seeds:
            text = seed.read_text(encoding="utf-8")
            # A distinct first line and closing line, so each copy is its own article.
            (root / "seeds" / f"{seed.stem}-copy{number}.txt").write_text(
                f"Copie {number} : {text.splitlines()[0]}\n{text}\n\nNote de la copie numéro {number} du dossier.\n",
                encoding="utf-8",
            )


def plain_pelican_site(dossier: Path, target: Path) -> None:
    """The dossier's annotated articles as a plain Pelican site."""
    content = target / "content"
    content.mkdir(parents=True)
    for index, path in enumerate(sorted((dossier / "content" / "articles").glob("*.md"))):
        post = frontmatter.load(path)
        body = re.sub(r"\[\[[^|\]]+\|([^\]]+)\]\]", r"\1", post.content)
        meta = f"Title: {post['title']}\nDate: 2024-01-{index % 28 + 1:02d}\nSlug: {post['slug']}\n"
        (content / f"{post['slug']}.md").write_text(f"{meta}\n{body}\n", encoding="utf-8")
    (target / "pelicanconf.py").write_text(
        "SITENAME = 'Plain'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'fr'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n",
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="how many copies of the five seeds (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure; the median is kept (default 3)")
    args = parser.parse_args()
    python = sys.executable
    pelican = [python, "-m", "pelican"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        cold, rebuild, plain = [], [], []
        for run in range(args.repeat):
            root = copy_project(work / f"dossier{run}", with_articles=False)
            multiply_seeds(root, args.copies)
            cold.append(timed([python, str(ROOT / "build.py"), "--root", str(root), "-q"], root))
            rebuild.append(timed([python, str(ROOT / "build.py"), "--root", str(root), "-q"], root))
            plain_root = work / f"plain{run}"
            if not plain_root.exists():
                plain_pelican_site(root, plain_root)
            plain.append(timed([*pelican, "content", "-s", "pelicanconf.py", "-o", "output", "-q"], plain_root))
            shutil.rmtree(root)
        articles = len(list((work / "plain0" / "content").glob("*.md")))
        base = statistics.median(plain)
        print(f"{articles} articles, median of {args.repeat} runs")
        print(f"{'build':<34}{'seconds':>9}{'ratio to Pelican':>18}")
        for name, times in (("plain Pelican (same articles)", plain), ("dossier, from the seeds", cold), ("dossier, rebuild, nothing changed", rebuild)):
            median = statistics.median(times)
            print(f"{name:<34}{median:>9.2f}{median / base:>17.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
