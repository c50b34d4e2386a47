"""Registry: read the curated entities and events, and validate them as a whole.

One Markdown file per entry (`content/entities/<id>.md`, `content/events/<id>.md`):
YAML front matter for the facts, the body for a short French description. Every
problem is collected, then reported at once, each naming its file and field.
"""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import yaml

from .errors import RegistryError
from .model import ENTITY_TYPES, Entity, Event, PartialDate, Registry
from .text import normalize_key

ENTITY_FIELDS = {"name", "type", "aliases", "wikidata"}
EVENT_FIELDS = {"name", "start", "end", "place", "participants", "triggers", "wikidata"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")


def load_registry(content: Path, root: Path | None = None) -> Registry:
    """Read `content/entities` and `content/events`; raise RegistryError listing every problem."""
    root = root or content.parent
    problems: list[str] = []
    registry = Registry()
    for path in sorted((content / "entities").glob("*.md")):
        entity = _read_entity(path, _name(path, root), problems)
        if entity:
            registry.entities[entity.id] = entity
    for path in sorted((content / "events").glob("*.md")):
        event = _read_event(path, _name(path, root), problems)
        if event:
            registry.events[event.id] = event
    problems.extend(validate(registry))
    if problems:
        raise RegistryError(problems)
    return registry


def validate(registry: Registry) -> list[str]:
    """Cross-entry checks: ids shared by an entity and an event, names claimed twice, references."""
    problems = []
    for event_id in sorted(registry.events.keys() & registry.entities.keys()):
        problems.append(f"{registry.events[event_id].path}: id {event_id!r} is also an entity's id")
    claimed: dict[str, tuple[str, str]] = {}
    for entity in registry.entities.values():
        for name in dict.fromkeys(entity.names):
            key = normalize_key(name)
            owner = claimed.get(key)
            if owner and owner[0] != entity.path:
                problems.append(
                    f"{entity.path}: field 'aliases': {name!r} is already a name of {owner[0]} ({owner[1]!r})"
                )
            claimed.setdefault(key, (entity.path, name))
    for event in registry.events.values():
        if event.place and event.place not in registry.entities:
            problems.append(f"{event.path}: field 'place': unknown entity {event.place!r}")
        elif event.place and registry.entities[event.place].type not in ("place", "country"):
            problems.append(f"{event.path}: field 'place': {event.place!r} is not a place or a country")
        for participant in event.participants:
            if participant not in registry.entities:
                problems.append(f"{event.path}: field 'participants': unknown entity {participant!r}")
        for trigger in event.triggers:
            owner = claimed.get(normalize_key(trigger))
            if owner:
                problems.append(f"{event.path}: field 'triggers': {trigger!r} is a name of {owner[0]}")
            claimed.setdefault(normalize_key(trigger), (event.path, trigger))
    return problems


def _name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path, name: str, fields: set[str], problems: list[str]):
    if not _ID.match(path.stem):
        problems.append(f"{name}: file name must be the id: lowercase letters, digits and hyphens")
        return None
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{name}:{mark.line + 2}" if mark else name  # +1 for 1-based, +1 for the opening ---
        problems.append(f"{where}: invalid front matter: {getattr(error, 'problem', None) or error}")
        return None
    except UnicodeDecodeError:
        problems.append(f"{name}: not UTF-8 text")
        return None
    for key in sorted(set(post.metadata) - fields):
        problems.append(f"{name}: field {key!r}: unknown field (expected one of {', '.join(sorted(fields))})")
    for key in ("name",):
        if not isinstance(post.get(key), str) or not post[key].strip():
            problems.append(f"{name}: field {key!r}: missing or empty")
            return None
    wikidata = post.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA.match(wikidata)):
        problems.append(f"{name}: field 'wikidata': {wikidata!r} is not a Wikidata id such as Q7747")
    description = " ".join(post.content.split())
    if not description:
        problems.append(f"{name}: the description (text after the front matter) is empty")
    return post, description


def _strings(post, key: str, name: str, problems: list[str]) -> tuple[str, ...]:
    value = post.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{name}: field {key!r}: must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def _read_entity(path: Path, name: str, problems: list[str]) -> Entity | None:
    read = _read(path, name, ENTITY_FIELDS, problems)
    if not read:
        return None
    post, description = read
    kind = post.get("type")
    if kind not in ENTITY_TYPES:
        problems.append(f"{name}: field 'type': {kind!r} is not one of {', '.join(ENTITY_TYPES)}")
        return None
    return Entity(
        id=path.stem,
        name=post["name"].strip(),
        type=kind,
        aliases=_strings(post, "aliases", name, problems),
        description=description,
        wikidata=post.get("wikidata") if isinstance(post.get("wikidata"), str) else None,
        path=name,
    )


def _date(post, key: str, name: str, problems: list[str]) -> PartialDate | None:
    try:
        return PartialDate.parse(post[key])
    except (ValueError, TypeError) as error:
        problems.append(f"{name}: field {key!r}: {error}")
        return None


def _read_event(path: Path, name: str, problems: list[str]) -> Event | None:
    read = _read(path, name, EVENT_FIELDS, problems)
    if not read:
        return None
    post, description = read
    if "start" not in post:
        problems.append(f"{name}: field 'start': missing")
        return None
    start = _date(post, "start", name, problems)
    end = _date(post, "end", name, problems) if post.get("end") is not None else None
    if start is None:
        return None
    if end is not None and end.last_day() < start.first_day():
        problems.append(f"{name}: field 'end': {end} is before the start {start}")
    place = post.get("place")
    if place is not None and not isinstance(place, str):
        problems.append(f"{name}: field 'place': must be an entity id")
        place = None
    return Event(
        id=path.stem,
        name=post["name"].strip(),
        start=start,
        end=end,
        place=place,
        participants=_strings(post, "participants", name, problems),
        triggers=_strings(post, "triggers", name, problems),
        description=description,
        wikidata=post.get("wikidata") if isinstance(post.get("wikidata"), str) else None,
        path=name,
    )
