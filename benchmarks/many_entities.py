"""Give a dossier many more actors: N person entities in its registry, each named in some articles.

    .venv/bin/python benchmarks/many_entities.py ROOT N

For a copy of the project whose seeds/ holds generated articles (see compare_pelican.py): writes
N entries to ROOT/content/entities/ (names made of common Russian, Korean, Japanese and French
first and last names, at most 2,000) and adds to each seed a sentence naming 4 of them, drawn with
a fixed seed. Then time `build.py --root ROOT` against the same dossier without them: the network,
the actors' index and the actors' pages are what grows with the registry.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.core.text import slugify  # noqa: E402

FIRST = (
    "Anton Boris Dmitri Elena Fiodor Galina Igor Irina Kirill Larissa Maxim Nadia Oleg Pavel Raïssa Sergueï "
    "Tatiana Vadim Youri Zoïa Min-ho Ji-woo Seo-yeon Hyun-woo Eun-ji Jae-sung Soo-ah Dong-hyun Hye-jin Kwang-su "
    "Akira Haruto Yui Sakura Kenji Mateo Lucia Hugo Chloé Louis"
).split()
LAST = (
    "Aleksandrov Belov Chernov Dyachenko Egorov Filatov Gromov Ignatov Juravlev Kozlov Lebedev Morozov Novikov "
    "Orlov Pavlov Rybakov Sokolov Tarasov Ulyanov Volkov Yakovlev Zaitsev Kang Baek Cheon Dokgo Eom Gwak Hwang "
    "Jeon Kwon Moon Nam Oh Pyo Ryu Seong Tak Uhm Yeo Ishikawa Fujimoto Nakagawa Okada Sasaki Takahashi "
    "Watanabe Yamaguchi Duval Morel"
).split()


def main() -> int:
    root, count = Path(sys.argv[1]), int(sys.argv[2])
    names = [f"{first} {last}" for last in LAST for first in FIRST][:count]
    if len(names) < count:
        raise SystemExit(f"many_entities: {len(names)} names at most")
    for name in names:
        (root / "content" / "entities" / f"{slugify(name)}.md").write_text(
            f"---\nname: {name}\ntype: person\n---\nPersonne citée dans le dossier (donnée de test).\n", encoding="utf-8"
        )
    rng = random.Random(7)
    for seed in sorted((root / "seeds").iterdir()):
        a, b, c, d = rng.sample(names, 4)
        text = seed.read_text(encoding="utf-8").rstrip("\n")
        seed.write_text(f"{text}\n\nSelon {a} et {b}, la coopération se poursuit ; {c} et {d} ne l'ont pas confirmé.\n", "utf-8")
    print(f"{count} entities added to {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
