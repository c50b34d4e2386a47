"""Search: index the rendered site with Pagefind, for the search page (/recherche/).

Pagefind reads the HTML Pelican wrote. Only the elements the theme marks with
`data-pagefind-body` are indexed: an article (header and body, not its side list),
and the header of an actor's, a place's or an event's page (name, description,
other names, dates, participants); home, indexes, timeline and search pages are
not. Pagefind builds the index of the pages' `<html lang>`, the site's language
(a French site's: stemming, accents folded: "coree" finds "Corée"). Filters `type`
(Article, Acteur, Lieu, Événement) and `média` (an article's outlet) come from
`data-pagefind-filter`: their names and values are the theme's words, in the
site's language (`type`: Article, Actor, Place, Event, and `outlet` in English).

An article in another language than the site's (`<article data-search-language="en">` instead of
`data-pagefind-body`) is left out of that index and indexed in its own language, in a bundle of its
own (`pagefind-en/`), so that each language's words are stemmed by its own rules: "sanctioned"
finds "sanctions" in an English article, "sanctionnée" finds "sanctions" in a French one. The search
page loads every bundle (its `data-languages`) and merges their results.

The bundle goes to `pagefind/` in the site; the search page loads
`pagefind/pagefind.js` from there. Pagefind 1.5 writes the values of a filter in
the order of a Rust HashMap, which changes from run to run (upstream issue
Pagefind/pagefind#638: fragments are stable since 1.3, "filter/metadata indexes"
are not), and no option changes that. So that two builds give the same bytes,
`stabilise_filters` rewrites the filter files with their values sorted, renames
them after their new content and updates the two files that name them.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.errors import RenderError

BUNDLE = "pagefind"  # the folder of the search bundle, in the site
LANGUAGE = "fr"
TIMEOUT = 300  # seconds; indexing the five seeds takes well under one


def index_site(folder: Path, language: str = LANGUAGE, others: Sequence[str] = ()) -> list[str]:
    """Index the site in `folder` with Pagefind into `folder/pagefind/`; return its warnings.

    `language` is the site's (its pages' `<html lang>`): pages Pagefind finds in another are said.
    `others`: the languages of the articles in another (`listed_languages`), each indexed apart.

    Raises RenderError when Pagefind is missing, fails, or writes no index.
    """
    if importlib.util.find_spec("pagefind") is None:
        raise RenderError("search: Pagefind is not installed; install it with: pip install 'pagefind[bin]'")
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", BUNDLE, "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"search: Pagefind did not finish indexing {folder} in {TIMEOUT} s") from None
    except OSError as error:
        raise RenderError(f"search: Pagefind could not be started: {error}") from error
    lines = (line.strip() for line in (result.stdout + "\n" + result.stderr).splitlines())
    output = list(dict.fromkeys(line for line in lines if line))  # Pagefind repeats its errors
    if result.returncode != 0:
        details = "; ".join(output[-5:]) or "no message"
        raise RenderError(f"search: Pagefind failed (exit status {result.returncode}): {details}")
    warnings = [f"search: Pagefind: {line}" for line in output]
    languages = read_entry(folder).get("languages", {})
    if not languages:
        raise RenderError(f"search: Pagefind wrote no index into {BUNDLE}/ (no HTML page in {folder}?)")
    warnings.extend(stabilise_filters(folder / BUNDLE))
    warnings.extend(_index_other_languages(folder, others))
    for other in sorted(set(languages) - {language}):
        warnings.append(
            f"search: {languages[other].get('page_count', '?')} page(s) indexed as language {other!r}, "
            f"not {language!r}: a search from the site's other pages does not find them"
        )
    return warnings


def search_languages(articles, site_language: str) -> list[str]:
    """The languages of the articles that are not the site's: each is searched in a bundle of its own."""
    return sorted({article.language for article in articles if article.language and article.language != site_language})


_OWN_LANGUAGE = re.compile(r'<article [^>]*\bdata-search-language="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)"')


def listed_languages(search_page: Path) -> list[str]:
    """The languages whose bundles the search page loads (its script's data-languages): those of the
    articles that are not in the site's language."""
    try:
        found = _LISTED.search(search_page.read_text(encoding="utf-8"))
    except OSError:
        return []
    return found.group(1).split() if found else []


_LISTED = re.compile(r'\bdata-languages="([^"]*)"')


def _index_other_languages(folder: Path, others: Sequence[str]) -> list[str]:
    """Index the article pages marked with one of the `others` languages, each language into
    `pagefind-<lang>/`; remove the bundles of languages no article has any more. A site in one
    language (no `others`) reads no page."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((folder / "articles").rglob("index.html")) if others else ():
        html = path.read_text(encoding="utf-8", errors="replace")
        if match := _OWN_LANGUAGE.search(html):
            url = "/" + path.parent.relative_to(folder).as_posix() + "/"
            marked = html.replace(f'data-search-language="{match.group(1)}"', "data-pagefind-body", 1)
            pages.setdefault(match.group(1), []).append((url, marked))
    for old in folder.glob(f"{BUNDLE}-*"):
        if old.is_dir() and old.name[len(BUNDLE) + 1 :] not in pages:
            shutil.rmtree(old)
    warnings = []
    for language, language_pages in sorted(pages.items()):
        bundle = folder / f"{BUNDLE}-{language}"
        shutil.rmtree(bundle, ignore_errors=True)
        try:
            asyncio.run(_index_pages(bundle, language, language_pages))
        except Exception as error:  # noqa: BLE001 - Pagefind's service raises its own kinds
            raise RenderError(f"search: Pagefind could not index the {language!r} articles: {error}") from None
        warnings.extend(stabilise_filters(bundle))
    return warnings


async def _index_pages(bundle: Path, language: str, pages: list[tuple[str, str]]) -> None:
    from pagefind.index import PagefindIndex

    async with PagefindIndex(config={"force_language": language, "output_path": str(bundle)}) as index:
        for url, html in pages:
            await index.add_html_file(content=html, url=url)


def read_entry(folder: Path) -> dict:
    """Pagefind's manifest of a site's bundle (`pagefind-entry.json`): languages and their page counts."""
    path = folder / BUNDLE / "pagefind-entry.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def indexed_pages(folder: Path) -> int:
    """How many pages Pagefind indexed, over every language."""
    return sum(int(language.get("page_count", 0)) for language in read_entry(folder).get("languages", {}).values())


# Pagefind's index files: gzip of b"pagefind_dcd" followed by one CBOR value.
SIGNATURE = b"pagefind_dcd"


class _Unsupported(ValueError):
    """A file in a form this module does not rewrite (another Pagefind version)."""


def stabilise_filters(bundle: Path) -> list[str]:
    """Rewrite Pagefind's filter files with sorted values, so that the same site gives the same bytes.

    The filter files are named after their content, the metadata file names them
    and `pagefind-entry.json` names the metadata file: all three are rewritten.
    Returns a warning (and leaves the bundle as it is) when the files are not in
    the form Pagefind 1.5 writes.
    """
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        plans = []
        for language, info in sorted(entry.get("languages", {}).items()):
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_index_file(meta_path)
            if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
                raise _Unsupported(f"{meta_path.name}: unexpected layout")
            filters = []
            for name, old_hash in meta[3]:
                old_path = bundle / "filter" / f"{old_hash}.pf_filter"
                key, values = _read_index_file(old_path)
                if key != name or not isinstance(values, list):
                    raise _Unsupported(f"{old_path.name}: unexpected layout")
                data = _index_bytes([key, sorted(values, key=lambda pair: pair[0])])
                filters.append((name, old_path, f"{language}_{hashlib.sha256(data).hexdigest()[:7]}", data))
            filters.sort(key=lambda item: item[0])
            meta[3] = [[name, new_hash] for name, _, new_hash, _ in filters]
            meta_data = _index_bytes(meta)
            new_meta = f"{language}_{hashlib.sha256(meta_data).hexdigest()[:10]}"
            plans.append((language, meta_path, new_meta, meta_data, filters))
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        message = f"the filter files of the index could not be put in a stable order ({error})"
        return [f"search: {message}; two builds may differ in {BUNDLE}/filter/"]
    for language, meta_path, new_meta, meta_data, filters in plans:
        for _, old_path, _, _ in filters:
            old_path.unlink()
        for _, _, new_hash, data in filters:
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(data)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta}.pf_meta").write_bytes(meta_data)
        entry["languages"][language]["hash"] = new_meta
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return []


def _read_index_file(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unsupported(f"{path.name}: no Pagefind signature")
    value, end = _cbor_decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise _Unsupported(f"{path.name}: trailing bytes")
    return value


def _index_bytes(value) -> bytes:
    """An index file as Pagefind writes one: gzip (no time stamp) of the signature and the CBOR value."""
    return gzip.compress(SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)


def _cbor_decode(data: bytes, at: int):
    """Decode the CBOR subset Pagefind's index files use: integers, strings, bytes, arrays, maps."""
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise _Unsupported(f"CBOR item 0x{head:02x} (indefinite length or reserved)")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        chunk = data[at:at + argument]
        if len(chunk) != argument:
            raise _Unsupported("truncated CBOR string")
        return (bytes(chunk) if major == 2 else chunk.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(argument):
            key, at = _cbor_decode(data, at)
            value, at = _cbor_decode(data, at)
            pairs.append((key, value))
        return _CborMap(pairs), at
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    raise _Unsupported(f"CBOR item 0x{head:02x}")


class _CborMap(list):
    """A CBOR map, kept as its list of pairs so that it is written back in the same order."""


def _cbor_head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise _Unsupported("integer too large for CBOR")


def _cbor_encode(value) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _cbor_head(3, len(encoded)) + encoded
    if isinstance(value, _CborMap):
        return _cbor_head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value)
    if isinstance(value, (list, tuple)):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    raise _Unsupported(f"cannot write {type(value).__name__} as CBOR")
