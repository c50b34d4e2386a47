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
finds "sanctions" in an English article, "sanctionnée" finds "sanctions" in a French one. Past SHARD
articles, a language's articles are shared between bundles (`pagefind-fr-1/`…, `plan`), so that one
article added or edited has only its own bundle indexed again; a bundle whose pages are those of the
last render is taken from it as it is. The search page loads every bundle (its `data-bundles`) and
merges their results. Each bundle is indexed by the Pagefind command, on a copy of its pages alone:
Pagefind's Python API waits a tenth of a second for each page it is given.

The main bundle goes to `pagefind/` in the site; the search page loads
`pagefind/pagefind.js` from there. Pagefind 1.5 writes the values of a filter in
the order of a Rust HashMap, which changes from run to run (upstream issue
Pagefind/pagefind#638: fragments are stable since 1.3, "filter/metadata indexes"
are not), and no option changes that. So that two builds give the same bytes,
`stabilise_filters` rewrites the filter files with their values sorted, renames
them after their new content and updates the two files that name them.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..core import output as site_output
from ..core.errors import RenderError

BUNDLE = "pagefind"  # the folder of the search bundle, in the site
WORK = "search"  # the folders Pagefind reads pages from, kept beside the output between builds (core.output.beside)
LANGUAGE = "fr"
TIMEOUT = 300  # seconds; indexing the five seeds takes well under one


def index_site(folder: Path, language: str = LANGUAGE, plan: dict[str, str] | None = None,
               previous: Path | None = None, known: dict[str, str] | None = None,
               record: dict[str, str] | None = None, keys: dict[str, str] | None = None) -> list[str]:
    """Index the site in `folder` with Pagefind into its bundles; return the warnings (`Indexing`)."""
    indexing = Indexing(folder, language, plan, previous, known, record, keys)
    try:
        indexing.start_articles()
        indexing.start_rest()
        return indexing.finish()
    finally:
        indexing.close()


class Indexing:
    """Pagefind indexing the site in `folder` into its bundles, in processes of its own, while the build's
    process goes on writing pages: `start_articles` starts the bundles made of article pages alone once
    those are written, `start_rest` the others once the pages the search reads are (again once every page
    is: a page marked for Pagefind written meanwhile makes its bundle indexed again); `finish` waits for
    them and returns the warnings, `close` stops them and removes the work folder.

    `language` is the site's (its pages' `<html lang>`): pages Pagefind finds in another are said.
    `plan` maps the address of each article page to its bundle (`plan`); without one, an article in
    another language than the site's goes to `pagefind-<lang>/` and every other page to `pagefind/`.
    A bundle whose pages are those of the last render (`known`: each bundle's fingerprint then, its
    files in `previous`) is taken from there as it is; the others are indexed, each by a Pagefind
    process of its own on a copy of its pages alone, PAGEFIND_PROCESSES at once. `record` receives
    the fingerprint of every bundle: made of its pages' keys when `keys` (each page's address -> the key
    of what the search reads of it, render.link.page_keys) has them all, so that a bundle of articles whose
    pages kept their keys is taken without its pages being read (a page whose related reading changed has
    kept the key of what the search reads); else of the pages' bytes.

    Raises RenderError when Pagefind is missing, fails, or writes no index.
    """

    def __init__(self, folder: Path, language: str = LANGUAGE, plan: dict[str, str] | None = None,
                 previous: Path | None = None, known: dict[str, str] | None = None,
                 record: dict[str, str] | None = None, keys: dict[str, str] | None = None,
                 site: Path | None = None):
        if importlib.util.find_spec("pagefind") is None:
            raise RenderError("search: Pagefind is not installed; install it with: pip install 'pagefind[bin]'")
        self.folder, self.language, self.plan = folder, language, plan or {}
        self.previous, self.known, self.record, self.keys = previous, known or {}, record, keys
        self.bundles: dict[str, _Bundle] = {}
        self.read: set[str] = set()  # the pages read so far, by their path in the site
        self.unmarked: list[tuple[str, bytes]] = []  # those read with nothing marked for Pagefind: (path, HTML)
        self.indexed: list[str] = []
        self.waiting: list[str] = []
        self.running: list[tuple[str, subprocess.Popen]] = []
        # In the site's folder (the build's staging folder), so that a build killed meanwhile leaves none behind;
        # its folders (one for each page) are kept at `work` between builds, without their files (core.output).
        # `site`: the site's folder, beside which they are kept (`WORK`).
        self.work = Path(tempfile.mkdtemp(prefix=".search-", dir=folder))
        self.site, self.kept = site, site and site_output.beside(site, WORK)
        self.closed = False
        if self.kept is not None:
            site_output.take_folders(self.kept, self.work)
        self.warnings: list[str] = []

    def start_articles(self) -> None:
        """Start indexing the bundles of the plan made of article pages alone (all but `pagefind/`), whose pages are
        written. A bundle whose pages have the keys of the last render's (`keys`) is taken from it without reading them."""
        by_name: dict[str, list[Path]] = {}
        for url, name in self.plan.items():
            if name != BUNDLE:
                by_name.setdefault(name, []).append(self.folder / url / "index.html")
        unread: list[Path] = []
        for name, paths in sorted(by_name.items()):
            paths.sort()
            fingerprint = self._keyed(name, paths)
            if fingerprint is not None and self.known.get(name) == fingerprint and _take(self.previous, self.folder, name, True):
                self.bundles[name] = _Bundle(None, unread=paths)
                self.read.update(path.relative_to(self.folder).as_posix() for path in paths)
                if self.record is not None:
                    self.record[name] = fingerprint
            else:
                unread += paths
        self._launch(_bundle_pages(self.folder, self.plan, sorted(unread), self.read)[0])

    def _keyed(self, name: str, paths: list[Path]) -> str | None:
        """The fingerprint of the bundle `name` of the pages at `paths` made of their keys (the same key, the
        same words for Pagefind: render.link.page_keys); None when a page has none."""
        if self.keys is None:
            return None
        digest = hashlib.sha256(f"{_pagefind_version()}\0{name}\0keys\0".encode())
        for path in paths:
            relative = path.relative_to(self.folder).as_posix()
            key = self.keys.get(relative.removesuffix("index.html"))
            if key is None or not path.is_file():
                return None
            digest.update(f"{relative}\0{key}\0".encode())
        return digest.hexdigest()

    def start_rest(self, final: bool = True) -> None:
        """Start indexing the bundles of the pages not read yet. `final`: every page is written (a bundle given
        pages after it was started is then indexed again whole). Not `final`: the pages the search reads are
        written (the theme's actors', places' and events' pages), others may follow; the bundles of those
        written start now, and nothing is concluded from an index that has no page yet."""
        seen = self.read | {relative for relative, _ in self.unmarked}
        pages = sorted(self.folder / relative for relative in _html_pages(self.folder) if relative not in seen)
        bundles, unmarked = _bundle_pages(self.folder, self.plan, pages, self.read)
        self.unmarked += unmarked
        if not final:
            self._launch(bundles)
            return
        if not self.bundles and not bundles and self.unmarked:  # no article, actor nor event yet: Pagefind reads every page whole
            bundles[BUNDLE] = _Bundle(None)
            bundles[BUNDLE].whole = True
            bundles[BUNDLE].pages.extend(sorted(self.unmarked, key=lambda page: Path(page[0])))
        if not self.bundles and not bundles:
            raise RenderError(f"search: no page of {self.folder} has anything for Pagefind to index")
        self._launch(bundles)
        for old in self.folder.glob(f"{BUNDLE}*"):
            if old.is_dir() and old.name not in self.bundles:
                shutil.rmtree(old)

    def _launch(self, bundles: dict[str, _Bundle]) -> None:
        """Take each of `bundles` from the last render when its pages are the same, else queue it for Pagefind.
        A bundle given pages again (a page of another language than the site's outside the plan) is indexed again whole."""
        for name, bundle in sorted(bundles.items()):
            if name in self.bundles:
                earlier = self.bundles[name]
                if earlier.unread is not None:  # taken from the last render unread: its pages read now
                    earlier = _bundle_pages(self.folder, self.plan, earlier.unread, set())[0].get(name, _Bundle(bundle.language))
                self._drop(name)
                earlier.pages = sorted(earlier.pages + bundle.pages, key=lambda page: Path(page[0]))
                earlier.rewritten |= bundle.rewritten
                self.bundles[name] = earlier
            else:
                self.bundles[name] = bundle
            pages = self.bundles[name].pages
            fingerprint = self._keyed(name, [self.folder / relative for relative, _ in pages]) or _fingerprint(name, self.bundles[name])
            if self.record is not None:
                self.record[name] = fingerprint
            if not _take(self.previous, self.folder, name, self.known.get(name) == fingerprint):
                self.indexed.append(name)
                self.waiting.append(name)
        try:
            while self.waiting and len(self.running) < PAGEFIND_PROCESSES:
                self._start(self.waiting.pop(0))
        except BaseException:
            self.close()
            raise

    def _drop(self, name: str) -> None:
        """Forget what was started or taken for the bundle `name`: it is to be indexed again."""
        for other, process in [pair for pair in self.running if pair[0] == name]:
            process.kill()
            process.wait()
            self.running.remove((other, process))
        self.waiting = [other for other in self.waiting if other != name]
        self.indexed = [other for other in self.indexed if other != name]
        shutil.rmtree(self.folder / name, ignore_errors=True)
        site_output.empty(self.work / name)

    def _start(self, name: str) -> None:
        site, bundle = self.work / name, self.bundles[name]
        folders: set[str] = set()
        for relative, html in bundle.pages:  # a page as written: a hard link to it (plain `os` calls: a bundle has hundreds)
            folder = os.path.dirname(os.path.join(site, relative))
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            # Cut here, not where the pages are read: a bundle taken from the last render needs none.
            cut = html if bundle.whole else unsearched_cut(html)
            if cut is not html or relative in bundle.rewritten or not _linked(self.folder / relative, site / relative):
                (site / relative).write_bytes(cut)
        shutil.rmtree(self.folder / name, ignore_errors=True)
        command = [*_yielding(), *_pagefind(), "--site", str(site), "--output-path", str(self.folder / name), *PAGEFIND_ARGUMENTS]
        if self.bundles[name].language:
            command += ["--force-language", self.bundles[name].language]
        try:
            self.running.append((name, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                                        env=_environment())))
        except OSError as error:
            raise RenderError(f"search: Pagefind could not be started: {error}") from error

    def finish(self) -> list[str]:
        while self.running:
            self.warnings += _finished(self.running.pop(0)[1])
            if self.waiting:
                self._start(self.waiting.pop(0))
        self.close()
        for name in self.indexed:
            if not (self.folder / name / "pagefind-entry.json").is_file():
                raise RenderError(f"search: Pagefind wrote no index into {name}/{_full_disk(self.folder)}")
            self.warnings.extend(stabilise_filters(self.folder / name))
        languages = read_entry(self.folder).get("languages", {})
        if BUNDLE in self.bundles and not languages:
            raise RenderError(f"search: Pagefind wrote no index into {BUNDLE}/{_full_disk(self.folder)}")
        for other in sorted(set(languages) - {self.language}):
            self.warnings.append(
                f"search: {languages[other].get('page_count', '?')} page(s) indexed as language {other!r}, "
                f"not {self.language!r}: a search from the site's other pages does not find them"
            )
        return self.warnings

    def close(self) -> None:
        for _, process in self.running:
            process.kill()
            process.wait()
        self.running = []
        if self.closed:
            return
        self.closed = True
        if self.kept is not None:  # out of the site's folder now, emptied while the build ends
            site_output.keep_folders_aside(self.work, self.site, self.kept)
        else:
            shutil.rmtree(self.work, ignore_errors=True)


# Articles per bundle, at most on average. Past it a language's articles are shared between bundles
# by a hash of their address, so that an article added or edited has Pagefind index again only its
# own bundle (and the one of the actors' and events' pages), not every page: a bundle of 300 articles
# takes Pagefind about 0.7 s. Each bundle is one more Pagefind instance for the search page to load
# (~90 kB), so they are not smaller. The number of bundles is a power of two, so that it changes
# rarely (at 300, 600, 1,200, 2,400… articles of a language: the build that crosses one indexes every
# article again) and each bundle then splits in two.
SHARD = 300


def plan(articles: Iterable[tuple[str, str]], site_language: str) -> dict[str, str]:
    """The bundle of each article page (its address -> the bundle's folder), from (address, language)
    pairs: the site's language in `pagefind/` with the other pages, another in `pagefind-<lang>/`; the
    articles of a language past SHARD shared by a hash of their address between `pagefind-<lang>-<n>/`."""
    by_language: dict[str, list[str]] = {}
    for url, language in articles:
        by_language.setdefault(language or site_language, []).append(url)
    bundles = {}
    for language, urls in by_language.items():
        shares = 1 << max(0, (len(urls) - 1) // SHARD).bit_length()
        for url in urls:
            if shares == 1:
                bundles[url] = BUNDLE if language == site_language else f"{BUNDLE}-{language}"
            else:
                share = int.from_bytes(hashlib.sha256(url.encode()).digest()[:8], "big") % shares
                bundles[url] = f"{BUNDLE}-{language}-{share + 1}"
    return bundles


def bundles_of(plan: dict[str, str]) -> list[str]:
    """The folders of the bundles the search page loads, `pagefind/` first."""
    return [BUNDLE, *sorted(set(plan.values()) - {BUNDLE})]


_OWN_LANGUAGE = re.compile(rb'<article [^>]*\bdata-search-language="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)"')


class _Bundle:
    """The pages of one bundle, (path in the site, HTML), and the language Pagefind is told they are in
    (None: the site's, as their `<html lang>` says)."""

    def __init__(self, language: str | None, unread: list[Path] | None = None):
        self.language = language
        self.pages: list[tuple[str, bytes]] = []
        self.rewritten: set[str] = set()  # the pages whose element was marked for Pagefind here (an article in another language)
        self.unread = unread  # a bundle taken from the last render by its pages' keys: their paths, not read
        self.whole = False  # its pages given to Pagefind whole, not cut (unsearched_cut): pages with no part marked for it


def _html_pages(folder: Path) -> list[str]:
    """The paths in `folder` of its HTML files, but those of the search's bundles and of hidden folders (which
    _bundle_pages leaves out): what `os.walk` finds (a link to a folder listed, not followed; a folder that
    cannot be read left out), each path made as the walk goes down, not from the folder's (a site of 2,500
    folders: `os.path.relpath` of each took two thirds of the walk's time)."""
    found = []
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            name = entry.name
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                if name.endswith(".html"):
                    found.append(prefix + name)
            elif not (prefix == "" and name.startswith((BUNDLE, "."))) and not entry.is_symlink():
                pending.append((f"{prefix}{name}/", entry.path))
    return found


def _bundle_pages(folder: Path, plan: dict[str, str], paths: list[Path],
                  read: set[str]) -> tuple[dict[str, _Bundle], list[tuple[str, bytes]]]:
    """The pages at `paths` Pagefind reads (those with an element it indexes), by bundle, and the others;
    each page's path in the site added to `read`. An article in another language than the site's has
    its element marked for Pagefind here, and its bundle that language. A page not there is left out."""
    bundles: dict[str, _Bundle] = {}
    unmarked: list[tuple[str, bytes]] = []
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        if relative.split("/")[0].startswith((BUNDLE, ".")) or relative in read:
            continue
        try:
            html = path.read_bytes()
        except FileNotFoundError:  # an article left out of the site
            continue
        own = _OWN_LANGUAGE.search(html)
        if own is None and b"data-pagefind-body" not in html:
            unmarked.append((relative, html))
            continue
        read.add(relative)
        language = own.group(1).decode() if own else None
        name = plan.get(relative.removesuffix("index.html")) or (f"{BUNDLE}-{language}" if language else BUNDLE)
        bundle = bundles.setdefault(name, _Bundle(language))
        if own is not None:
            html = html.replace(b'data-search-language="' + own.group(1) + b'"', b"data-pagefind-body", 1)
            bundle.rewritten.add(relative)
        bundle.pages.append((relative, html))
    return bundles, unmarked


# What the theme marks as never read by Pagefind: an actor's or a place's mentions and side lists, an event's
# comparison and accounts (entity.html, event.html), an article's side list, provenance and related reading
# (article.html), every page's head, the site's header and footer (base.html). The copy of the page Pagefind is
# given is written without them: it parses every byte of a page, and an actor's page is mostly its mentions
# (Pagefind took 0.23 s for the 51 actors', places' and events' pages of a dossier of 1,000 articles, 0.03 s
# without those parts; 0.63 s for 300 articles' pages, 0.47 s for the third of each it is now given). A marked
# part that holds anything Pagefind may read outside the parts marked for it (a data-pagefind- attribute: a
# filter, a meta, a part ignored or indexed; the page's title, from its first <h1>; an image, from an <img>) is kept.
UNSEARCHED_START, UNSEARCHED_END = b"<!--unsearched-->", b"<!--/unsearched-->"
READ_BY_PAGEFIND = (b"data-pagefind", b"<h1", b"<H1", b"<img", b"<IMG")


def unsearched_cut(html: bytes) -> bytes:
    """`html` without its parts marked as never read by Pagefind (from UNSEARCHED_START to the next UNSEARCHED_END),
    but those that hold what it may read; `html` itself when it cuts nothing. Found with bytes.find, not a regular
    expression: its lazy `.*?` over an actor's mentions (200 kB) took most of the time of the cut."""
    start = html.find(UNSEARCHED_START)
    if start < 0:
        return html
    kept, position = [], 0
    while start >= 0:
        end = html.find(UNSEARCHED_END, start + len(UNSEARCHED_START))
        if end < 0:  # a start without an end: the rest is kept
            break
        end += len(UNSEARCHED_END)
        if not any(html.find(marker, start, end) >= 0 for marker in READ_BY_PAGEFIND):
            kept.append(html[position:start])
            position = end
        start = html.find(UNSEARCHED_START, end)
    if not kept:  # every part marked holds what Pagefind reads: the page as it is (linked, not written again)
        return html
    kept.append(html[position:])
    return b"".join(kept)


def _fingerprint(name: str, bundle: _Bundle) -> str:
    digest = hashlib.sha256(f"{_pagefind_version()}\0{name}\0{bundle.language}\0".encode())
    for relative, html in bundle.pages:
        digest.update(relative.encode() + b"\0" + hashlib.sha256(html).digest())
    return digest.hexdigest()


@functools.cache
def _yielding() -> tuple[str, ...]:
    """What starts Pagefind at a lower priority (`nice`, where the system has it): PAGEFIND_NICENESS."""
    found = shutil.which("nice")
    return (found, "-n", str(PAGEFIND_NICENESS)) if found else ()


@functools.cache
def _pagefind() -> tuple[str, ...]:
    """The command that starts Pagefind: its executable, where `python -m pagefind` would find it (the file
    PAGEFIND_BINARY_PATH names, else the one of the pagefind_bin_extended or pagefind_bin package), without that
    Python's start-up (a tenth of a second of CPU for each bundle indexed); else `python -m pagefind`, which
    looks further and says what is missing. Not through pagefind.service: it imports asyncio (20 ms)."""
    found = os.environ.get("PAGEFIND_BINARY_PATH")
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        if found:
            break
        try:
            found = str(importlib.import_module(package).get_executable())
        except (ImportError, OSError, AttributeError):  # not installed, or without its executable
            continue
    return (found,) if found and os.path.isfile(found) and os.access(found, os.X_OK) else (sys.executable, "-m", "pagefind")


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return ""


def _take(previous: Path | None, folder: Path, name: str, same: bool) -> bool:
    """Put the bundle `name` of the last render into `folder` as it is (hard links), when its pages are
    the same; False when they are not, or it is not there (then it is indexed)."""
    if not same or previous is None or not (previous / name / "pagefind-entry.json").is_file():
        return False
    try:
        shutil.copytree(previous / name, folder / name, copy_function=_link, dirs_exist_ok=True)
    except (OSError, shutil.Error):
        shutil.rmtree(folder / name, ignore_errors=True)
        return False
    return True


def _linked(source: Path, target: Path) -> bool:
    """Whether `target` was made a hard link to `source`."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _link(source, target) -> None:
    if not _linked(source, target):
        shutil.copy2(source, target)


PAGEFIND_ARGUMENTS = ("--quiet",)
# Pagefind processes at once: each takes ~70 MB for 250 pages, and uses about one core.
PAGEFIND_PROCESSES = 2
# Threads of each Pagefind (its `rayon` pool): one. By default it starts one per core and takes a share of the
# core the build's process renders on, which is the build's critical path; PAGEFIND_PROCESSES run at once.
PAGEFIND_THREADS = "1"
PAGEFIND_NICENESS = 5


def _environment() -> dict[str, str]:
    """Pagefind's environment: the build's, with PAGEFIND_THREADS unless the curator set RAYON_NUM_THREADS."""
    return {"RAYON_NUM_THREADS": PAGEFIND_THREADS, **os.environ}


# Room on the disk under which a Pagefind that wrote no index, or failed, is taken to have run out of it
# (Pagefind may exit 0 with its index cut short).
LEAST_ROOM = 1 << 20


def _full_disk(folder: Path) -> str:
    """What to add to a message about an index Pagefind did not write: that the disk is full, when it is."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f": no space left on device ({free // 1024} kB free)" if free < LEAST_ROOM else ""


def _finished(process: subprocess.Popen) -> list[str]:
    try:
        out, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RenderError(f"search: Pagefind did not finish indexing in {TIMEOUT} s") from None
    lines = (line.strip() for line in out.splitlines())
    output = list(dict.fromkeys(line for line in lines if line))  # Pagefind repeats its errors
    if process.returncode != 0:
        details = "; ".join(output[-5:]) or "no message"
        raise RenderError(f"search: Pagefind failed (exit status {process.returncode}): {details}")
    return [f"search: Pagefind: {line}" for line in output]


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
