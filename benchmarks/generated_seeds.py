"""Distinct, realistic text seeds for the benchmark, recombined from the paragraphs of the real seeds.

Each generated seed is laid out as a page pasted from a French news site, like the seeds in
seeds/: the outlet's name and a rubric, the headline, the byline ("Par Prénom Nom"), the
publication line ("Publié le 12 mars 2024 à 10h05"), then 5 to 12 paragraphs of the real
seeds, shuffled, with an intertitle of theirs now and then; blank lines between the blocks.

The articles come from one random stream with a fixed seed: article k is the same whatever the
number asked for, so N articles are always the same N, and article N + 1 is the one the
benchmark adds for its "add one" rebuild.

    .venv/bin/python benchmarks/generated_seeds.py 20 /tmp/seeds   # write 20 seeds there, to read them
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dossier.core.text import slugify  # noqa: E402

STREAM_SEED = "dossier benchmark"
# The build cuts an article's slug at 60 characters (dossier.seeds.pieces); two titles with one slug are an error.
SLUG_LENGTH = 60

# Outlets the build knows by name (dossier/outlets.py), so that the page's masthead names the outlet.
OUTLETS = (
    "Le Monde", "Le Figaro", "Libération", "Le Parisien", "L'Express", "Le Point", "L'Obs", "Les Échos",
    "Ouest-France", "La Croix", "Mediapart", "France 24", "France Info", "RFI", "Le Temps", "Le Soir",
    "Courrier international", "Le Monde diplomatique",
)  # fmt: skip
RUBRICS = ("International", "Monde", "Asie", "Europe", "Défense", "Diplomatie")
FIRST_NAMES = (
    "Anne", "Claire", "Sophie", "Camille", "Léa", "Julie", "Marion", "Élodie", "Hélène", "Nathalie", "Isabelle",
    "Céline", "Agnès", "Sarah", "Inès", "Pierre", "Julien", "Thomas", "Nicolas", "Antoine", "Mathieu", "Hugo",
    "Laurent", "François", "Olivier", "Benoît", "Guillaume", "Romain", "Karim", "Yann",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Garnier",
    "Rousseau", "Vincent", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Chevalier", "Robin",
    "Masson", "Sanchez", "Morel", "Mercier", "Blanc", "Guérin", "Boyer", "Lemaire", "Renaud", "Benhamou",
)  # fmt: skip
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

# Headlines in the two forms French news sites use most: "Topic : who reacts" and "Who does what".
# The words that tell two headlines apart come first, as the slugs are cut at 60 characters.
TOPICS = (
    "Soldats nord-coréens à Koursk", "Obus nord-coréens pour Moscou", "Traité de défense russo-nord-coréen",
    "Sommet de Pyongyang", "Missiles nord-coréens en Ukraine", "Travailleurs nord-coréens en Russie",
    "Pont sur le fleuve Tumen", "Visite au cosmodrome de Vostochny", "Sanctions contre Pyongyang",
    "Technologie spatiale russe", "Programme nucléaire nord-coréen", "Train blindé de Kim Jong-un",
    "Manœuvres en mer du Japon", "Pertes nord-coréennes sur le front", "Axe Moscou-Pyongyang",
    "Livraisons d'armes par le rail", "Port de Rason", "Conseil de sécurité de l'ONU",
    "Alliance russo-nord-coréenne", "Sous-marins nord-coréens", "Satellites espions de Pyongyang",
    "Munitions pour le front ukrainien", "Pétrole russe pour la Corée du Nord", "Experts de l'ONU dissous",
    "Coopération militaire russo-nord-coréenne", "Drones russes assemblés en Corée", "Réfugiés nord-coréens",
    "Frontière russo-nord-coréenne", "Blé russe pour Pyongyang", "Diplomatie nord-coréenne",
)  # fmt: skip
REACTIONS = (
    "Séoul s'alarme", "Washington hausse le ton", "Moscou dément tout", "Tokyo réclame des sanctions",
    "l'OTAN promet une riposte", "Kiev demande des armes", "Pékin reste silencieux", "Bruxelles prépare des mesures",
    "le Kremlin se félicite", "Pyongyang revendique une victoire", "Paris appelle au calme",
    "Londres convoque l'ambassadeur russe", "l'ONU documente les violations", "Zelensky interpelle ses alliés",
    "les experts doutent", "le Pentagone confirme", "Séoul envisage d'armer Kiev", "Berlin s'inquiète",
    "les renseignements sud-coréens détaillent", "Kim Jong-un salue une amitié éternelle",
)  # fmt: skip
TAILS = (
    "", "", "", " après la visite de Poutine", " selon les renseignements sud-coréens", " malgré les sanctions",
    " à la veille du G7", " dans un contexte de tensions", " au risque d'une escalade", " face aux Occidentaux",
)  # fmt: skip
SUBJECTS = (
    "Séoul", "Washington", "Tokyo", "Kiev", "Paris", "Londres", "Berlin", "Bruxelles", "L'OTAN", "L'ONU",
    "Le G7", "Les Vingt-Sept", "Zelensky", "Le Pentagone", "Varsovie", "L'AIEA", "Canberra", "Ottawa",
)  # fmt: skip
VERBS = (
    "dénonce", "condamne", "documente", "redoute", "sanctionne", "minimise", "confirme", "surveille", "chiffre",
    "révèle", "critique", "conteste", "examine", "prend au sérieux", "met en cause", "veut freiner", "ne croit pas à",
    "enquête sur",
)  # fmt: skip
OBJECTS = (
    "l'envoi de soldats nord-coréens à Koursk", "les obus livrés par Pyongyang à Moscou",
    "le traité de défense entre Moscou et Pyongyang", "la visite de Poutine en Corée du Nord",
    "les missiles nord-coréens tirés sur Kharkiv", "l'emploi de travailleurs nord-coréens en Russie",
    "un transfert de technologie spatiale russe", "le programme nucléaire de Kim Jong-un",
    "des manœuvres navales en mer du Japon", "une aide alimentaire russe à Pyongyang",
    "le pétrole livré à la Corée du Nord", "la fin du comité d'experts de l'ONU",
    "ces drones assemblés en Corée du Nord", "cette alliance entre deux régimes isolés",
    "trois cargos russes au port de Rason", "quelque 12 000 soldats venus de Pyongyang",
    "deux satellites espions nord-coréens", "plusieurs sous-marins cédés par la Russie",
    "l'arsenal nord-coréen vendu au Kremlin", "toute coopération militaire avec Pyongyang",
    "le sommet de Vladivostok", "les preuves d'un axe Moscou-Pyongyang",
    "chaque convoi ferroviaire vers la Russie", "quatre généraux nord-coréens décorés à Moscou",
    "un pont routier sur le fleuve Tumen", "mille tonnes de blé russe pour Pyongyang",
    "une base d'entraînement près de Vladivostok", "les pertes nord-coréennes en Ukraine",
    "le pacte d'assistance mutuelle", "six ans de rapprochement russo-nord-coréen",
)  # fmt: skip

# The real seeds' photo captions, which are no paragraphs of their articles.
CAPTION = re.compile(r"^(?:FILE\b|DOSSIER\b|Crédit photo)")


@dataclass(frozen=True)
class GeneratedSeed:
    """One generated article: its seed's file name and text, and the metadata it states."""

    name: str
    title: str
    date: str  # ISO, as the build writes it in the article's front matter
    outlet: str
    authors: tuple[str, ...]
    text: str


def paragraphs_and_intertitles(seeds: Path) -> tuple[list[str], list[str]]:
    """The paragraphs and the intertitles of the real seeds, read as plain lines.

    Read without the build's code, so that the generated articles stay the same when the
    build's reading changes. A paragraph is a line of 15 words or more that ends a sentence;
    an intertitle, a short capitalised line of the text, no sentence, followed by a paragraph.
    """
    paragraphs, intertitles = [], []
    for path in sorted(seeds.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        is_paragraph = [len(line.split()) >= 15 and line.endswith((".", "»", "”", '"', "?", "!")) for line in lines]
        in_text = False
        for index, line in enumerate(lines):
            if is_paragraph[index] and not CAPTION.match(line):
                paragraphs.append(line)
                in_text = True
            elif (
                in_text
                and 3 <= len(line.split()) <= 10
                and line[0].isupper()
                and not re.search(r"[.,:;!?]$|[,:]", line)
                and index + 1 < len(lines)
                and is_paragraph[index + 1]
            ):
                intertitles.append(line)
    return paragraphs, intertitles


def generate(count: int, seeds: Path) -> list[GeneratedSeed]:
    """The first `count` articles of the stream, built from the real seeds in `seeds`."""
    paragraphs, intertitles = paragraphs_and_intertitles(seeds)
    rng = random.Random(STREAM_SEED)
    slugs: set[str] = set()
    bodies: set[tuple[int, ...]] = set()  # the build refuses a second article with the same text
    articles = []
    misses = 0  # draws in a row that gave a title or a text already taken
    while len(articles) < count:
        if misses > 10_000:
            raise SystemExit(f"generated_seeds: no new article after {len(articles)}; the headline lists are too short")
        if rng.random() < 0.4:
            title = f"{rng.choice(TOPICS)} : {rng.choice(REACTIONS)}{rng.choice(TAILS)}"
        else:
            title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        chosen = tuple(rng.sample(range(len(paragraphs)), rng.randint(5, 12)))
        slug = slugify(title, max_length=SLUG_LENGTH)
        if slug in slugs or chosen in bodies:
            misses += 1
            continue  # drawn again: the next draws of the stream decide
        misses = 0
        slugs.add(slug)
        bodies.add(chosen)
        year, month, day = rng.choice((2023, 2024, 2025)), rng.randint(1, 12), rng.randint(1, 28)
        hour, minute = rng.randint(6, 22), rng.randrange(0, 60, 5)
        authors = tuple(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(1 if rng.random() < 0.8 else 2)
        )
        outlet = rng.choice(OUTLETS)
        body = [paragraphs[index] for index in chosen]
        # An intertitle before every fourth paragraph, as the real seeds have a few.
        for position in reversed(range(4, len(body), 4)):
            body.insert(position, rng.choice(intertitles))
        header = [
            outlet,
            rng.choice(RUBRICS),
            "",
            title,
            "",
            "Par " + " et ".join(authors),
            f"Publié le {'1er' if day == 1 else day} {MONTHS[month - 1]} {year} à {hour}h{minute:02d}",
        ]
        articles.append(
            GeneratedSeed(
                name=f"{len(articles) + 1:05d}_{slug[:40]}.txt",
                title=title,
                date=f"{year}-{month:02d}-{day:02d}",
                outlet=outlet,
                authors=authors,
                text="\n".join(header) + "\n\n" + "\n\n".join(body) + "\n",
            )
        )
    return articles


def main() -> int:
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    for seed in generate(count, ROOT / "seeds"):
        (folder / seed.name).write_text(seed.text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
