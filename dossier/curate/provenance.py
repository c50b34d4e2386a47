"""Provenance: the curator's word on a seed's metadata, and what the build proposes where a seed says nothing.

A seed is never edited by the build, and a curator should not have to edit it either to
correct its date or name its outlet. `content/seeds.yml` holds, by seed file name, the
fields the curator sets (the same fields as a Markdown seed's front matter); they win
over what the build reads in the seed.

Where a seed does not say when it was published or by whom, the build proposes what its
text suggests (the latest date it tells of, an address it quotes) in
`content/proposals.yml`. A proposal is never shown to readers: the article stays
"date inconnue" until the curator confirms it (`dossier confirm SEED`), which
copies it into `content/seeds.yml`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.errors import DossierError, IngestError, shown
from ..core.files import UnreadableFile, read_text, write_atomic
from ..core.frontmatter import FrontMatterError, TextLoader, bounded_node, load_yaml
from ..core.model import Article, PartialDate, Registry
from ..seeds import outlets

OVERRIDES = "content/seeds.yml"
PROPOSALS = "content/proposals.yml"
_HEADER = (
    "# Metadata of seeds, by file name in seeds/: what is set here wins over what the build reads in the seed.\n"
    "# Fields: title, date (YYYY, YYYY-MM or YYYY-MM-DD), authors, source (the outlet), url, genre, language, agency.\n"
)
_PROPOSALS_HEADER = (
    "# Written by the build: what the text of each seed suggests where the seed does not say it.\n"
    "# Not shown to readers. Confirm with: dossier confirm SEED (copies it into content/seeds.yml).\n"
)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\"'«»]+[^\s<>()\"'«».,;:!?]")


@dataclass
class Overrides:
    """The curator's metadata of seeds, by seed file name, with the problems found reading it."""

    fields: dict[str, dict] = field(default_factory=dict)  # file name -> metadata as ingest reads front matter
    digests: dict[str, str] = field(default_factory=dict)  # file name -> hash of its entry, to notice a change
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def digest(self, seed_name: str) -> str:
        return self.digests.get(seed_name, "")


def load_overrides(root: Path) -> Overrides:
    """Read content/seeds.yml; an entry with a bad field is reported (file and line) and left out."""
    path = root / OVERRIDES
    result = Overrides()
    if not path.exists():
        return result
    from ..seeds.markdown import front_matter_meta  # one reading of metadata fields for seeds and for this file

    try:
        entries = _entries(read_text(path, root))
    except UnicodeDecodeError as error:
        result.errors.append(f"{OVERRIDES}: cannot be read ({error}); save it as UTF-8")
        return result
    except UnreadableFile as error:  # a link out of the dossier, a FIFO, no permission
        result.errors.append(f"{error}; its fields are not applied")
        return result
    except IngestError as error:
        result.errors.append(str(error))
        return result
    for seed_name, (fields, line) in sorted(entries.items()):
        if fields is None:
            result.errors.append(
                f"{OVERRIDES}:{line}: {shown(seed_name)}: expected fields (title:, date:, …) under the seed's name"
            )
            continue
        agency = fields.pop("agency", (None, line))[0]
        try:
            meta = front_matter_meta(fields, OVERRIDES)
        except IngestError as error:
            result.errors.append(f"{error} (entry {shown(seed_name)} left out)")
            continue
        result.warnings.extend(meta.pop("warnings", []))
        if "date_source" in meta:
            meta["date_source"] = meta["date_source"].replace("front matter", OVERRIDES)
        if isinstance(agency, str) and agency.strip():
            meta["agency"] = agency.strip()
        result.fields[seed_name] = meta
        digest = repr(sorted((key, repr(value)) for key, (value, _) in fields.items())) + repr(agency)
        result.digests[seed_name] = hashlib.sha256(digest.encode()).hexdigest()
    return result


def _entries(text: str) -> dict[str, tuple[dict | None, int]]:
    """content/seeds.yml as {seed name: ({field: (value, line)} or None if not a mapping, line)}."""
    loader = TextLoader(text)  # scalars stay the text the curator wrote
    try:
        node = bounded_node(loader)
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            raise IngestError(f"{OVERRIDES}:1: expected seed file names, each with its fields")
        entries: dict[str, tuple[dict | None, int]] = {}
        for key_node, value_node in node.value:
            name, line = str(loader.construct_object(key_node, deep=True)), key_node.start_mark.line + 1
            if not isinstance(value_node, yaml.MappingNode):
                entries[name] = (None, line)
                continue
            entries[name] = (
                {
                    str(loader.construct_object(k, deep=True)): (
                        loader.construct_object(v, deep=True),
                        k.start_mark.line + 1,
                    )
                    for k, v in value_node.value
                },
                line,
            )
        return entries
    except FrontMatterError as error:
        raise IngestError(f"{OVERRIDES}:{error.line or 1}: not valid YAML: {error}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise IngestError(
            f"{OVERRIDES}:{mark.line + 1 if mark else 1}: not valid YAML: {error.problem or error.context}"
        ) from None
    finally:
        loader.dispose()


def apply(article: Article, meta: dict) -> None:
    """Set on `article` what the curator wrote for its seed."""
    for key in ("title", "authors", "url", "genre", "language", "agency"):
        if meta.get(key):
            setattr(article, key, meta[key])
    if meta.get("outlet"):
        article.outlet = meta["outlet"]
    if meta.get("date") is not None:
        article.date, article.date_source = meta["date"], meta["date_source"]
    if meta.get("date") is not None:
        article.warnings = [w for w in article.warnings if "no publication date found" not in w]


def propose(
    text: str, date: PartialDate | None, outlet: str | None, events: list[str], registry: Registry, language: str | None = None
) -> dict:
    """What the text of an article (in `language`) suggests for its unknown date and outlet: {field: {value, reason}}."""
    proposals: dict[str, dict] = {}
    if date is None:
        # Here: a build whose articles all have a date loads neither it nor Babel.
        from ..analysis.dates import find_dates

        told = [(mention.date, f"the text names {shown(text[mention.start : mention.end])}") for mention in find_dates(text, language)]
        told += [
            (event.end or event.start, f"the text tells of the event {shown(event.id)} ({event.name})")
            for event in (registry.events.get(event_id) for event_id in events)
            if event is not None
        ]
        if told:
            latest, why = max(told, key=lambda item: (item[0].first_day(), item[0].precision == "day"))
            # Published on or after the latest thing it tells of: the month, never a day it does not state.
            month = PartialDate(latest.year, latest.month) if latest.month else latest
            proposals["date"] = {"value": month.iso(), "reason": f"not before {latest.iso()}: {why}"}
    if not outlet:
        for url in _URL_IN_TEXT.findall(text):
            name = outlets.from_url(url)
            if name:
                proposals["source"] = {"value": name, "reason": f"the text quotes the address {url}"}
                proposals["url"] = {"value": url, "reason": "the address the text quotes"}
                break
    return proposals


def write_proposals(root: Path, proposals: dict[str, dict]) -> bool:
    """Write content/proposals.yml (removed when nothing is proposed); True if it changed."""
    path = root / PROPOSALS
    try:
        current = read_text(path, root, encoding="utf-8") if path.exists() else None
    except (UnreadableFile, UnicodeDecodeError):  # the build's own file, whatever took its place: written again
        current = ""
    if not proposals:
        path.unlink(missing_ok=True)
        return current is not None
    text = _PROPOSALS_HEADER + yaml.safe_dump(
        dict(sorted(proposals.items())), allow_unicode=True, sort_keys=True, width=1000
    )
    if text == current:
        return False
    write_atomic(path, text)
    return True


def read_proposals(root: Path) -> dict[str, dict]:
    """content/proposals.yml as written by the last build ({} if none)."""
    path = root / PROPOSALS
    if not path.exists():
        return {}
    try:
        data = load_yaml(read_text(path, root, encoding="utf-8"))
    except FrontMatterError as error:
        raise DossierError(f"{PROPOSALS}:{error.line or 1}: not valid YAML ({error}); delete it and build again") from None
    except UnicodeDecodeError:
        raise DossierError(f"{PROPOSALS}: not UTF-8 text; delete it and build again") from None
    return data if isinstance(data, dict) else {}


def confirm(root: Path, seed_name: str, fields: list[str]) -> dict[str, str]:
    """Copy the proposals for `seed_name` (those `fields`, or all) into content/seeds.yml; return what was set."""
    proposals = read_proposals(root)
    entry = proposals.get(seed_name)
    if entry is None:
        known = ", ".join(sorted(proposals)) or "none"
        raise DossierError(f"{seed_name}: nothing proposed for this seed (seeds with proposals: {known})")
    chosen = {key: value["value"] for key, value in entry.items() if not fields or key in fields}
    unknown = sorted(set(fields) - set(entry))
    if unknown:
        raise DossierError(f"{seed_name}: no proposal for {', '.join(unknown)} (proposed: {', '.join(sorted(entry))})")
    set_fields(root, seed_name, chosen)
    return {key: str(value) for key, value in chosen.items()}


def set_fields(root: Path, seed_name: str, fields: dict) -> None:
    """Set `fields` of `seed_name` in content/seeds.yml (its other fields and the curator's comments kept)."""
    path = root / OVERRIDES
    try:
        text = read_text(path, root) if path.exists() else _HEADER
    except UnicodeDecodeError:
        raise DossierError(f"{OVERRIDES}: not UTF-8; save it as UTF-8 first") from None
    try:
        data = load_yaml(text) if text.strip() else {}
    except FrontMatterError as error:
        raise DossierError(f"{OVERRIDES}:{error.line or 1}: not valid YAML ({error}); fix it by hand first") from None
    if data is not None and not isinstance(data, dict):
        raise DossierError(f"{OVERRIDES}: expected seed names with their fields; fix it by hand first")
    data = data or {}
    current = data.get(seed_name) or {}
    if not isinstance(current, dict):
        raise DossierError(f"{OVERRIDES}: {shown(seed_name)} is not a set of fields; fix it by hand first")
    current.update(fields)
    # Appended or replaced as a block of its own, so that the curator's comments elsewhere stay.
    block = yaml.safe_dump({seed_name: current}, allow_unicode=True, sort_keys=False, width=1000)
    text = _without_entry(text, seed_name) if seed_name in data else text
    write_atomic(path, text.rstrip("\n") + "\n" + block)


def _without_entry(text: str, seed_name: str) -> str:
    """`text` of content/seeds.yml without the top-level entry for `seed_name` (its key line and indented lines)."""
    lines, kept, skipping = text.split("\n"), [], False
    key = re.compile(rf"^['\"]?{re.escape(seed_name)}['\"]?\s*:")
    for line in lines:
        if key.match(line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept)


def plain_text(body: str) -> str:
    """An annotated article body as text: `[[id|text]]` links back to their text."""
    return re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", body)
