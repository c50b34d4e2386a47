"""Registry: read the curated entities and events, and validate them as a whole.

One Markdown file per entry (`content/entities/<id>.md`, `content/events/<id>.md`):
YAML front matter for the facts, the body for a short French description. Every
problem is collected, then reported at once, each naming its file and field.

Names that would link common words are refused. An entity's name and aliases, and an
event's trigger phrases, are matched in every article, so each must have at least three
letters or digits ("Kim", "G20", "USA"), and must not be made only of stop words of the
articles' languages (French, English, German: "de", "Le", "à", "the", "of", "und", "de la").
A short name that is meant is declared in the entry's `case_sensitive` field, either for
every name of the entry or for some of them (each written exactly as in `name`, `aliases`
or `triggers`):

    case_sensitive: true          # every name of this entry
    case_sensitive: [Xi, UE]      # only these names

A name so declared may be shorter than three letters ("Xi", "UE"); it is matched exactly
as written, case included (the annotator never gives a short or stop-word name the
capitalised variant other descriptive names get). It may be a stop word only when written
in capitals ("UN", "US"): a case-sensitive "de" or "Le" would still link every "de" and
every sentence that starts with "Le", so those stay errors.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core import frontmatter
from ..core.errors import RegistryError, shown
from ..core.files import UnreadableFile, read_bytes
from ..core.model import ENTITY_TYPES, Entity, Event, PartialDate, Registry
from ..core.text import APOSTROPHES, normalize_key

ENTITY_FIELDS = {"name", "type", "aliases", "wikidata", "case_sensitive"}
EVENT_FIELDS = {"name", "start", "end", "place", "participants", "triggers", "wikidata", "case_sensitive"}
MIN_LETTERS = 3
# Function words of the articles' languages: a name made only of these would link them everywhere.
# Kept to words that are no one's name on their own ("Seine", "May", "Will" are not here).
STOP_WORDS = {
    "French": frozenset("""
        le la les l un une des du de d au aux à a et ou où en dans par pour sur sous avec sans chez
        entre vers ce c cet cette ces se s sa son ses leur leurs il elle ils elles on nous vous je
        j tu me m te t lui y ne n pas plus que qu qui quoi dont mais donc or ni car si est sont
        été être ont tout tous toute toutes même
    """.split()),
    "English": frozenset("""
        the a an and or of in on at to by for from with as is are was were be been it its this
        that these those he she they we you i his her their our us not no but if so than then
        there into over under about after before up out
    """.split()),
    "German": frozenset("""
        der die das den dem des ein eine einen einem einer eines und oder in im an am auf aus bei
        mit nach von vom zu zum zur für über unter vor durch gegen ohne um ist sind war es er sie
        wir ihr ich nicht auch als wie dass sich
    """.split()),
}
_WORD_SEPARATORS = re.compile(f"[\\s{APOSTROPHES}.,;:!?()«»\"“”]+")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")


def load_registry(content: Path, root: Path | None = None) -> Registry:
    """Read `content/entities` and `content/events`; raise RegistryError listing every problem."""
    registry, problems = read_registry(content, root)
    if problems:
        raise RegistryError(problems)
    return registry


def read_registry(content: Path, root: Path | None = None) -> tuple[Registry, list[str]]:
    """Read `content/entities` and `content/events`: the sound entries, and every problem found.

    An entry with a problem is left out, and so is an entry that depends on one left out
    (an event whose place is gone), so that one bad file never stops the dossier.
    """
    root = root or content.parent
    problems: list[str] = []
    registry = Registry()
    faulty: set[str] = set()
    lines: dict[str, dict[str, int]] = {}  # the line of each field of each file read, by the file's name
    for folder, read, entries in (("entities", _read_entity, registry.entities), ("events", _read_event, registry.events)):
        for path in sorted((content / folder).glob("*.md")):
            before = len(problems)
            where = _Where(_name(path, root), root)
            entry = read(path, where, problems)
            if entry:
                entries[entry.id] = entry
                lines[entry.path] = where.lines
            if len(problems) > before:
                faulty.add(where.name)
    # Every problem is said at once; then the entries with one are left out, and so are those that
    # depended on them (an event whose place is gone), until what is left is sound.
    found = validate(registry, lines)
    while True:
        problems.extend(found)
        faulty |= {problem.split(":", 1)[0] for problem in found}
        registry.entities = {k: v for k, v in registry.entities.items() if v.path not in faulty}
        registry.events = {k: v for k, v in registry.events.items() if v.path not in faulty}
        found = [problem for problem in validate(registry, lines) if problem not in problems]
        if not found:
            break
    return registry, list(dict.fromkeys(problems))


def validate(registry: Registry, lines: dict[str, dict[str, int]] | None = None) -> list[str]:
    """Cross-entry checks: ids shared by an entity and an event, names claimed twice, references.
    `lines`: the line of each field of each file (by its name), for the messages."""
    lines = lines or {}

    def at(entry, key: str) -> str:
        line = lines.get(entry.path, {}).get(key)
        return f"{entry.path}:{line}" if line else entry.path

    problems = []
    for event_id in sorted(registry.events.keys() & registry.entities.keys()):
        problems.append(f"{registry.events[event_id].path}: id {shown(event_id)} is also an entity's id")
    claimed: dict[str, tuple[str, str]] = {}
    for entity in registry.entities.values():
        for name in dict.fromkeys(entity.names):
            key = normalize_key(name)
            owner = claimed.get(key)
            if owner and owner[0] != entity.path:
                problems.append(
                    f"{at(entity, 'aliases' if name != entity.name else 'name')}: field 'aliases': {shown(name)} "
                    f"is already a name of {owner[0]} ({shown(owner[1])})"
                )
            claimed.setdefault(key, (entity.path, name))
    for event in registry.events.values():
        if event.place and event.place not in registry.entities:
            problems.append(f"{at(event, 'place')}: field 'place': unknown entity {shown(event.place)}")
        elif event.place and registry.entities[event.place].type not in ("place", "country"):
            problems.append(f"{at(event, 'place')}: field 'place': {shown(event.place)} is not a place or a country")
        for participant in event.participants:
            if participant not in registry.entities:
                problems.append(f"{at(event, 'participants')}: field 'participants': unknown entity {shown(participant)}")
        for trigger in event.triggers:
            owner = claimed.get(normalize_key(trigger))
            if owner:
                problems.append(f"{at(event, 'triggers')}: field 'triggers': {shown(trigger)} is a name of {owner[0]}")
            claimed.setdefault(normalize_key(trigger), (event.path, trigger))
    return problems


def is_id(value) -> bool:
    """Whether `value` is an entry's id: lowercase letters, digits and hyphens (the name of its file)."""
    return isinstance(value, str) and bool(_ID.match(value))


def _name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


class _Where:
    """A registry file's name and, once its front matter is read, the line of each field: where a problem is."""

    def __init__(self, name: str, root: Path):
        self.name, self.root = name, root
        self.lines: dict[str, int] = {}
        self.body_line: int | None = None

    def __call__(self, key: str | None = None) -> str:
        """"content/entities/kim.md:3": the file, and the line of the field `key` when it has one."""
        line = self.lines.get(key) if key else None
        return f"{self.name}:{line}" if line else self.name


def _read(path: Path, where: _Where, fields: set[str], problems: list[str]):
    name = where.name
    if not _ID.match(path.stem):
        problems.append(f"{name}: file name must be the id: lowercase letters, digits and hyphens")
        return None
    try:
        data = read_bytes(path, where.root)  # never a link out of the dossier, never a FIFO
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.append(f"{name}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        return None
    except UnreadableFile as error:
        problems.append(str(error))
        return None
    try:
        front = frontmatter.read(text, strict=True)
    except frontmatter.FrontMatterError as error:
        at = f"{name}:{error.line}" if error.line else name
        problems.append(f"{at}: invalid front matter: {error}")
        return None
    if not front.found:
        problems.append(f"{name}: no front matter: the file must start with a '---' line")
        return None
    post = front.fields
    where.lines, where.body_line = front.lines, front.body_line
    for key in sorted(set(post) - fields):
        problems.append(f"{where(key)}: field {shown(key)}: unknown field (expected one of {', '.join(sorted(fields))})")
    for key in ("name",):
        if not isinstance(post.get(key), str) or not post[key].strip():
            problems.append(f"{where(key)}: field {shown(key)}: missing or empty")
            return None
    wikidata = post.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA.match(wikidata)):
        problems.append(f"{where('wikidata')}: field 'wikidata': {shown(wikidata)} is not a Wikidata id such as Q7747")
    description = " ".join(front.body.split())
    if not description:
        problems.append(f"{name}:{front.body_line}: the description (text after the front matter) is empty")
    return post, description


def _strings(post, key: str, where: _Where, problems: list[str]) -> tuple[str, ...]:
    value = post.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where(key)}: field {shown(key)}: must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def _words(name: str) -> list[str]:
    return [word for word in _WORD_SEPARATORS.split(normalize_key(name)) if word]


def stop_word_language(name: str) -> str | None:
    """The language ("French", ...) whose stop words make up all of `name`, if any ("de la": French)."""
    words = _words(name)
    if not words:
        return None
    for language, stop_words in STOP_WORDS.items():
        if all(word in stop_words for word in words):
            return language
    if all(any(word in stop_words for stop_words in STOP_WORDS.values()) for word in words):
        return "French, English or German"
    return None


def letter_count(name: str) -> int:
    """How many letters and digits `name` has ("G20": 3, "U.E.": 2)."""
    return sum(char.isalnum() for char in normalize_key(name))


def needs_case_sensitive(name: str) -> bool:
    """True for a name the registry accepts only when declared `case_sensitive`: short, or only stop words."""
    return letter_count(name) < MIN_LETTERS or stop_word_language(name) is not None


def name_problem(name: str, case_sensitive: bool) -> str | None:
    """Why `name` cannot be a name the annotator links in every article, or None if it can."""
    if letter_count(name) == 0:
        return f"{shown(name)} has no letter or digit"
    language = stop_word_language(name)
    if language and not (case_sensitive and not any(char.islower() for char in name)):
        words = "a stop word" if len(_words(name)) == 1 else "made of stop words"
        return (
            f"{shown(name)} is {words} ({language}): it would link every {shown(name)} of the articles; only an acronym "
            "in capitals (such as 'UN') may be one, and it must be listed under 'case_sensitive'"
        )
    if letter_count(name) < MIN_LETTERS and not case_sensitive:
        return (
            f"{shown(name)} is shorter than {MIN_LETTERS} letters: it would link every such word of the articles; "
            "if it is meant (an acronym such as 'UE', a name such as 'Xi'), list it under 'case_sensitive'"
        )
    return None


def _case_sensitive(post, names: tuple[str, ...], where: _Where, problems: list[str]) -> set[str]:
    """The names of the entry its `case_sensitive` field declares: all of them, some, or none."""
    value = post.get("case_sensitive", False)
    if value is None or value is False:
        return set()
    if value is True:
        return set(names)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        for unknown in dict.fromkeys(v.strip() for v in value if v.strip() not in names):
            problems.append(f"{where('case_sensitive')}: field 'case_sensitive': {shown(unknown)} is not one of this entry's names")
        return {v.strip() for v in value}
    problems.append(f"{where('case_sensitive')}: field 'case_sensitive': must be true, false or a list of the entry's names")
    return set()


def _check_names(post, fields: dict[str, tuple[str, ...]], where: _Where, problems: list[str]) -> None:
    """Refuse the names that would link common words, each reported with its field."""
    every = tuple(n for names in fields.values() for n in names)
    exact = _case_sensitive(post, every, where, problems)
    for field, names in fields.items():
        for value in dict.fromkeys(names):
            problem = name_problem(value, value in exact)
            if problem:
                problems.append(f"{where(field)}: field {shown(field)}: {problem}")


def _read_entity(path: Path, where: _Where, problems: list[str]) -> Entity | None:
    read = _read(path, where, ENTITY_FIELDS, problems)
    if not read:
        return None
    post, description = read
    kind = post.get("type")
    if not isinstance(kind, str) or kind not in ENTITY_TYPES:
        problems.append(f"{where('type')}: field 'type': {shown(kind)} is not one of {', '.join(ENTITY_TYPES)}")
        return None
    aliases = _strings(post, "aliases", where, problems)
    _check_names(post, {"name": (post["name"].strip(),), "aliases": aliases}, where, problems)
    return Entity(
        id=path.stem,
        name=post["name"].strip(),
        type=kind,
        aliases=aliases,
        description=description,
        wikidata=post.get("wikidata") if isinstance(post.get("wikidata"), str) else None,
        path=where.name,
    )


def _date(post, key: str, where: _Where, problems: list[str]) -> PartialDate | None:
    try:
        return PartialDate.parse(post[key])
    except (ValueError, TypeError) as error:
        problems.append(f"{where(key)}: field {shown(key)}: {error}")
        return None


def _read_event(path: Path, where: _Where, problems: list[str]) -> Event | None:
    read = _read(path, where, EVENT_FIELDS, problems)
    if not read:
        return None
    post, description = read
    triggers = _strings(post, "triggers", where, problems)
    _check_names(post, {"triggers": triggers}, where, problems)
    if "start" not in post:
        problems.append(f"{where.name}: field 'start': missing")
        return None
    start = _date(post, "start", where, problems)
    end = _date(post, "end", where, problems) if post.get("end") is not None else None
    if start is None:
        return None
    if end is not None and end.last_day() < start.first_day():
        problems.append(f"{where('end')}: field 'end': {end} is before the start {start}")
    place = post.get("place")
    if place is not None and not isinstance(place, str):
        problems.append(f"{where('place')}: field 'place': must be an entity id")
        place = None
    return Event(
        id=path.stem,
        name=post["name"].strip(),
        start=start,
        end=end,
        place=place,
        participants=_strings(post, "participants", where, problems),
        triggers=triggers,
        description=description,
        wikidata=post.get("wikidata") if isinstance(post.get("wikidata"), str) else None,
        path=where.name,
    )
