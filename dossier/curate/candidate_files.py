"""The files of proposals: `content/candidates.yml` (the names proposed, for review),
`content/rejected.yml` (the names never to propose again) and `content/.candidates-read.yml`
(the seed each article's proposals were made from); accepting and rejecting a candidate.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..core.errors import DossierError
from ..core.files import UnreadableFile, UnsafeName, inside, read_text, relative_name, shown, write_atomic
from ..core.frontmatter import FrontMatterError, load_yaml
from ..core.model import ENTITY_TYPES
from ..core.placeholders import placeholder
from .registry import is_id, needs_case_sensitive

if TYPE_CHECKING:
    from .candidates import Candidate

# PyYAML's safe dumper in C (libyaml, in every wheel PyYAML publishes): these files are written at every build
# that reads an article, and its Python twin takes seven times as long for the same text.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

CANDIDATES_FILE = "candidates.yml"
REJECTED_FILE = "rejected.yml"

_HEADER = """\
# Candidates: names found in new articles that the registry does not know yet.
# Review each one, by its id:
#   - accept it (dossier accept ID): content/entities/<id>.md is created with its
#     name, type and variants as aliases; then write its description (a type found wrong,
#     such as a country that is a place, can be corrected here first);
#   - reject it (dossier reject ID): its name and variants go to content/rejected.yml
#     and are never proposed again.
# The build updates this file when it reads new or changed articles; a type corrected here is kept.
"""


def write_candidates(path: Path, candidates: list[Candidate]) -> None:
    """Write the candidates as a reviewable YAML list under a comment saying what to do."""
    items = [
        {"id": c.id, "name": c.name, "type": c.type, "count": c.count, "articles": list(c.articles),
         "variants": list(c.variants)}
        for c in candidates
    ]
    body = yaml.dump(items, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
    write_atomic(path, _HEADER + body)


def read_candidates(path: Path) -> list[Candidate]:
    """The candidates of a file written by write_candidates; none when it does not exist."""
    from .candidates import Candidate  # here: a build that only checks what was proposed does not load it

    if not path.exists():
        return []
    items = _load_yaml(path) or []
    fields = set(Candidate.__dataclass_fields__)
    if not isinstance(items, list) or not all(isinstance(i, dict) and {"id", "name", "type"} <= set(i) for i in items):
        raise DossierError(f"{path}: expected a list of candidates with id, name and type")
    return [
        Candidate(**{k: v for k, v in item.items() if k in fields} | {
            "count": int(item.get("count") or 0),
            "articles": list(item.get("articles") or []),
            "variants": list(item.get("variants") or []),
        })
        for item in items
    ]


_PROPOSED_HEADER = """\
# The articles entity recognition has read, by slug, with the sha256 of the seed it read:
# an article missing here, or whose seed changed since, is read on the next build (a build
# stopped before its proposals leaves them to the next one). An article in a language
# without a spaCy model installed waits for one: "<sha256> waiting for <language>"; it is
# read by the first build that has the model, and meanwhile not said again. Written by the
# build; deleting this file has every article read again.
"""
_WAITING = " waiting for "


def waiting(seed_sha256: str, language: str) -> str:
    """The record of an article not read for want of a model of its `language`."""
    return f"{seed_sha256}{_WAITING}{language}"


def record_of(value: str) -> tuple[str, str]:
    """(seed sha256, language waiting for a model) of a record; the language is "" when the article was read."""
    sha256, _, language = value.partition(_WAITING)
    return sha256, language


def read_proposed_from(path: Path) -> dict[str, str]:
    """Article slug -> sha256 of the seed its proposals were made from; none when the file does not exist."""
    if not path.exists():
        return {}
    proposed = _load_yaml(path) or {}
    if not isinstance(proposed, dict) or not all(isinstance(v, str) for v in [*proposed, *proposed.values()]):
        raise DossierError(f"{path}: expected article slugs and seed hashes; delete it to read every article again")
    return proposed


def write_proposed_from(path: Path, proposed: dict[str, str]) -> None:
    """Write which seed each article's proposals were made from, atomically (a killed build leaves the old file)."""
    body = yaml.dump(dict(sorted(proposed.items())), Dumper=_DUMPER, allow_unicode=True, width=1000, default_flow_style=False)
    write_atomic(path, _PROPOSED_HEADER + body)


def read_rejected(path: Path) -> set[str]:
    """The names the curator rejected (a YAML list); none when the file does not exist."""
    if not path.exists():
        return set()
    names = _load_yaml(path) or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DossierError(f"{path}: expected a YAML list of names")
    return {n.strip() for n in names if n.strip()}


def accept(candidate_id: str, content: Path, language: str = "fr") -> Path:
    """Create `content/entities/<id>.md` from a candidate (its description the placeholder of the dossier's
    `language`) and remove it from the candidates file."""
    candidates_path = content / CANDIDATES_FILE
    candidates = read_candidates(candidates_path)
    candidate = _find(candidate_id, candidates, candidates_path)
    path = _entity_path(candidate, content)
    if candidate.type not in ENTITY_TYPES:
        expected = ", ".join(ENTITY_TYPES)
        raise DossierError(f"{candidates_path}: {candidate.id}: type {shown(candidate.type)} is not one of {expected}")
    if os.path.lexists(path):
        raise DossierError(f"{path}: already exists; add {shown(candidate.name)} as an alias there, or reject it")
    # A variant the registry would refuse ("UE", "de") is left out: it would stop being linked, not the build.
    aliases = [name for name in candidate.variants if not needs_case_sensitive(name)]
    front = {"name": candidate.name, "type": candidate.type, "aliases": aliases}
    front_matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    write_atomic(path, f"---\n{front_matter}---\n{placeholder(language)}\n")
    write_candidates(candidates_path, [c for c in candidates if c is not candidate])
    return path


def reject(candidate_id: str, content: Path) -> None:
    """Add a candidate's name and variants to `content/rejected.yml` and remove it from the candidates file."""
    candidates_path = content / CANDIDATES_FILE
    candidates = read_candidates(candidates_path)
    candidate = _find(candidate_id, candidates, candidates_path)
    rejected_path = content / REJECTED_FILE
    names = sorted(read_rejected(rejected_path) | {candidate.name, *candidate.variants})
    header = "# Names never to be proposed as entities again (see candidates.yml).\n"
    write_atomic(rejected_path, header + yaml.safe_dump(names, allow_unicode=True, width=1000))
    write_candidates(candidates_path, [c for c in candidates if c is not candidate])


def _find(candidate_id: str, candidates: list[Candidate], path: Path) -> Candidate:
    for candidate in candidates:
        if candidate.id == candidate_id:
            return candidate
    raise DossierError(f"{path}: no candidate with id {shown(candidate_id)}")


def _entity_path(candidate: Candidate, content: Path) -> Path:
    """content/entities/<id>.md of a candidate to accept; its id refused, naming the line of candidates.yml
    it is on, when it would name a file anywhere else or one the registry would not read."""
    candidates_path = content / CANDIDATES_FILE
    where = relative_name(candidates_path, content.parent)
    if line := _id_line(candidates_path, candidate.id):
        where = f"{where}:{line}"
    try:
        path = inside(content / "entities", str(candidate.id), ".md")
    except UnsafeName as error:
        raise DossierError(f"{where}: candidate id {error}: it cannot name a file of content/entities/; nothing written "
                           "(correct the id: lowercase letters, digits and hyphens)") from None
    if not is_id(candidate.id):
        raise DossierError(f"{where}: candidate id {shown(candidate.id)} is not an entity id (lowercase letters, digits "
                           "and hyphens, the name of its file in content/entities/); nothing written (correct the id)")
    return path


_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*(.+?)[ \t]*$", re.M)


def _id_line(path: Path, candidate_id: str) -> int | None:
    """The line of `path` (content/candidates.yml) that gives the id `candidate_id`, if one written as
    write_candidates writes them does."""
    try:
        text = read_text(path, path.parent.parent)
    except (UnreadableFile, UnicodeDecodeError):
        return None
    for match in _ID_LINE.finditer(text):
        try:
            if load_yaml(match.group(1)) == candidate_id:
                return text.count("\n", 0, match.start()) + 1
        except FrontMatterError:
            continue
    return None


def _load_yaml(path: Path):
    try:
        return load_yaml(read_text(path, path.parent.parent))  # content/NAME.yml: the dossier is two folders up
    except FrontMatterError as error:
        where = f"{path}:{error.line}" if error.line else str(path)
        raise DossierError(f"{where}: invalid YAML: {error}") from None
    except UnicodeDecodeError:
        raise DossierError(f"{path}: not UTF-8 text") from None
