"""`dossier init DIR`: a new dossier, ready to build, from the files in `skeleton/`.

It writes the folders a build reads (`seeds/`, `content/entities/`, `content/events/`,
`content/pages/` with an about page), the settings (`pelicanconf.py`, and Pelican's
`publishconf.py` for the published address), the GitHub Pages workflow, the requirement
that installs this very tool there (`installed.pin`), and a `.gitignore`. It asks nothing;
a folder that holds files is refused unless forced, and even then no file already there is
overwritten.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from .core.errors import DossierError
from .publish import installed
from .render.i18n import ADDRESSES, LANGUAGES

SKELETON = Path(__file__).resolve().parent / "skeleton"

# What the new dossier says in its language, until the curator says more.
WORDS = {
    "fr": {
        "description": "Des articles de presse annotés : les acteurs, les lieux, les événements, et ce que chaque média en a dit.",
        "seeds": "Les articles du dossier : pages web enregistrées (.html), textes (.txt, .md). `dossier build` les publie.\n",
    },
    "en": {
        "description": "Annotated news articles: the actors, the places, the events, and what each outlet said of them.",
        "seeds": "The dossier's articles: saved web pages (.html), texts (.txt, .md). `dossier build` publishes them.\n",
    },
    "de": {
        "description": "Annotierte Presseartikel: die Akteure, die Orte, die Ereignisse und was jedes Medium darüber berichtet hat.",
        "seeds": "Die Artikel des Dossiers: gespeicherte Webseiten (.html), Texte (.txt, .md). `dossier build` veröffentlicht sie.\n",
    },
}


@dataclass
class Created:
    """What `create` wrote: each file's path (relative to the dossier) and whether it was written (False:
    it was there already, and kept); and the tool's requirement, when requirements.txt was written."""

    files: list[tuple[str, bool]]
    requirement: installed.Requirement | None


def create(
    folder: Path, title: str | None = None, lang: str = "fr", site_url: str = "", force: bool = False,
    command: str = "dossier", pin: bool = True,
) -> Created:
    """Write a new dossier into `folder`. With `pin`, requirements.txt names the running tool (a wheel of
    it is built into the dossier when it comes from a local checkout); `command` is how hints name the tool."""
    if lang not in LANGUAGES:
        raise DossierError(f"--lang {lang}: the site's pages can be in {', '.join(LANGUAGES[:-1])} or {LANGUAGES[-1]}")
    if folder.exists() and not folder.is_dir():
        raise DossierError(f"{folder}: is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise DossierError(f"{folder}: not empty; init writes into an empty folder (--force adds what is missing, overwriting nothing)")
    words = WORDS[lang]
    about = ADDRESSES[lang]["about"].strip("/")  # the about page's address, as the nav links it
    title = " ".join((title or _title_from(folder)).split())
    values = {
        "sitename": _literal(title),
        "title": _literal(title),
        "description": _literal(words["description"]),
        "lang": _literal(lang),
        "site_url": _literal(site_url.rstrip("/")) if site_url else '"https://USER.github.io/REPO"  # the address the site is published at',
        "slug": about,
        "data": ADDRESSES[lang]["data"],  # the data page's address, as the about page links it
    }
    files = {
        "pelicanconf.py": _fill("pelicanconf.py.in", values),
        "publishconf.py": _fill("publishconf.py.in", values),
        ".gitignore": _fill("gitignore", values),
        ".github/workflows/pages.yml": (SKELETON / "pages.yml").read_text(encoding="utf-8"),
        "seeds/README.md": words["seeds"],
        f"content/pages/{about}.md": _fill(f"about.{lang}.md", {**values, "title": title}),
    }
    written = []
    for folder_name in ("seeds", "content/entities", "content/events", "content/articles"):
        (folder / folder_name).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        if path.exists():
            written.append((name, False))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append((name, True))
    requirement = None
    if (folder / installed.REQUIREMENTS).exists():
        written.append((installed.REQUIREMENTS, False))
    elif pin:
        requirement = installed.pin(folder, command)
        written.append((installed.REQUIREMENTS, True))
        if requirement.wheel is not None:
            written.append((requirement.wheel.relative_to(folder).as_posix(), True))
    return Created(written, requirement)


def _fill(name: str, values: dict) -> str:
    return Template((SKELETON / name).read_text(encoding="utf-8")).substitute(values)


def _literal(text: str) -> str:
    """`text` as a Python string literal, in double quotes (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _title_from(folder: Path) -> str:
    """"ukraine-war" → "Ukraine war": the folder's name, as a title."""
    words = re.sub(r"[-_.]+", " ", folder.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "Dossier"
