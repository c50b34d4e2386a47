"""The build, top to bottom: registry, ingest, annotate, propose new entities, render, swap into place.

The build is incremental. A seed is read again only when it is new, when its bytes
changed, or when the registry changed since its article was written; only new or
changed seeds go to entity recognition, so a rebuild with nothing new never loads
spaCy. Pelican then renders every page (it always does), into a staging folder that
replaces `output/` only once complete. One build at a time: a lock on the project.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import json
import logging
import multiprocessing
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import __version__
from .core import forks, frontmatter, statcache
from .core import output as site_output
from .core.errors import AnnotateError, DossierError, IngestError, WriteError, reason
from .core.files import UnreadableFile, not_written, read_bytes, read_text, shown, shown_path, write_atomic
from .core.model import Article, PartialDate
from .core.progress import Progress
from .core.report import Report
from .core.text import normalize_key, slugify
from .curate import proposing, provenance
from .curate.annotate import Matcher, stored_hash_matches, write_article
from .curate.registry import read_registry
from .render.given import RenderInput
from .render.run import link, render
from .render.source_cache import SourceCache
from .render.sources import collect_sources, read_sources
from .seeds.read import SEED_SUFFIXES, read_seed

LOCK_NAME = ".dossier-build.lock"


@dataclass
class _Known:
    """What an existing article file says about the seed it came from."""

    path: Path
    slug: str
    seed_sha256: str
    registry_sha256: str
    text_sha256: str
    edited: bool
    override_sha256: str = ""  # hash of the seed's entry in content/seeds.yml when the article was written
    reader_sha256: str = ""  # fingerprint of the code that read the seed (reader_fingerprint() then)
    added: str = ""  # the day its article was first written (field `added`); "" for an article written before it was kept
    unknown: dict = field(default_factory=dict)  # for an article without date or outlet: its text, events, date, outlet


@contextlib.contextmanager
def project_lock(root: Path):
    """Hold the project's build lock; the system releases it if the build is killed."""
    path = root / LOCK_NAME
    try:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 — closed below, once the lock is held
    except OSError as error:
        raise WriteError(
            shown_path(path, root), reason(error), "a build writes into the dossier's folder (content/articles/, .cache/); nothing was built",
            error.errno,
        ) from None
    with handle:
        _take_lock(handle)
        with contextlib.suppress(OSError):  # the build's process, for another build's refusal (a full disk: unsaid)
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        yield


# How long a build waits for the lock of one that ended, while the processes it forked end too.
LOCK_GRACE_SECONDS = 3.0


def _take_lock(handle) -> None:
    """Lock the open lock file, or refuse, naming the build that holds it. A build that ended (killed)
    leaves processes that hold its lock a moment longer, until they die with it: waited for."""
    deadline = time.monotonic() + LOCK_GRACE_SECONDS
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
        running = holder.isdigit() and _running(int(holder))
        if running or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if running:
        said = f"process {holder} is building it"
    elif holder:
        said = f"the lock names process {holder}, which has ended: a process it started still holds the lock"
    else:
        said = "a process holds its lock"
    raise DossierError(f"{LOCK_NAME}: another build of this dossier is running ({said}); try again when it ends") from None


def _running(pid: int) -> bool:
    """Whether process `pid` runs (a zombie, dead but not yet waited for, does not)."""
    if os.path.isdir("/proc/self"):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
                return stat.read().rsplit(")", 1)[-1].split()[:1] not in (["Z"], ["X"])
        except OSError:
            return False
    try:  # no /proc: ask the system whether it is there
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def build(
    root: Path,
    output: Path,
    site_url: str | None = None,
    force: tuple[str, ...] = (),
    propose: bool = True,
    *,
    command: str = "dossier",
    progress: Progress | None = None,
) -> Report:
    """Build the dossier at `root` into `output`; problems with single seeds are reported, not raised.

    `propose=False` leaves entity recognition for a later build (the articles stay on its list).
    `command` is how the curator runs the tool ("dossier", "python build.py"): hints name it.
    `progress` is told each stage as it runs.
    """
    if not (root / "seeds").is_dir() and not (root / "content").is_dir():
        raise DossierError(f"{root}: not a dossier (no seeds/ nor content/); start one with: dossier init {root}")
    site_output.check(root, output)  # before anything is read or written
    site_output.writable(output)
    with project_lock(root):
        try:
            return _build(root, output, site_url, force, propose, command, progress or Progress())
        finally:
            site_output.removed()  # the last site, emptied into the spare while the build wrote its records


def _build(
    root: Path, output: Path, site_url: str | None, force: tuple[str, ...], propose: bool, command: str, progress: Progress
) -> Report:
    try:
        report, given, proposals = _prepare(root, force, propose, command, progress)
    except WriteError as error:  # a full disk: nothing more could be written
        error.kept += f"; the build stopped before the render: {site_output.kept(output)}"
        raise
    report.output = output
    # 5. Render with Pelican into a staging folder, then swap it into place; the render is handed
    #    what this build read (the articles it did not write are not read again).
    try:
        given.progress = progress
        messages = render(root, output, site_url, given)
        given.save_caches()  # unless saved while the render waited for Pagefind
        report.rendered = given.frame_key != ""
        report.pages_written, report.pages_kept = given.pages_written, given.pages_kept
    finally:
        if proposals:
            proposals.finish(report)
    for level, message in messages:
        (report.errors if level >= logging.ERROR else report.warnings).append(message)
    report.articles = _articles_shown(root, given)
    return report


SUMMARY = Path(".cache") / "dossier-summary.json"  # what the last render showed, for a build that renders nothing


def _articles_shown(root: Path, given: RenderInput) -> int:
    """How many articles the site shows: those the render linked, not those it left out (a link to no
    entity, no title). A build that rendered nothing (the site is up to date) says what the last render
    showed, kept in SUMMARY for the same article files; else (no such record) the article files it read."""
    readable = given.sources.articles
    digest = hashlib.sha256("\n".join(sorted(article.path for article in readable)).encode()).hexdigest()
    if given.dossier is not None:
        count = len(given.dossier.articles)
        with contextlib.suppress(OSError):
            write_atomic(root / SUMMARY, json.dumps({"articles": count, "sources": digest}) + "\n", durable=False)
        return count
    try:
        last = json.loads((root / SUMMARY).read_text(encoding="utf-8"))
        if last.get("sources") == digest and isinstance(last.get("articles"), int):
            return last["articles"]
    except (OSError, ValueError, AttributeError):
        pass
    return len(readable)


def prepare(root: Path) -> tuple[Report, RenderInput]:
    """The build's steps before the render, without proposals: for Pelican run on the dossier alone
    (`pelican content`), which then renders what this returns."""
    with project_lock(root):
        report, given, _ = _prepare(root, (), "Pelican run alone", "dossier", Progress())
        given.save_caches()
    return report, given


def _prepare(root: Path, force: tuple[str, ...], propose: bool | str, command: str, progress: Progress):
    """Steps 1 to 4: the registry read, the seeds ingested and annotated into content/articles/,
    proposals started (unless `propose` is False, or a string saying why not). Returns the report
    so far, what the render is handed, and the proposals."""
    steps = _Steps(root, force, command, progress)
    steps.propose_early = propose is True
    try:
        steps.start_early()  # spaCy loading while the build starts, if a seed may be new to the proposals
        steps.read_registry()  # 1
        steps.ingest()  # 2
        steps.drop_gone()  # 2b
        steps.annotate()  # 3
        steps.propose_metadata()  # 3b
        proposals = steps.start_proposals(propose)  # 4
    except BaseException:
        if steps.early is not None:
            steps.early.cancel()
        raise
    report, folder = steps.report, root / "content" / "articles"
    paths = sorted(folder.glob("*.md"))
    report.articles = len(paths)
    report.entities, report.events = len(steps.registry.entities), len(steps.registry.events)
    sources = collect_sources(steps.reads.get(path) or steps.sources.read(path) for path in paths)
    given = RenderInput(steps.registry, sources, digests=steps.files, caches=[steps.sources, steps.files],
                        registry_key=steps.registry_sha256)
    return report, given, proposals


class _Steps:
    """The build's steps before the render, in order, and what they hand each other."""

    def __init__(self, root: Path, force: tuple[str, ...], command: str, progress: Progress):
        self.root, self.force, self.command, self.progress = root, force, command, progress
        self.report = Report()
        self.folder = root / "content" / "articles"
        self.to_annotate: list[tuple[Article, dict, bool, bool]] = []  # article, metadata, text is new, forced
        self.propose_early, self.early = False, None  # proposing.Proposals, started before the seeds are read
        self.files = statcache.Digests(root)  # the SHA-256 of the seeds (and, for the render, of content/), kept by stat

    def start_early(self) -> None:
        """0. The proposals' process started before anything is read, when a file of seeds/ added or changed
        since the last build is one no proposals were made from: it loads spaCy on a processor this process
        leaves idle while it starts and reads the registry (0.3 s, one article added to 1,000). Listed and
        hashed quietly: what is wrong with a seed is said when it is read (`ingest`). Left to `ingest` and
        `start_proposals` when proposals are not to be made, this system cannot fork a process, or no seed
        changed (an article the last build did not read for names is found there)."""
        if not self.propose_early or not forks.can_fork():
            return
        digests = []
        with contextlib.suppress(OSError), os.scandir(self.root / "seeds") as entries:
            for entry in entries:  # the regular files `_seeds` reads (a link is left to `ingest`)
                path = Path(entry.path)
                if (entry.name.startswith(".") or not entry.is_file(follow_symlinks=False) or path.stem.upper() == "README"
                        or path.suffix.lower() not in SEED_SUFFIXES or self.files.known(path)):
                    continue
                with contextlib.suppress(UnreadableFile):
                    digests.append(self.files.sha256(path, self.root).hex())
        if digests and proposing.may_propose(self.root, digests):
            self.early = proposing.Proposals(self.root, self.progress, early=True)

    def read_registry(self) -> None:
        """1. Registry: the curated entities and events; an entry with a problem is reported and left out.
        Then each article file, read once: here, and again only if this build writes it."""
        root, report, content = self.root, self.report, self.root / "content"
        stage = self.progress.stage("registry")
        self.registry, problems = read_registry(content, root)
        report.errors.extend(problems)
        self.registry_sha256 = registry_fingerprint(content)
        self.overrides = provenance.load_overrides(root)
        report.errors.extend(self.overrides.errors)
        report.warnings.extend(self.overrides.warnings)
        stage.finish(f"{len(self.registry.entities):,} entities, {len(self.registry.events):,} events")
        self.sources = SourceCache(root, self.folder)  # an article file unchanged since the last build is not parsed again
        self.reads = {path: self.sources.read(path) for path in self.sources.paths()}
        self.known = _known_articles(self.reads, root, report)
        for slug in sorted(set(self.force) - {k.slug for k in self.known.values()}):
            report.errors.append(f"--force {shown(slug)}: no article of content/articles/ has this slug and comes from a seed")

    @functools.cached_property
    def matcher(self) -> Matcher:
        """The registry's names and trigger phrases, compiled once an article is to be annotated or checked."""
        return Matcher(self.registry)

    def up_to_date(self, path: Path, previous: _Known | None) -> bool:
        """Whether the article of the seed at `path` is as this build would write it, or the curator's."""
        if previous is None or previous.slug in self.force or previous.seed_sha256 != self.digests[path]:
            return False
        return previous.edited or (
            previous.registry_sha256 == self.registry_sha256
            and previous.override_sha256 == self.overrides.digest(path.name)  # a seed is a file of seeds/ (_seeds)
            and previous.reader_sha256 == reader_fingerprint()
        )

    def ingest(self) -> None:
        """2. Ingest the seeds that are new or changed, or whose articles predate the registry."""
        root, known = self.root, self.known
        seeds, refused = _seeds(root, self.report, known)
        # A seed refused (a link out of seeds/) is still there: its article is not an orphan.
        present = {f"seeds/{path.name}" for path in seeds} | refused  # each a file of seeds/, as the curator names it
        # Articles whose seed is not there: renamed (found again by its bytes or its words) or deleted.
        self.orphans = {seed: k for seed, k in known.items() if seed not in present}
        self.by_bytes = {k.seed_sha256: seed for seed, k in self.orphans.items()}
        self.taken = {k.slug: seed for seed, k in known.items()}
        self.texts = {k.text_sha256: seed for seed, k in known.items() if k.text_sha256}
        self.digests = self.digest_seeds(seeds)
        seeds = [path for path in seeds if path in self.digests]
        # Many seeds to read (a first build): read in several processes beforehand.
        to_read = [p for p in seeds if not self.up_to_date(p, known.get(f"seeds/{p.name}"))]
        # spaCy loads while the seeds are read, when one of them is new to the proposals (if not started yet).
        if self.propose_early and self.early is None and to_read and proposing.may_propose(root, [self.digests[path] for path in to_read]):
            self.early = proposing.Proposals(root, self.progress)
        self.reading = self.progress.stage("reading seeds", len(to_read))
        self.prefetched = _read_seeds(to_read, root, self.reading)
        for path in seeds:
            self.ingest_seed(path)
        unchanged = len(seeds) - len(to_read)
        self.reading.finish(f"{unchanged:,} unchanged" if unchanged else "" if seeds else "no seeds")

    def digest_seeds(self, seeds: list[Path]) -> dict[Path, str]:
        """The sha256 of each seed that can be read; one that cannot (no permission, a FIFO) is said, and
        its article, if it has one, is left as it is (the seed is still there: its article is not removed)."""
        digests = {}
        for path in seeds:
            try:
                digests[path] = self.files.sha256(path, self.root).hex()
            except UnreadableFile as error:
                previous = self.known.get(error.name)
                kept = f"its article content/articles/{previous.slug}.md is kept as it is" if previous else "article left out"
                self.report.errors.append(f"{error}; {kept}")
        return digests

    def ingest_seed(self, path: Path) -> None:
        """One seed: followed if it was renamed, left alone if its article is up to date, else read."""
        root, report = self.root, self.report
        seed = f"seeds/{path.name}"  # a file of seeds/ (_seeds), named from the dossier's folder
        digest = self.digests[path]
        previous = self.known.get(seed)
        renamed = previous is None and self.by_bytes.get(digest) in self.orphans
        if renamed:
            previous = self.follow_rename(self.by_bytes[digest], seed)
            if previous.edited:
                return  # the curator's article, now naming its new seed
        forced = previous is not None and previous.slug in self.force
        seed_name = path.name
        override_sha256 = self.overrides.digest(seed_name)
        if not renamed and self.up_to_date(path, previous):
            if previous.edited and previous.override_sha256 != override_sha256:
                report.warnings.append(
                    f"{previous.path.relative_to(root).as_posix()}: edited by hand, so its entry in {provenance.OVERRIDES} "
                    f"is not applied (set the fields in the article, or {self.command} build --force {previous.slug})"
                )
            return  # nothing this article depends on changed, or the curator owns it now
        article = self.read(path)
        if article is None:
            return
        if seed_name in self.overrides.fields:
            provenance.apply(article, self.overrides.fields[seed_name])
        report.warnings.extend(article.warnings)
        text_sha256 = _text_fingerprint(article)
        twin = self.texts.get(text_sha256)
        if twin in self.orphans and previous is None:  # renamed and saved again (other encoding, line ends)
            previous = self.follow_rename(twin, seed)
            if previous.edited:
                return
        elif twin and twin != seed:
            report.errors.append(f"{seed}: the same article as {twin}; ignored")
            return
        self.texts[text_sha256] = seed
        if previous:
            article.slug = previous.slug  # an article keeps its address once published
        else:
            _claim_slug(article, self.taken, report)
        self.taken[article.slug] = seed
        meta = {"registry_sha256": self.registry_sha256, "text_sha256": text_sha256, "reader_sha256": reader_fingerprint()}
        if override_sha256:
            meta["override_sha256"] = override_sha256
        # When the article joined the dossier: written once, the day it is first written, and kept after.
        added = today() if previous is None else previous.added
        if added:
            meta["added"] = added
        self.to_annotate.append((article, meta, previous is None or previous.seed_sha256 != digest, forced))

    def read(self, path: Path) -> Article | None:
        """The seed at `path` as read beforehand, or read now; None (and the reason said) if it cannot be."""
        try:
            article = self.prefetched.pop(path, None)
            if article is None:
                article = read_seed(path, self.root)
                self.reading.advance()
            if isinstance(article, IngestError):
                raise article
        except IngestError as error:
            self.report.errors.append(str(error))
            return None
        return article

    def follow_rename(self, old: str, new: str) -> _Known:
        """The article of seed `old`, now read from `new`: same address, same hand edits. An edited
        article's file keeps the curator's text; only its line naming the seed is rewritten."""
        previous = self.orphans.pop(old)
        self.known.pop(old, None)
        self.known[new] = previous
        self.taken[previous.slug] = new
        self.texts.update({key: new for key, seed in self.texts.items() if seed == old})
        name = previous.path.relative_to(self.root).as_posix()
        self.report.warnings.append(f"{new}: renamed from {old}; its article {name} follows it")
        if previous.edited:
            text = previous.path.read_text(encoding="utf-8-sig")
            seed_line = "seed: " + yaml.safe_dump(new, default_style="'").strip()
            try:
                write_atomic(previous.path, re.sub(r"^seed: .*$", seed_line, text, count=1, flags=re.M))
            except WriteError as error:
                self.not_written(error, previous.path, f" (its seed is still named {old}: the next build follows the rename again)")
            self.reads.pop(previous.path, None)  # read again for the render
        return previous

    def not_written(self, error: WriteError, path: Path, more: str = "") -> None:
        """A file of the dossier this build could not write, named from the dossier's folder: a full disk
        stops the build (nothing more could be written); no permission or a read-only folder is said,
        and the rest is built."""
        error.name = shown_path(path, self.root)
        error.kept += more
        if error.full:
            raise error
        self.report.errors.append(str(error))

    def drop_gone(self) -> None:
        """2b. Seeds that are gone: their articles leave the site, unless the curator edited them."""
        for seed, gone in sorted(self.orphans.items()):
            name = gone.path.relative_to(self.root).as_posix()
            self.known.pop(seed, None)
            if gone.edited:
                self.report.warnings.append(
                    f"{seed}: no such seed any more; {name} was edited by hand, so it stays on the site "
                    f"(delete {name} to remove it)"
                )
            else:
                try:
                    gone.path.unlink(missing_ok=True)
                except OSError as error:
                    self.report.errors.append(
                        f"{seed}: no such seed any more, but its article {name} could not be removed ({reason(error)}); "
                        "it stays on the site"
                    )
                    continue
                self.report.warnings.append(f"{seed}: no such seed any more; its article {name} is removed from the site")

    def annotate(self) -> None:
        """3. Annotate: write content/articles/<slug>.md, keeping the curator's hand edits."""
        annotating = self.progress.stage("annotating", len(self.to_annotate))
        said = set()  # the articles whose status is said already: written from their seed, or kept
        matcher = self.matcher if self.to_annotate else None

        def write(item) -> tuple[str | None, int, DossierError | None]:
            article, extra, _, forced = item
            warned = len(article.warnings)
            try:
                return write_article(article, matcher, self.folder, force=forced, extra=extra), warned, None
            except (AnnotateError, WriteError) as error:
                return None, warned, error

        if not self._annotate_apart(matcher, annotating, said):
            # In threads: each article is synced to the disk before it takes its place, and the system syncs
            # several at once (each waits for the disk, not for the others). Said in the articles' order.
            threads = ThreadPoolExecutor(ANNOTATE_THREADS)
            try:
                self._annotated(threads.map(write, self.to_annotate), annotating, said)
            finally:  # a full disk stops the build: the articles not begun are not written
                threads.shutdown(cancel_futures=True)
        annotating.finish("" if self.to_annotate else "nothing new")
        for _, previous in sorted(self.known.items()):
            if previous.edited and previous.registry_sha256 != self.registry_sha256 and previous.slug not in said:
                self.kept(previous)

    def _annotate_apart(self, matcher, annotating, said: set[str]) -> bool:
        """Many articles to annotate (a first build, a registry changed): annotated and written in processes
        forked from this one (Linux only), which inherit the articles and the registry's names, each with
        threads that sync its files; said here in the articles' order. Whether it was done so."""
        processes = forks.processes(ANNOTATE_PROCESSES)
        if len(self.to_annotate) < PARALLEL_ANNOTATE or processes < 2:
            return False
        global _ANNOTATING
        _ANNOTATING = (self.to_annotate, matcher, self.folder)
        pool = multiprocessing.get_context("fork").Pool(processes, initializer=forks.die_with_parent)
        try:
            chunks = [range(start, min(start + ANNOTATE_CHUNK, len(self.to_annotate)))
                      for start in range(0, len(self.to_annotate), ANNOTATE_CHUNK)]
            results = (result for chunk in pool.imap(_write_chunk, chunks) for result in chunk)
            self._annotated(self._with_warnings(results), annotating, said)
        except Exception:  # a full disk: the processes end their work (each write refused whole), none is cut short
            pool.close()
            pool.join()
            raise
        finally:
            pool.terminate()
            _ANNOTATING = None
        return True

    def _with_warnings(self, results):
        """The results of articles written in another process, each article given the warnings found there."""
        for (article, *_), (status, warned, error, found) in zip(self.to_annotate, results, strict=True):
            article.warnings[warned:] = found
            yield status, warned, error

    def _annotated(self, results, annotating, said: set[str]) -> None:
        """Say what writing each article gave (write_article's status, or the error), in their order."""
        report = self.report
        for (article, *_), (status, warned, error) in zip(self.to_annotate, results, strict=True):
            path = self.folder / f"{article.slug}.md"
            if isinstance(error, AnnotateError):  # its slug names no file of content/articles/: this article only
                report.errors.append(str(error))
                annotating.advance()
                continue
            if isinstance(error, WriteError):
                self.not_written(error, path, ", and shown on the site" if path.exists() else "; its article is not on the site")
                annotating.advance()
                continue
            report.warnings.extend(article.warnings[warned:])  # what annotating it found (too many names to link)
            report.written.setdefault(status, []).append(f"content/articles/{article.slug}.md")
            if status in ("new", "updated"):
                self.reads.pop(self.folder / f"{article.slug}.md", None)  # read again for the render
                said.add(article.slug)
            annotating.advance()

    def kept(self, previous: _Known) -> None:
        """An edited article the registry changed under: kept, and the names it does not link said."""
        name = previous.path.relative_to(self.root).as_posix()
        if name not in self.report.written.get("kept", []):
            self.report.written.setdefault("kept", []).append(name)
        missing = unlinked_names(previous.path.read_text(encoding="utf-8-sig", errors="replace"), self.matcher)
        if missing:
            self.report.warnings.append(
                f"{name}: edited by hand, so not re-annotated; the registry now also knows "
                f"{', '.join(missing)} (link by hand, or {self.command} build --force {previous.slug})"
            )

    def propose_metadata(self) -> None:
        """3b. Metadata the seeds do not state: proposals from their text, for the curator to confirm."""
        matcher = self.matcher if self.to_annotate else None
        proposals = _metadata_proposals(self.root, self.known, self.to_annotate, self.registry, matcher)
        try:
            changed = provenance.write_proposals(self.root, proposals)
        except OSError as error:  # WriteError, or the file that could not be removed
            if not isinstance(error, WriteError):
                error = not_written(self.root / provenance.PROPOSALS, error)
            self.not_written(error, self.root / provenance.PROPOSALS)
            return
        if changed and proposals:  # said once, when they change
            self.report.warnings.append(
                f"{len(proposals)} {'seed lacks' if len(proposals) == 1 else 'seeds lack'} a date or an outlet; "
                f"proposals in {provenance.PROPOSALS} ({self.command} metadata lists them)"
            )

    def start_proposals(self, propose: bool | str):
        """4. Propose new entities from the articles not read for them yet: new or changed seeds, and
        those a build stopped before this step left (loads spaCy only then). The site does not show
        the proposals, so they are made in a second process while the site renders."""
        if propose is True:
            pending = proposing.unproposed(self.root, [article for article, *_ in self.to_annotate], self.known)
            if self.early is None and pending:
                self.early = proposing.Proposals(self.root, self.progress)
            return self.early.give(pending, self.registry) if self.early else None
        if fresh := sum(is_new for _, _, is_new, _ in self.to_annotate):
            self.report.warnings.append(
                f"no new entities proposed from {fresh} new or changed {'article' if fresh == 1 else 'articles'} "
                + ("(--no-propose); the next build without it proposes them" if propose is False
                   else f"({propose}); the next `{self.command} build` proposes them")
            )
        return None


def _metadata_proposals(root: Path, known: dict, to_annotate: list, registry, matcher: Matcher | None) -> dict[str, dict]:
    """Proposals for every article without a date or an outlet, by seed file name (`matcher`: the
    registry's, given when there are articles `to_annotate`)."""
    from .curate.annotate import annotate

    proposals: dict[str, dict] = {}
    rewritten = {article.seed for article, *_ in to_annotate}
    for seed, previous in known.items():
        if seed not in rewritten and previous.unknown:
            unknown = previous.unknown
            found = provenance.propose(unknown["text"], unknown["date"], unknown["outlet"], unknown["events"], registry,
                                       unknown.get("language"))
            if found:
                proposals[Path(seed).relative_to("seeds").as_posix()] = found
    for article, *_ in to_annotate:
        if article.date is None or not article.outlet:
            _, _, events = annotate(article, matcher)
            text = "\n\n".join(block.text for block in article.blocks)
            found = provenance.propose(text, article.date, article.outlet, events, registry, article.language)
            if found:
                proposals[Path(article.seed).relative_to("seeds").as_posix()] = found
    return proposals


def unlinked_names(document: str, matcher: Matcher) -> list[str]:
    """Ids the registry finds in an article's text that the article does not link yet."""
    post = frontmatter.read(document)
    linked = set(re.findall(r"\[\[([a-z0-9-]+)", post.body))
    plain = re.sub(r"\[\[[^\]]*\]\]", " ", post.body)
    language = post.fields.get("language")
    return sorted({span.target for span in matcher.names(plain, language if isinstance(language, str) else None)} - linked)


@functools.cache
def reader_fingerprint() -> str:
    """A fingerprint of the code that reads seeds (every module of dossier/seeds/, and the model and text
    helpers they build on): when it changes (a new version of the tool reads pages better), every
    article not edited by hand is read again from its seed. Read on first use (a command that reads
    no seed does not pay for it)."""
    from . import seeds
    from .core import model, text

    digest = hashlib.sha256()
    for path in [*sorted(Path(seeds.__file__).parent.glob("*.py")), Path(model.__file__), Path(text.__file__)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def registry_fingerprint(content: Path) -> str:
    """One hash over every registry file and the annotator's version: what annotations depend on."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted([*(content / "entities").glob("*.md"), *(content / "events").glob("*.md")]):
        try:
            data = read_bytes(path, content.parent)
        except UnreadableFile as error:  # read_registry says so; once mended, the fingerprint changes
            data = f"not read: {error.reason}".encode()
        digest.update(path.relative_to(content).as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


# Threads that annotate and write articles at once (the disk syncs several files together).
ANNOTATE_THREADS = 4
PARALLEL_ANNOTATE = 40  # articles to annotate from which processes share them (a first build of 1,000: 2.3 s in one)
ANNOTATE_PROCESSES = 2
ANNOTATE_CHUNK = 16  # articles a process is handed at a time

# Seeds to read from which several processes are worth starting, and how many at most.
PARALLEL_SEEDS = 40
READ_PROCESSES = 2


def _read_seeds(paths: list[Path], root: Path, stage) -> dict[Path, Article | IngestError]:
    """The seeds at `paths` read (or what stops each from being read) in processes forked from this
    one, when there are many (Linux only); else nothing, and each is read when its turn comes.
    `stage` advances as each is read."""
    processes = forks.processes(READ_PROCESSES)
    if len(paths) < PARALLEL_SEEDS or processes < 2:
        return {}
    # py3langid's model is not loaded here for the processes to share: a French, English or German seed
    # does without it (seeds.language); a process loads it on the first seed of another language.
    read = {}
    with multiprocessing.get_context("fork").Pool(processes, initializer=forks.die_with_parent) as pool:
        for path, article in zip(paths, pool.imap(functools.partial(_read_or_error, root=root), paths, chunksize=8), strict=True):
            read[path] = article
            stage.advance()
    return read


# The articles to annotate, the registry's names and the articles' folder, for the processes forked to write them.
_ANNOTATING: tuple | None = None


def _write_chunk(numbers: range) -> list[tuple]:
    """In a forked process: write the articles numbered `numbers` of _ANNOTATING, in threads (see annotate);
    for each, (status, warnings before, the error or None, the warnings after annotating it)."""
    articles, matcher, folder = _ANNOTATING

    def write(number: int) -> tuple:
        article, extra, _, forced = articles[number]
        warned = len(article.warnings)
        try:
            status, error = write_article(article, matcher, folder, force=forced, extra=extra), None
        except (AnnotateError, WriteError) as raised:
            status, error = None, raised
        return status, warned, error, article.warnings[warned:]

    with ThreadPoolExecutor(ANNOTATE_THREADS) as threads:
        return list(threads.map(write, numbers))


def _read_or_error(path: Path, root: Path) -> Article | IngestError:
    try:
        return read_seed(path, root)
    except IngestError as error:
        return error


def _text_fingerprint(article: Article) -> str:
    """Hash of the article's words, so that one article saved twice (other name, encoding, line ends) is found."""
    words = normalize_key(" ".join(block.text for block in article.blocks))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _seeds(root: Path, report: Report, known: dict[str, _Known]) -> tuple[list[Path], set[str]]:
    """The seeds to read, and those refused (links out of seeds/): an article of one of those is kept as it is."""
    folder = root / "seeds"
    if not folder.is_dir():
        report.errors.append("seeds/: no such folder; put the articles to publish there")
        return [], set()
    paths, refused = [], set()
    inside = folder.resolve()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir() or path.stem.upper() == "README":
            continue  # hidden files, folders, and the folder's README (dossier init writes one)
        # Not a link itself, a file of seeds/ is in the folder seeds/ is (resolving each would take long).
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            # A link to a file elsewhere would publish it ("/etc/passwd", a key): only seeds/ is read.
            name = path.relative_to(root).as_posix()
            article = f"; its article content/articles/{known[name].slug}.md is kept as it is" if name in known else ""
            report.errors.append(
                f"{name}: a link to {path.resolve()}, outside seeds/; not read (copy the article into seeds/ if it is one){article}"
            )
            refused.add(name)
            continue
        if path.suffix.lower() not in SEED_SUFFIXES:
            report.warnings.append(f"{path.relative_to(root).as_posix()}: not a seed format ({', '.join(SEED_SUFFIXES)}), ignored")
            continue
        paths.append(path)
    return paths, refused


def _known_articles(reads: dict, root: Path, report: Report) -> dict[str, _Known]:
    """Existing article files by the seed they came from."""
    known: dict[str, _Known] = {}
    for path, read in reads.items():
        if read.article is not None:
            metadata, body, text = read.article.metadata, read.article.body, read.text
        elif read.unreadable:  # a link out of the dossier, a FIFO, a file the system refuses: read_source said why
            continue
        else:  # not UTF-8, or front matter the render refuses (it says why): still known by its seed
            try:
                text = read_text(path, root, errors="replace")
            except UnreadableFile:  # gone or changed since read_source read it: said when it is read again
                continue
            try:
                front = frontmatter.read(text)
            except frontmatter.FrontMatterError:
                continue
            metadata, body = front.fields, front.body.strip()
        seed = metadata.get("seed")
        if not isinstance(seed, str):
            continue  # an article written by hand, with no seed
        if seed in known:
            report.warnings.append(f"{path.relative_to(root).as_posix()}: comes from {seed} like {known[seed].path.name}")
            continue
        unknown = {}
        # A field the render refuses (a date that is no date) is left out of `metadata`: still, the article states it.
        refused = set(read.article.lines) - set(metadata) if read.article is not None else set()
        if not (metadata.get("date") or "date" in refused) or not (metadata.get("outlet") or "outlet" in refused):
            unknown = {
                "text": provenance.plain_text(body),
                "date": _date_or_none(metadata.get("date")),
                "outlet": metadata.get("outlet"),
                "events": [e for e in metadata["events"] if isinstance(e, str)] if isinstance(metadata.get("events"), list) else [],
                "language": metadata.get("language") if isinstance(metadata.get("language"), str) else None,
            }
        known[seed] = _Known(
            path=path,
            slug=path.stem,
            seed_sha256=str(metadata.get("seed_sha256", "")),
            registry_sha256=str(metadata.get("registry_sha256", "")),
            text_sha256=str(metadata.get("text_sha256", "")),
            # As the render reads it (hand_edited: the same for an article from a seed), kept with the file's reading.
            edited=read.article.edited if read.article is not None else not stored_hash_matches(text),
            override_sha256=str(metadata.get("override_sha256", "")),
            reader_sha256=str(metadata.get("reader_sha256", "")),
            added=str(metadata.get("added") or ""),
            unknown=unknown,
        )
    return known


def today() -> str:
    """The day an article first written now is added to the dossier (YYYY-MM-DD, UTC); the day of
    SOURCE_DATE_EPOCH when it is set, as for any reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def _date_or_none(value) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value else None
    except ValueError:
        return None  # a hand-edited date the render stage reports


def _claim_slug(article: Article, taken: dict[str, str], report: Report) -> None:
    """Give a new article a slug no other seed's article has: the later seed gets -2, -3…"""
    base = slugify(article.slug) or slugify(Path(article.seed).stem) or "article"
    if base == "page":  # articles/page/2/ is the articles' index, page 2
        base = "page-article"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    if slug != base:
        report.errors.append(
            f"{article.seed}: its title gives the slug {shown(base)}, already used by {taken[base]}; "
            f"written as content/articles/{slug}.md"
        )
    article.slug = slug


def for_pelican(root: Path, settings: dict) -> tuple[list[str], RenderInput]:
    """What Pelican run alone (`pelican content`) renders: a dossier's seeds read and annotated as a
    build does (without proposals), or, for a Pelican site of a registry and annotated articles
    without seeds, those as they are; then linked. Returns the problems of the steps before the
    link (those of the link are in the RenderInput)."""
    if (root / "seeds").is_dir():
        report, given = prepare(root)
        problems = [(logging.WARNING, w) for w in report.warnings] + [(logging.ERROR, e) for e in report.errors]
    else:
        content = Path(settings["PATH"])
        registry, errors = read_registry(content, root)
        given = RenderInput(registry, read_sources(content / "articles", root))
        problems = [(logging.ERROR, error) for error in errors]
    link(root, settings, given, cache=False)
    return problems, given


