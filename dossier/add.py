"""`dossier add URL|FILE…`: put articles into a dossier's `seeds/`, from the web or from files.

A web address (http or https) is fetched and the page saved as the server sent it, under a name
made of its date and title (`seeds/2024-06-19-putin-in-pyongyang.html`); the address is recorded
as the article's `url:` in `content/seeds.yml`. A file is copied byte for byte under its own name.
A source that is already a seed (the same bytes, or the same address) is refused, naming the seed.

Each source succeeds or fails on its own, with one message that starts with the source. Nothing is
half-written, no file is overwritten, and nothing is written but into `seeds/` and `content/seeds.yml`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import os
import re
import secrets
import ssl
import stat
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import __version__
from .core import files
from .core.errors import DossierError, IngestError
from .core.frontmatter import load_yaml
from .core.text import slugify
from .curate import provenance
from .seeds import html, read

# A page the build would refuse as a seed is not worth downloading.
MAX_PAGE_BYTES = read.MAX_SEED_BYTES
SLUG_LENGTH = 60
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Some sites turn away clients that do not name themselves; this one says what it is and that it reads pages.
USER_AGENT = f"Mozilla/5.0 (compatible; news-dossier/{__version__}; saves an article page for a dossier)"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class Added:
    """What became of one source: the seed written (relative to the dossier) or why not."""

    source: str
    seed: str | None = None
    url: str | None = None  # the page's address (after redirects), for a web address
    error: str | None = None


class _Refused(Exception):
    """One source is not added; the message says why, without the source (the caller puts it first)."""


@dataclass
class _Seeds:
    """What is in seeds/ already: by content hash and by address, to refuse duplicates."""

    folder: Path
    digests: dict[str, str] = field(default_factory=dict)  # sha256 -> "seeds/NAME"
    addresses: dict[str, str] = field(default_factory=dict)  # address key -> "seeds/NAME"
    recorded: set[str] = field(default_factory=set)  # names with an entry in content/seeds.yml

    def seed_at(self, *urls: str | None) -> str | None:
        keys = [_address_key(url) for url in urls if url]
        return next((self.addresses[key] for key in keys if key in self.addresses), None)


def add(root: Path, sources: list[str], *, timeout: float = 30.0) -> list[Added]:
    """Add each source (an http(s) address or a file) to root/seeds; one Added per source, in order."""
    if not (root / "seeds").is_dir():
        raise DossierError(f"{root}: not a dossier (no seeds/ folder); start one with: dossier init {root}")
    seeds = _existing_seeds(root)
    results = []
    for source in sources:
        result = Added(source)
        try:
            scheme = source.split(":", 1)[0].lower() if _SCHEME.match(source) else ""
            if scheme in ("http", "https"):
                _add_page(root, seeds, source, timeout, result)
            elif scheme and not os.path.lexists(source):
                raise _Refused("not a web address this tool fetches (only http:// and https://)")
            else:
                _add_file(seeds, source, result)
        except _Refused as refusal:
            result.seed, result.error = None, f"{_shown(source)}: {refusal}"
        except OSError as error:  # one not foreseen above: still this source's message, never a traceback
            result.seed, result.error = None, f"{_shown(source)}: not added ({_reason(error, timeout)})"
        results.append(result)
    return results


# --- web pages -------------------------------------------------------------------------------------------------


def _add_page(root: Path, seeds: _Seeds, url: str, timeout: float, result: Added) -> None:
    try:
        valid = bool(urlsplit(url).hostname) and not re.search(r"\s", url)
    except ValueError:  # "http://[::1"
        valid = False
    if not valid:
        raise _Refused("not a valid web address (no host name, or spaces in it)")
    if seed := seeds.seed_at(url):
        raise _Refused(f"already added as {seed}; not added again")
    data, final = _fetch(url, timeout)
    if seed := seeds.seed_at(final):
        raise _Refused(f"leads to {final}, already added as {seed}; not added again")
    digest = hashlib.sha256(data).hexdigest()
    if seed := seeds.digests.get(digest):
        raise _Refused(f"the same page as {seed}; not added")
    try:  # the build's own reading of the page, for its title, date and the address it gives itself
        article = html.parse_html(read.decode(data, url, html=True), url)
    except IngestError as error:
        raise _Refused(f"cannot be read as an article ({str(error).removeprefix(url + ': ')})") from None
    if seed := seeds.seed_at(article.url):
        raise _Refused(f"the page gives its address as {article.url}, that of {seed}; not added")
    slug = slugify(article.title or "", SLUG_LENGTH) or slugify(urlsplit(final).path, SLUG_LENGTH) or "page"
    stem = f"{article.date.iso()}-{slug}" if article.date else slug
    # A name with an entry in content/seeds.yml is avoided: that entry (a deleted seed's) would apply to this page.
    names = (name for name in _numbered(stem, ".html") if name not in seeds.recorded)
    name = _write_new(seeds.folder, names, data)
    try:
        # The final address after redirects: the article's own address, not a shortened or moved one.
        provenance.set_fields(root, name, {"url": final})
    except (DossierError, OSError) as error:
        with contextlib.suppress(OSError):
            (seeds.folder / name).unlink()
        raise _Refused(f"not added: its address cannot be recorded ({error})") from None
    result.seed, result.url = f"seeds/{name}", final
    seeds.digests[digest] = result.seed
    seeds.recorded.add(name)
    for address in (url, final, article.url):
        if address:
            seeds.addresses.setdefault(_address_key(address), result.seed)


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) addresses only (urllib's own would follow one to ftp:)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            fp.close()
            raise _Refused(f"redirects to {_shown(newurl)}, not a web address; not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, timeout: float) -> tuple[bytes, str]:
    """The bytes of the page at `url` as the server sent them, and its address after redirects.

    urllib rather than trafilatura's fetch_response: that one returns None on any failure (it only
    logs why), retries server errors with back-off sleeps of up to 30 s past any timeout, retries
    without checking certificates after a TLS error, and blocks local addresses (so it cannot be
    tested against a local server). Here every wait on the network is bounded by `timeout`, the
    whole download by a deadline, and the size by MAX_PAGE_BYTES before it is in memory.
    """
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            "Accept-Encoding": "identity",  # the bytes saved are the page itself, not a compressed stream
        },
    )
    deadline = time.monotonic() + timeout
    too_big = f"larger than the {MAX_PAGE_BYTES / 1e6:g} MB a seed may be; not downloaded"
    try:
        with urllib.request.build_opener(_WebRedirects).open(request, timeout=timeout) as response:
            if response.headers.get("Content-Type") and response.headers.get_content_type() not in HTML_TYPES:
                raise _Refused(f"not a web page ({response.headers.get_content_type()}); only HTML pages are added")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > MAX_PAGE_BYTES:
                raise _Refused(too_big)
            chunks, size = [], 0
            while chunk := response.read1(65536):  # read1: returns what has come, so the deadline is checked often
                size += len(chunk)
                if size > MAX_PAGE_BYTES:
                    raise _Refused(too_big)
                if time.monotonic() > deadline:
                    raise _Refused(f"cannot be fetched (not received in full within {timeout:g} s)")
                chunks.append(chunk)
            return b"".join(chunks), response.geturl()
    except urllib.error.HTTPError as error:
        error.close()
        if 300 <= error.code < 400:
            raise _Refused(f"cannot be fetched (too many redirects, or one without an address: {error.code})") from None
        raise _Refused(f"the server answered {error.code} {error.reason}".rstrip()) from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise _Refused(f"cannot be fetched ({_reason(error, timeout)})") from None


def _reason(error: BaseException, timeout: float) -> str:
    """Why a download failed, in a few words."""
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"its certificate is not valid: {error.verify_message}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[:1].lower() + error.strerror[1:]  # "Connection refused" -> "connection refused"
    return str(error) or type(error).__name__


# --- files -----------------------------------------------------------------------------------------------------


def _add_file(seeds: _Seeds, source: str, result: Added) -> None:
    path = Path(source)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise _Refused("no such file") from None
    except OSError as error:
        raise _Refused(f"cannot be read ({_reason(error, 0)})") from None
    if stat.S_ISDIR(status.st_mode):
        raise _Refused("a folder; name the files in it")
    if not stat.S_ISREG(status.st_mode):
        raise _Refused("not a regular file")
    if path.suffix.lower() not in read.SEED_SUFFIXES:
        raise _Refused(f"not a seed format (the build reads {', '.join(read.SEED_SUFFIXES)} files); not added")
    if path.name.startswith(".") or path.stem.upper() == "README":
        raise _Refused("the build skips hidden files and READMEs in seeds/; rename it to add it")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_PAGE_BYTES + 1)  # never more than the cap in memory, whatever stat said
    except OSError as error:
        raise _Refused(f"cannot be read ({_reason(error, 0)})") from None
    if len(data) > MAX_PAGE_BYTES:
        raise _Refused(f"larger than the {MAX_PAGE_BYTES / 1e6:g} MB a seed may be; not added")
    digest = hashlib.sha256(data).hexdigest()
    if seed := seeds.digests.get(digest):
        raise _Refused(f"the same page as {seed}; not added")
    name = _write_new(seeds.folder, _numbered(path.stem, path.suffix), data)
    result.seed = f"seeds/{name}"
    seeds.digests[digest] = result.seed


# --- seeds/ ----------------------------------------------------------------------------------------------------


def _existing_seeds(root: Path) -> _Seeds:
    """The seeds there are, by hash and by address (content/seeds.yml's, and the last build's reading of each seed)."""
    seeds = _Seeds(root / "seeds")
    inside = seeds.folder.resolve()
    names = set()
    try:
        paths = sorted(seeds.folder.iterdir())
    except OSError as error:
        raise DossierError(f"seeds/: cannot be read ({_reason(error, 0)})") from None
    for path in paths:
        # What the build skips (hidden files, links out of seeds/) is no seed; a device or a huge file is not read.
        with contextlib.suppress(OSError, DossierError):  # DossierError: files.UnreadableFile
            if path.name.startswith(".") or not path.is_file() or not path.resolve().is_relative_to(inside):
                continue
            if path.stat().st_size <= MAX_PAGE_BYTES:
                data = files.read_bytes(path, seeds.folder, limit=MAX_PAGE_BYTES)
                seeds.digests.setdefault(hashlib.sha256(data).hexdigest(), f"seeds/{path.name}")
                names.add(path.name)
    overrides = provenance.load_overrides(root)
    seeds.recorded = set(overrides.fields)
    for name, meta in overrides.fields.items():
        if meta.get("url") and name in names:
            seeds.addresses.setdefault(_address_key(meta["url"]), f"seeds/{name}")
    # The address each seed gives (its page's canonical address, a line of a text seed), as the last build read
    # it: reading every seed again would cost seconds per hundred pages. A seed added since has its url: above.
    for path in sorted((root / "content" / "articles").glob("*.md")):
        with contextlib.suppress(OSError, ValueError, DossierError):  # FrontMatterError is a ValueError; a FIFO is never opened
            head = files.read_text(path, root, encoding="utf-8").split("\n---\n", 1)[0]
            fields = {m[1]: load_yaml(m[2]) for m in re.finditer(r"^(seed|url): (.+)$", head, re.M)}
            seed, url = fields.get("seed"), fields.get("url")
            if isinstance(seed, str) and isinstance(url, str) and seed.removeprefix("seeds/") in names:
                seeds.addresses.setdefault(_address_key(url), seed)
    return seeds


def _numbered(stem: str, suffix: str) -> Iterator[str]:
    """NAME.html, then NAME-2.html, NAME-3.html…"""
    yield f"{stem}{suffix}"
    for number in range(2, 10_000):
        yield f"{stem}-{number}{suffix}"


def _write_new(folder: Path, names: Iterator[str], data: bytes) -> str:
    """Write `data` into `folder` under the first of `names` not taken, whole or not at all; return that name."""
    temporary = folder / f".dossier-add-{secrets.token_hex(8)}.tmp"  # hidden: a build skips it if we are killed
    try:
        # 0o666: the curator's umask decides, as for any file they save.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        for name in names:
            if os.path.lexists(folder / name):
                continue  # taken (os.link below still refuses one taken meanwhile)
            try:
                target = files.inside(folder, name)  # a file name from the page's title or the file's name
            except files.UnsafeName as error:
                raise _Refused(f"cannot be written into seeds/ (its name {error})") from None
            try:
                os.link(temporary, target)  # unlike os.replace, fails if the name is taken: nothing is overwritten
                return name
            except FileExistsError:
                continue
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                    raise
                # No hard links on this file system (FAT, some shares): look, then swap in whole.
                if os.path.lexists(target):
                    continue
                os.replace(temporary, target)
                return name
        raise _Refused("cannot be written into seeds/ (every numbered name is taken)")
    except OSError as error:
        raise _Refused(f"cannot be written into seeds/ ({_reason(error, 0)})") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


# --- small helpers ---------------------------------------------------------------------------------------------


def _address_key(url: str) -> str:
    """An address as compared for duplicates: scheme and host in lowercase, no #fragment."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _shown(text: str) -> str:
    """`text` for a one-line message: as given, or quoted if it holds a line break or another control character."""
    return text if text.isprintable() else repr(text)
