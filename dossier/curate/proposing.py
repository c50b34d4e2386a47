"""Proposing new entities: the articles not read for names yet go to spaCy (curate/candidates), in a
process of its own while the site renders; what it finds is merged into content/candidates.yml for
the curator to accept or reject.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from pathlib import Path

from ..core import forks
from ..core.errors import DossierError, WriteError
from ..core.files import inside, read_bytes
from ..core.model import Article
from ..core.progress import Progress
from ..core.report import Report
from ..seeds.read import read_seed

# Processes entity recognition reads in at most, one per core: each adds ~150 MB to the model's ~320 MB.
PROPOSAL_PROCESSES = 2


CANDIDATES = "content/candidates.yml"


REJECTED = "content/rejected.yml"


CANDIDATES_READ = "content/.candidates-read.yml"


class Proposals:
    """Entity recognition of the articles `give` hands it (propose_candidates), in a process of its own
    where the system can fork one (Linux), so that spaCy reads while Pelican renders; in this process
    otherwise.

    The process starts as soon as the build may have seeds to read for names, before it reads the
    registry (`early`): it loads spaCy and the model of the site's language meanwhile (seconds, most
    of it for a few articles), on a processor the build's process leaves idle while it starts, then
    waits for the registry and the articles. `finish` waits for it and adds what it found and said to
    the build's report, as if it had run here: the same warnings and errors, the same files written.
    """

    def __init__(self, root: Path, progress: Progress, early: bool = False):
        self.root, self.progress = root, progress
        self.count, self.stage, self.found, self.process = 0, None, None, None
        if not forks.can_fork():
            return
        context = multiprocessing.get_context("fork")
        if not early:
            # Pelican's settings module, which the child reads the model's name with: the render imports it
            # anyway, so imported once here rather than in both processes (an eighth of a second each). Started
            # early, while this process starts, the child imports it on a processor that would be idle.
            import pelican.settings  # noqa: F401
        self.receive, send = context.Pipe(duplex=False)
        articles, self.send_articles = context.Pipe(duplex=False)
        # Not a daemon: it forks the processes that read. It dies with the build (forks.die_with_parent),
        # and holds the project's lock (the same open file) till then: no other build starts before.
        self.process = context.Process(target=_propose_apart, args=(send, articles, root))
        self.process.start()
        send.close()
        articles.close()

    def give(self, articles: list[Article], registry) -> Proposals | None:
        """Read `articles` for the names `registry` lacks (no article: the process stops); self, or None when
        there is nothing to wait for."""
        if not articles:
            self.cancel()
            return None
        self.count = len(articles)
        self.stage = self.progress.stage("proposing entities", len(articles))
        if self.process is None:
            self.found = Report()
            propose_candidates(self.root, articles, registry, self.found, self.stage.advance)
            self.stage.finish()
            return self
        self.send_articles.send((registry, articles))
        self.send_articles.close()
        # The child says how far it is (a count) before its report; a thread listens while the site renders.
        self.listener = threading.Thread(target=self._listen, daemon=True)
        self.listener.start()
        return self

    def cancel(self) -> None:
        """Stop the process before it is given articles."""
        if self.process is not None:
            self.process.terminate()  # it has only loaded spaCy: nothing to finish
            self.send_articles.close()
            self.receive.close()
            self.process.join()
            self.process = None

    def _listen(self) -> None:
        try:
            while True:
                message = self.receive.recv()
                if isinstance(message, int):
                    self.stage.advance(message)
                else:
                    self.found = message
                    return
        except (EOFError, OSError):  # the process ended without a word: killed, out of memory
            self.found = None

    def finish(self, report: Report) -> None:
        if self.process is not None:
            self.listener.join()
            self.receive.close()
            self.process.join()
            self.stage.finish()
            if self.found is None:
                count = f"{self.count} {'article' if self.count == 1 else 'articles'}"
                code = self.process.exitcode
                how = f"was stopped by signal {-code}" if code < 0 else f"ended with status {code}"
                report.errors.append(
                    f"{CANDIDATES}: entity recognition stopped (its process {how}); "
                    f"{count} will be read again on the next build"
                )
                return
            if isinstance(self.found, DossierError):
                raise self.found
        report.warnings.extend(self.found.warnings)
        report.errors.extend(self.found.errors)
        report.candidates = self.found.candidates
        report.recognised = self.found.recognised


# How much the process of proposals yields the processors to the build's (os.nice): its report is wanted only
# once the site is built, while the build's process is the render's critical path. On two cores, one article
# added to 1,000 with the data files' process yielding too (data.DATA_NICENESS): 7 % less time, median of 10 pairs.
PROPOSALS_NICENESS = 19


def _propose_apart(send, given, root: Path) -> None:
    """The second process of `Proposals`: load the site's model, wait for the registry and the articles
    (none, and it stops), propose, saying how many articles are read as it goes, then send the report (or the
    error that stopped it)."""
    from .recognition import load_early

    forks.die_with_parent()
    forks.yield_to_build(PROPOSALS_NICENESS)
    loaded = load_early(root)
    try:
        registry, articles = given.recv()
    except (EOFError, OSError):  # the build has none to give, or stopped
        return
    finally:
        given.close()
    found = Report()
    try:
        propose_candidates(root, articles, registry, found, send.send, loaded)
    except WriteError as error:  # the candidates could not be written (a full disk): said, the site still built
        count = f"{len(articles)} {'article' if len(articles) == 1 else 'articles'}"
        found = Report(errors=[f"{error}; {count} will be read for names again on the next build"])
    except DossierError as error:  # an unreadable candidates file: the build says it and fails, as here
        found = error
    except Exception as error:  # noqa: BLE001 — a file that cannot be written, say: said, not lost in this process
        count = f"{len(articles)} {'article' if len(articles) == 1 else 'articles'}"
        found = Report(errors=[
            f"{CANDIDATES}: entity recognition failed ({type(error).__name__}: {error}); "
            f"{count} will be read again on the next build"
        ])
    finally:
        send.send(found)
        send.close()


def may_propose(root: Path, seed_sha256s: list[str]) -> bool:
    """Whether a seed of these SHA-256 may be one no proposals were made from yet: the build then starts
    loading spaCy while it reads them. A seed read again only because the registry or the readers
    changed was proposed from already (`unproposed` decides, once the seeds are read)."""
    from .candidate_files import read_proposed_from, record_of  # not spaCy

    try:
        proposed = {record_of(value)[0] for value in read_proposed_from(root / CANDIDATES_READ).values()}
    except DossierError:
        return True
    return any(sha256 not in proposed for sha256 in seed_sha256s)


def unproposed(root: Path, read: list[Article], known: dict) -> list[Article]:
    """The articles whose current seed no proposals were made from: of those this build `read`, then of
    those `known` (the build's record of each article file: its seed's slug and SHA-256). An article
    that waits for the model of its language is among them only once DOSSIER_SPACY_MODELS names one
    that is installed: until then no build loads spaCy for it, nor says it again."""
    from .candidate_files import read_proposed_from, record_of  # not spaCy

    proposed = {slug: record_of(value) for slug, value in read_proposed_from(root / CANDIDATES_READ).items()}
    pending, waiting = [], []  # waiting: (language, the article, or how to read it again)
    for article in read:
        sha256, language = proposed.get(article.slug, ("", ""))
        if sha256 != article.seed_sha256:
            pending.append(article)
        elif language:
            waiting.append((language, article))
    slugs = {article.slug for article in read}
    for seed, previous in sorted(known.items()):
        sha256, language = proposed.get(previous.slug, ("", ""))
        if previous.slug in slugs or (sha256 == previous.seed_sha256 and not language):
            continue
        if sha256 == previous.seed_sha256:
            waiting.append((language, (seed, previous)))
        elif article := _read_again(root, seed, previous):  # written by a build stopped before its proposals
            pending.append(article)
    ready = _languages_with_model(root, {language for language, _ in waiting})
    for language, article in waiting:
        if language in ready and (article := article if isinstance(article, Article) else _read_again(root, *article)):
            pending.append(article)
    return pending


def _read_again(root: Path, seed: str, previous) -> Article | None:
    """The article of `seed` read from it as it was when `previous` (the build's record) was written; None
    when it changed since (the build reported why) or is gone or unreadable."""
    try:
        path = inside(root, seed, nested=True)  # `seed:` of an article file, which the curator may edit
        if hashlib.sha256(read_bytes(path, root)).hexdigest() != previous.seed_sha256:
            return None
        article = read_seed(path, root)
    except (OSError, DossierError):  # IngestError, UnsafeName, UnreadableFile
        return None
    article.slug = previous.slug
    return article


def _languages_with_model(root: Path, languages: set[str]) -> set[str]:
    """Those of `languages` whose model DOSSIER_SPACY_MODELS names and is installed now (the settings
    read only when an article waits for a model)."""
    if not languages:
        return set()
    from ..core import settings
    from .recognition import model_available  # not spaCy

    setting = settings.load(root)["DOSSIER_SPACY_MODELS"]
    if not isinstance(setting, dict):
        return languages  # read, for the build to say what is wrong with the setting
    return {language for language in languages if model_available(setting.get(language), root)}


def propose_candidates(root: Path, articles: list[Article], registry, report: Report, done=None, loaded=None) -> list:
    """Ask spaCy for the names the registry lacks in `articles`; merge them into content/candidates.yml.

    Each article is read by the model of its language in the dossier's DOSSIER_SPACY_MODELS, read
    only now (loading the settings imports Pelican: a build with no article to read does not pay
    for it), its headline first. The articles of a language without a model installed are said once,
    and recorded as waiting for one (`unproposed`). `done(count)` is told as articles are read.
    """
    from . import candidate_files, candidates

    rejected = candidate_files.read_rejected(root / REJECTED)
    texts, languages = [], {}
    for article in articles:
        # The text the annotator links (credits of photos are not linked, so not proposed either).
        text = "\n\n".join(block.text for block in article.blocks)
        if len(text) > candidates.MAX_TEXT:
            report.warnings.append(
                f"{article.seed}: {len(text):,} characters of text, over the {candidates.MAX_TEXT:,} proposals read; "
                "no entities proposed from it"
            )
        else:
            texts.append((article.slug, text))
            languages[article.slug] = article.language
    proposals, unread = [], set()
    if texts:
        try:
            proposals, unread = _recognise(root, articles, texts, languages, registry, rejected, report, done, loaded)
        except Exception as error:  # a model failing, or the settings: the site is built all the same
            report.errors.append(
                f"{CANDIDATES}: entity recognition failed ({type(error).__name__}: {error}); "
                f"{len(texts)} {'article' if len(texts) == 1 else 'articles'} will be read again on the next build"
            )
            return []
    read = [article for article in articles if article.slug not in unread]
    path = root / CANDIDATES
    merged = candidates.merge(candidate_files.read_candidates(path), proposals, {a.slug for a in read}, registry, rejected)
    candidate_files.write_candidates(path, merged)
    # Recorded only once the candidates are written: a build stopped before leaves them to the next.
    # An over-long seed is recorded too, or every build would read it again to warn again; an article
    # without a model as waiting for one. Articles whose file is gone are dropped: the file lists the
    # articles there are.
    proposed = candidate_files.read_proposed_from(root / CANDIDATES_READ) | {a.slug: a.seed_sha256 for a in read} | {
        a.slug: candidate_files.waiting(a.seed_sha256, a.language) for a in articles if a.slug in unread
    }
    folder = root / "content" / "articles"
    there = _articles_there(folder)
    proposed = {slug: sha256 for slug, sha256 in proposed.items() if slug in there}
    candidate_files.write_proposed_from(root / CANDIDATES_READ, proposed)
    report.candidates = proposals
    return proposals


def _articles_there(folder: Path) -> set[str]:
    """The slugs of the articles whose file is in `folder` (content/articles/<slug>.md); one listing of the
    folder, not a look for each slug of content/.candidates-read.yml (a slug naming no file there is not one)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name[:-3] for entry in entries if entry.name.endswith(".md") and entry.is_file()}
    except OSError:
        return set()


def _recognise(root: Path, articles: list[Article], texts, languages, registry, rejected, report: Report, done, loaded=None):
    """The proposals of `texts` ((slug, text) of `articles`, in `languages`), and the slugs of those left unread
    for want of a model; the warnings of the models that could not be loaded go to `report`."""
    from ..core import settings
    from . import candidates, recognition

    setting = settings.load(root)["DOSSIER_SPACY_MODELS"]
    models, warnings = recognition.load_models(setting, languages, root, loaded)
    report.warnings.extend(warnings)
    unread = {slug for slug, language in languages.items() if language not in models}
    texts = [(slug, text) for slug, text in texts if slug not in unread]
    if done and len(articles) > len(texts):
        done(len(articles) - len(texts))  # over-long, or in a language without a model: not read
    proposals = []
    if texts:
        processes = forks.processes(PROPOSAL_PROCESSES)
        # Not a title made of the text's opening words (a seed without one): its names would count twice.
        body = dict(texts)
        headlines = {a.slug: a.title for a in articles if a.slug in body and a.title.rstrip("…") not in body[a.slug]}
        proposals = candidates.propose(
            texts, registry, rejected, nlp=models, processes=processes, languages=languages, done=done, headlines=headlines
        )
    report.recognised = len(texts)
    return proposals, unread
