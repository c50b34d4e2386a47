"""CPU time of telling a pasted seed's language, in a fresh process, as a build that reads one new seed pays it.

The seed is the one benchmarks/compare_pelican.py adds to a dossier of N generated articles (article
N + 1 of benchmarks/generated_seeds.py, French). Each of R fresh processes times, with
time.process_time(), the import of dossier.seeds.pieces and one call of guess_language on the text the
build gives it (the article's blocks, joined); with --read, the import of dossier.seeds.read and
read_seed on the whole seed instead. It prints each time and the median, and whether py3langid was
imported. --tree runs another checkout's code (on PYTHONPATH) on the same text, to compare:

    .venv/bin/python benchmarks/language_cpu.py [--tree DIR] [--read] [--repeat 5] [--articles 1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generated_seeds import generate  # noqa: E402

GUESS = """\
import sys, time
text = open(sys.argv[1], encoding="utf-8").read()
start = time.process_time()
from dossier.seeds.pieces import guess_language
language = guess_language(text)
print(time.process_time() - start, language, "py3langid" in sys.modules)
"""
READ = """\
import sys, time
from pathlib import Path
path = Path(sys.argv[1])
start = time.process_time()
from dossier.seeds.read import read_seed
language = read_seed(path, path.parent).language
print(time.process_time() - start, language, "py3langid" in sys.modules)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code is timed (this one)")
    parser.add_argument("--read", action="store_true", help="time read_seed on the whole seed, not guess_language alone")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1000, help="the seed timed is article N + 1 (1000)")
    args = parser.parse_args()
    seed = generate(args.articles + 1, ROOT / "seeds")[-1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / seed.name
        path.write_text(seed.text, encoding="utf-8")
        if not args.read:
            from dossier.seeds.text import parse_text

            blocks = parse_text(seed.text, seed.name).blocks
            path = path.with_suffix(".body")
            path.write_text(" ".join(block.text for block in blocks), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(args.tree.resolve())}
        times = []
        for _ in range(args.repeat):
            output = subprocess.run([sys.executable, "-c", READ if args.read else GUESS, str(path)], env=env, cwd=folder,
                                    capture_output=True, text=True, check=True).stdout.split()
            times.append(float(output[0]))
            print(f"{float(output[0]):.3f} s  language {output[1]}  py3langid imported: {output[2]}")
    print(f"median of {args.repeat}: {statistics.median(times):.3f} s ({'read_seed' if args.read else 'guess_language'}, {args.tree})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
