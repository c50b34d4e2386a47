"""Faults put into a copy of a small dossier, a build run on it, and what the build did, for
tests/test_fault_injection.py.

A fault is data (`Fault`), drawn by Hypothesis and printed as it is when a property fails; `damage`
writes it into a file of the dossier and says what a build must then say: the file, and the lines
a message may name. `build` runs the real CLI in a subprocess, bounded in time and memory, without
root's power to read any file, and measures the memory it took.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "dossier"

# Root reads any file whatever its mode: every build here runs without the capabilities that let it
# (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that a file of mode 000 is refused to it as to any other
# user (as in tests/test_hostile_paths.py).
UNPRIVILEGED = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    if os.geteuid() == 0 else []
)
MEMORY_LIMIT = 1536 << 20  # address space of a build (RLIMIT_AS): a clean build of the small dossier takes under 1 GB
BUILD_TIMEOUT = 120  # seconds; a clean build of the small dossier takes 2 to 4
SECRET = "SECRET-FROM-OUTSIDE-THE-DOSSIER"


# --- a build, bounded and measured -------------------------------------------------------------------------------


@dataclass
class Built:
    """What a build did: its exit status, what it said, how long it took and the most memory it held."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss: int  # bytes: the largest resident set of the build or any process it started
    timed_out: bool = False

    @property
    def messages(self) -> list[str]:
        """Its errors and warnings, without their "error: " / "warning: "."""
        return [line.split(": ", 1)[1] for line in self.stderr.splitlines() if line.startswith(("error: ", "warning: "))]

    @property
    def errors(self) -> list[str]:
        return [line.removeprefix("error: ") for line in self.stderr.splitlines() if line.startswith("error: ")]

    def __str__(self) -> str:
        said = "\n".join(_cut(line) for line in self.stderr.splitlines())
        return f"exit status {self.returncode} after {self.seconds:.1f} s, {self.max_rss >> 20} MB\n--- stderr:\n{said}"


def _cut(line: str, most: int = 400) -> str:
    return line if len(line) <= most else f"{line[:most]}… ({len(line):,} characters)"


def build(root: Path, *args: str, timeout: float = BUILD_TIMEOUT, memory: int = MEMORY_LIMIT, file_size: int | None = None) -> Built:
    """`python build.py --root ROOT --no-propose ARGS` in a subprocess of its own session, without root's
    power to read any file, its address space limited to `memory`; killed (with all it started) after
    `timeout` seconds. With `file_size`, no file it writes may grow past that many bytes (a write past it
    fails with EFBIG: SIGXFSZ is ignored)."""
    command = [*UNPRIVILEGED, sys.executable, str(ROOT / "build.py"), "--root", str(root), "--no-propose", *args]

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # stays ignored across exec
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=root, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   preexec_fn=limits, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)  # the usage of the build and of every process it waited for
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # a child left behind would hold the dossier
        out.seek(0)
        err.seek(0)
        return Built(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                     seconds, usage.ru_maxrss * 1024, killed.is_set())


# --- a full disk -------------------------------------------------------------------------------------------------

# Room enough for any build of the small dossier, its old site and its staging folder together.
AMPLE = 256 << 20
# A mount namespace of its own, where a tmpfs mounted is seen by nothing else (root needs no user namespace).
NAMESPACE = ["unshare", "--mount", "--propagation", "private", *([] if os.geteuid() == 0 else ["--map-root-user"])]


def on_a_full_disk(source: Path, free: int, result: Path) -> dict:
    """Build a copy of the dossier at `source` on a disk with `free` bytes left, then again once the disk has
    room. The disk is a tmpfs of its own, mounted in a mount namespace of its own (`unshare --mount`; with
    `--map-root-user` where the tests do not run as root), so that nothing else sees it.

    Returns {"method", "first", "second", "beside"}: the builds (as dicts of `Built`), and what the disk
    holds beside the dossier after both. result/first and result/second hold the dossier after each build.
    Where no mount namespace can be had (method "fsize"), the copy is built on the ordinary disk, no file
    the build writes allowed past `free` bytes (RLIMIT_FSIZE): EFBIG in the place of ENOSPC."""
    result.mkdir(parents=True, exist_ok=True)
    mount = result / "disk"
    mount.mkdir()
    arguments = json.dumps({"source": str(source), "free": free, "result": str(result), "mount": str(mount)})
    driver = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from tests.faults import _on_tmpfs; _on_tmpfs({arguments!r})"
    run = subprocess.run([*NAMESPACE, sys.executable, "-c", driver], capture_output=True, text=True, timeout=4 * BUILD_TIMEOUT)
    if run.returncode == 0:
        return json.loads((result / "disk.json").read_text(encoding="utf-8"))
    if "cannot mount" not in run.stderr and "unshare failed" not in run.stderr and "unshare:" not in run.stderr:
        raise AssertionError(f"the full-disk driver failed:\n{run.stderr[-3000:]}")
    root = result / "dossier"
    shutil.copytree(source, root, symlinks=True)
    first = build(root, file_size=max(free, 1))
    shutil.copytree(root, result / "first", symlinks=True)
    second = build(root)
    shutil.copytree(root, result / "second", symlinks=True)
    return {"method": "fsize", "first": first.__dict__, "second": second.__dict__, "beside": []}


def _on_tmpfs(arguments: str) -> None:
    """In a mount namespace of its own: a tmpfs over `mount`, the dossier copied onto it with `free` bytes left,
    built, copied out, the tmpfs made ample, built again, copied out; what was found written to disk.json."""
    given = json.loads(arguments)
    mount, result = Path(given["mount"]), Path(given["result"])
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={AMPLE},mode=755", "tmpfs", str(mount)], capture_output=True, text=True)
    if mounted.returncode:
        sys.exit(f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    root = mount / "dossier"
    shutil.copytree(given["source"], root, symlinks=True)
    disk = os.statvfs(mount)
    used = (disk.f_blocks - disk.f_bfree) * disk.f_frsize
    subprocess.run(["mount", "-o", f"remount,size={used + given['free']}", str(mount)], check=True)
    first = build(root)
    shutil.copytree(root, result / "first", symlinks=True)
    subprocess.run(["mount", "-o", f"remount,size={AMPLE}", str(mount)], check=True)
    second = build(root)
    shutil.copytree(root, result / "second", symlinks=True)
    found = {"method": "tmpfs", "first": first.__dict__, "second": second.__dict__, "beside": sorted(os.listdir(mount))}
    (result / "disk.json").write_text(json.dumps(found), encoding="utf-8")


# --- what a folder holds ------------------------------------------------------------------------------------------


def snapshot(folder: Path, leave_out: tuple[Path, ...] = ()) -> dict[str, tuple]:
    """Every entry under `folder` (those under `leave_out` left out), links not followed: its kind, its
    mode and its bytes (a file), where it leads (a link) or nothing (a folder, a FIFO)."""
    found: dict[str, tuple] = {}
    for directory, folders, names in os.walk(folder):
        here = Path(directory)
        folders[:] = [name for name in folders if here / name not in leave_out]
        for name in [*folders, *names]:
            path = here / name
            if path in leave_out:
                continue
            info = os.lstat(path)
            mode = stat.S_IMODE(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                entry = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                entry = ("file", mode, _bytes_of(path))
            elif stat.S_ISDIR(info.st_mode):
                entry = ("folder", mode)
            else:
                entry = ("special", stat.S_IFMT(info.st_mode), mode)
            found[path.relative_to(folder).as_posix()] = entry
    return found


def _bytes_of(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:  # mode 000 where this test does not run as root
        return b"<unreadable>"


def changed(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    """The entries added, removed or changed between two snapshots."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


# --- live HTML in the built pages ----------------------------------------------------------------------------------

# Script payloads, each holding a marker ({marker}) that escaping leaves as it is.
PAYLOADS = (
    "<script>alert('{marker}')</script>",
    "<img src=x onerror=\"alert('{marker}')\">",
    "javascript:alert('{marker}')",
    "\"><svg onload=alert('{marker}')>",
    "<a href=\"javascript:alert('{marker}')\">lien</a>",
    "[lien](javascript:alert('{marker}'))",
    "<iframe src=\"javascript:alert('{marker}')\"></iframe>",
    "</script><script>alert('{marker}')</script>",
    "' onmouseover='alert(`{marker}`)' x='",
    "<details open ontoggle=alert('{marker}')>",
    "JaVaScRiPt:alert('{marker}')",
    " \tjavascript:alert('{marker}')",
    "data:text/html,<script>alert('{marker}')</script>",
)
_DATA_SCRIPTS = {"application/ld+json", "application/json", "text/template"}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset", "ping"}
# Elements that run or load what they hold, whatever the attribute (a <meta> or a <link> only through a URL; an
# <svg> through a handler, a script or a URL, its <title> and <text> are only shown).
_LIVE_ELEMENTS = {"iframe", "frame", "object", "embed", "base", "form", "style"}
_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_REFRESH = re.compile(r"url\s*=\s*['\"]?\s*(javascript|vbscript|data):", re.IGNORECASE)


def live_html(output: Path, marker: str) -> list[str]:
    """Where text holding `marker` is live in a page of the site at `output`: inside a script, an event
    handler, a URL with a script scheme, or an element that runs or loads something."""
    found = []
    for page in sorted(output.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if marker not in text:
            continue
        name = page.relative_to(output).as_posix()
        for element in BeautifulSoup(text, "html.parser").find_all(True):
            found.extend(f"{name}: {problem}" for problem in _live(element, marker))
    return found


def _live(element, marker: str) -> list[str]:
    problems = []
    script = element.name == "script" and (element.get("type") or "").strip().lower() not in _DATA_SCRIPTS
    if script and marker in element.get_text():
        problems.append(f"a script runs it: {str(element)[:200]}")
    for attribute, value in element.attrs.items():
        value = " ".join(value) if isinstance(value, list) else str(value)
        if marker not in value:
            continue
        plain = re.sub(r"[\x00-\x20]", "", value)
        if attribute.lower().startswith("on"):
            problems.append(f"an event handler <{element.name} {attribute}=…> holds it")
        elif attribute.lower() in _URL_ATTRIBUTES and _SCHEME.match(plain):
            problems.append(f"<{element.name} {attribute}={value[:120]!r}> runs it")
        elif element.name == "meta" and attribute == "content" and _REFRESH.search(value) \
                and str(element.get("http-equiv", "")).lower() == "refresh":
            problems.append(f"<meta http-equiv=refresh content={value[:120]!r}> runs it")
        elif attribute.lower() == "srcdoc":
            problems.append(f"<{element.name} srcdoc> holds it")
        elif element.name in _LIVE_ELEMENTS:
            problems.append(f"<{element.name} {attribute}=…> holds it")
    if element.name in _LIVE_ELEMENTS and marker in element.get_text():
        problems.append(f"<{element.name}> holds it")
    return problems


# --- the dossier's files, and faults in them ---------------------------------------------------------------------


KINDS = ("entity", "event", "article", "page", "seed")
FOLDERS = {"entity": "content/entities", "event": "content/events", "article": "content/articles",
           "page": "content/pages", "seed": "seeds"}
# The fields each kind of file has (the first ones those the dossier reads, then one it does not know).
FIELDS = {
    "entity": ("name", "type", "aliases", "wikidata", "case_sensitive", "note"),
    "event": ("name", "start", "end", "place", "participants", "triggers", "note"),
    "article": ("title", "date", "authors", "outlet", "url", "genre", "language", "entities", "events", "slug", "note"),
    "page": ("Title", "Slug", "Summary", "Date", "Author", "Note"),
    "seed": ("title", "date", "source", "authors", "url", "genre", "language", "note"),
}


def clean_text(kind: str, number: int, suffix: str = ".md") -> str:
    """A sound new file of `kind`, the `number`th: what a fault is put into when it lands in a new file."""
    if kind == "entity":
        return (f"---\nname: Personne Fautive {number}\ntype: person\naliases:\n  - Fautif Numéro {number}\n"
                f"wikidata: Q{9000 + number}\n---\nUne personne inventée pour le test, la {number}e.\n")
    if kind == "event":
        return (f"---\nname: Réunion fautive {number}\nstart: \"2024-06-{10 + number % 18:02d}\"\nplace: pyongyang\n"
                f"participants:\n  - kim-jong-un\ntriggers:\n  - réunion fautive numéro {number}\n---\nUne réunion inventée.\n")
    if kind == "article":
        return (f"---\ntitle: Un article écrit à la main, le {number}e\ndate: 2024-06-20\nauthors:\n- Camille Exemple\n"
                f"outlet: Exemple Actu\nurl: https://www.example.com/main/{number}\ngenre: news\nlanguage: fr\n"
                "entities:\n- kim-jong-un\nevents: []\n---\n\n"
                f"[[kim-jong-un|Kim Jong-un]] a reçu un visiteur, dit l'article {number}.\n\nUn second paragraphe.\n")
    if kind == "page":
        return f"Title: Page fautive {number}\nSlug: page-fautive-{number}\nSummary: Le résumé {number}.\n\nLe texte de la page {number}.\n"
    if suffix == ".txt":
        return (f"Un seed fautif, le {number}e\n\nPar Camille Exemple, le 20 juin 2024\n\n"
                "Vladimir Poutine a rencontré Kim Jong-un à Pyongyang. Les deux dirigeants ont parlé longtemps.\n")
    return (f"---\ntitle: Un seed fautif, le {number}e\ndate: 2024-06-20\nsource: Exemple Actu\nauthors:\n  - Camille Exemple\n"
            f"url: https://www.example.com/seed/{number}\ngenre: news\nlanguage: fr\n---\n"
            f"Vladimir Poutine a rencontré Kim Jong-un à Pyongyang, dit le seed {number}.\n\nUn second paragraphe.\n")


@dataclass(frozen=True)
class Fault:
    """One fault in one file. `target` is an existing file of the dossier (its path) or a new one ("new");
    `fault` its kind; the rest says where and what exactly."""

    fault: str  # bomb, duplicate, tag, huge, utf8, control, payload, link, fifo, unreadable
    target: str = "new"
    field: str = ""  # the field it is in; "" for the body, or for the whole file
    detail: tuple = ()  # the fault's own parameters (see `_apply`)
    suffix: str = ".md"  # of a new seed: .md or .txt


@dataclass
class Damaged:
    """A fault as written into the dossier: the file's name (from the dossier's folder), the lines a
    message may name (empty: any or none), whether the build must say so, and the payload's marker."""

    name: str
    fault: Fault
    lines: set[int] = field(default_factory=set)
    said: bool = True
    marker: str = ""


def damage(root: Path, kind: str, fault: Fault, number: int, outside: Path) -> Damaged:
    """Put `fault` into a file of `kind` in the dossier at `root` (a new one, the `number`th, when its target
    is "new"); `outside` is a folder beside the dossier, where a link may lead."""
    if fault.target == "new":
        stem = {"seed": f"1{number:02d}_seed-fautif"}.get(kind, f"fautif-{number}")
        path = root / FOLDERS[kind] / f"{stem}{fault.suffix}"
        original = clean_text(kind, number, fault.suffix)
    else:
        path = root / fault.target
        original = path.read_text(encoding="utf-8")
    name = path.relative_to(root).as_posix()
    marker = f"XSSMARK{number}Q"
    if fault.fault in ("link", "fifo", "unreadable"):
        _replace_file(path, fault.fault, original.replace("Une ", f"{SECRET} ", 1) + f"\n{SECRET}\n", outside / path.name)
        return Damaged(name, fault, set(), True)
    data, lines = _apply(original, fault, marker, outside)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Damaged(name, fault, lines, _said(kind, fault, original), marker if fault.fault == "payload" else "")


def _replace_file(path: Path, how: str, text: str, elsewhere: Path) -> None:
    path.unlink(missing_ok=True)
    if how == "link":
        elsewhere.parent.mkdir(parents=True, exist_ok=True)
        elsewhere.write_text(text, encoding="utf-8")
        path.symlink_to(elsewhere)
    elif how == "fifo":
        os.mkfifo(path)
    else:
        path.write_text(text, encoding="utf-8")
        path.chmod(0)


# Which faults a build must say, by kind of file: a page's metadata is Pelican's ("Key: value" lines, no
# YAML), so a YAML bomb or tag there is only text; a seed in another encoding is read in it, and the
# control characters of a seed (text pasted from anywhere) are removed as it is read.
_ALWAYS_SAID = {"bomb", "duplicate", "tag", "utf8", "link", "fifo", "unreadable"}
_NOT_SAID = {("page", "bomb"), ("page", "tag"), ("seed", "utf8"), ("seed", "control")}


def _said(kind: str, fault: Fault, original: str) -> bool:
    if (kind, fault.fault) in _NOT_SAID:
        return False
    if fault.fault == "control":  # a character YAML refuses, in front matter; in a body it is only removed
        return fault.field != "" and kind != "page" and original.startswith("---") and yaml_refuses(fault.detail[0].decode("utf-8"))
    return fault.fault in _ALWAYS_SAID and (fault.field != "" or fault.fault == "utf8")


def yaml_refuses(character: str) -> bool:
    """Whether YAML refuses `character` in a document: not one of its printable characters (tab, line ends,
    ASCII's printable ones, NEL, and from U+00A0 on but surrogates, U+FFFE and U+FFFF). A text-direction
    mark (U+202E) is one YAML takes: the dossier removes it from what it shows, without a word."""
    code = ord(character)
    printable = character in "\t\n\r\x85" or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000
    return not printable


# --- a fault written into a file's text ---------------------------------------------------------------------------


def _split(text: str) -> tuple[bool, list[list[str]], list[str]]:
    """(whether the front matter is YAML's between '---' lines, its entries, each a list of lines, the body's lines)."""
    lines = text.split("\n")
    if lines[0] == "---":
        end = lines.index("---", 1)
        front, body, yaml_style = lines[1:end], lines[end + 1:], True
    elif re.match(r"^[A-Za-z]+:", lines[0]):  # a page: "Key: value" lines up to a blank one
        end = lines.index("")
        front, body, yaml_style = lines[:end], lines[end + 1:], False
    else:  # a seed in plain text: no front matter
        return False, [], lines
    entries: list[list[str]] = []
    for line in front:
        if re.match(r"^[A-Za-z_][\w-]*\s*:", line) or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    return yaml_style, entries, body


def _join(yaml_style: bool, entries: list[list[str]], body: list[str]) -> tuple[str, list[int]]:
    """The file's text, and the line each entry starts on."""
    starts, lines = [], ["---"] if yaml_style else []
    for entry in entries:
        starts.append(len(lines) + 1)
        lines.extend(entry)
    if entries or yaml_style:
        lines.append("---" if yaml_style else "")
    return "\n".join(lines + body), starts


def _key_of(entry: list[str]) -> str:
    return entry[0].split(":", 1)[0].strip()


def _apply(text: str, fault: Fault, marker: str, outside: Path) -> tuple[bytes, set[int]]:
    """The file's bytes with `fault` in it, and the lines a message about it may name."""
    yaml_style, entries, body = _split(text)
    how = fault.fault
    if how in ("utf8", "control"):
        return _bytes_fault(text, yaml_style, entries, body, fault)
    if fault.field == "" or not entries:  # the body
        piece = {"huge": lambda: _huge(fault.detail), "payload": lambda: PAYLOADS[fault.detail[0]].format(marker=marker)}[how]()
        position = fault.detail[-1] % (len(body) + 1)
        body = body[:position] + [piece] + body[position:]
        return _join(yaml_style, entries, body)[0].encode("utf-8"), set()
    index = next((i for i, entry in enumerate(entries) if _key_of(entry).lower() == fault.field.lower()), None)
    if how == "duplicate":
        original = entries[index] if index is not None else [f"{fault.field}: premier"]
        if index is None:
            entries.insert(0, original)
            index = 0
        second = [f"{fault.field}: {fault.detail[0]}"] if fault.detail[0] else original  # given again: another value, or the same
        position = min(len(entries), index + 1 + fault.detail[1] % len(entries))
        entries.insert(position, second)
        text, starts = _join(yaml_style, entries, body)
        return text.encode("utf-8"), {starts[index], starts[position]}
    new = _field_lines(fault, marker, yaml_style, outside)
    if index is None:
        index = fault.detail[-1] % (len(entries) + 1)
        entries.insert(index, new)
    else:
        entries[index] = new
    text, starts = _join(yaml_style, entries, body)
    return text.encode("utf-8"), set(range(starts[index], starts[index] + len(new)))


def _field_lines(fault: Fault, marker: str, yaml_style: bool, outside: Path) -> list[str]:
    key = fault.field
    if fault.fault == "bomb":
        return bomb(key, *fault.detail[:3])
    if fault.fault == "tag":
        return [f"{key}: {fault.detail[0].format(outside=outside)}"]
    if fault.fault == "huge":
        value = _huge(fault.detail)
        return [f"{key}: {value}"] if yaml_style or "\n" not in value else [f"{key}: {value.replace(chr(10), ' ')}"]
    payload = PAYLOADS[fault.detail[0]].format(marker=marker)
    return [f"{key}: {json.dumps(payload, ensure_ascii=False)}" if yaml_style else f"{key}: {payload}"]


def bomb(key: str, width: int, depth: int, shape: str) -> list[str]:
    """`key` holding a billion values in a few hundred bytes: each level `width` aliases of the one before.
    `shape` "flow": all on the key's line; "block": one anchored level a line, under the key."""
    first = "[" + ", ".join(["lol"] * width) + "]"
    if shape == "flow":
        levels = [f"&l0 {first}"] + [f"&l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]" for n in range(1, depth)]
        return [f"{key}: [{', '.join(levels)}]"]
    if shape == "mapping":
        levels = ["&l0 {" + ", ".join(f"k{i}: lol" for i in range(width)) + "}"]
        levels += [f"&l{n} {{" + ", ".join(f"k{i}: *l{n - 1}" for i in range(width)) + "}" for n in range(1, depth)]
        return [f"{key}:", *(f"  - {level}" for level in levels)]
    return [f"{key}:", f"  - &l0 {first}", *(f"  - &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]" for n in range(1, depth))]


def _huge(detail: tuple) -> str:
    """A value of `size` characters: one line of a word repeated, a flow list, or many lines."""
    size, shape = detail[1], detail[2]
    if shape == "list":
        return "[" + ", ".join(["mot"] * (size // 5)) + "]"
    if shape == "lines":
        return "\n".join(["Une phrase courte, encore une."] * (size // 31))
    return "mot " * (size // 4)


def _bytes_fault(text: str, yaml_style: bool, entries: list, body: list, fault: Fault) -> tuple[bytes, set[int]]:
    """An invalid UTF-8 sequence or a control character put into a line of the front matter (`field`) or of the body."""
    sequence, where = fault.detail[0], fault.detail[-1]
    text, starts = _join(yaml_style, entries, body)
    lines = text.split("\n")
    if fault.field and entries:
        index = next((i for i, entry in enumerate(entries) if _key_of(entry).lower() == fault.field.lower()), where % len(entries))
        number = starts[index]  # 1-based
    else:
        first = (starts[-1] + len(entries[-1]) + 1) if entries else 1  # the line after the closing one
        number = first + where % max(1, len(lines) - first + 1)
    line = lines[number - 1]
    at = len(line) if ":" not in line or not fault.field else line.index(":") + 2 + where % max(1, len(line) - line.index(":") - 1)
    at = min(at, len(line))
    encoded = [part.encode("utf-8") for part in lines]
    encoded[number - 1] = line[:at].encode("utf-8") + sequence + line[at:].encode("utf-8")
    return b"\n".join(encoded), {number}


# Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong '/', a surrogate, bytes UTF-8 never has.
INVALID_UTF8 = (b"\x80", b"\xc3", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xff\xfe", b"\xf8\x88\x80\x80\x80", b"\xe9t\xe9")
# Control characters (UTF-8 encoded), each refused by YAML in front matter; in a body, removed from the page.
CONTROL = tuple(character.encode("utf-8") for character in ("\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f",
                                                             "\x9b", "\u202e", "\ufffe"))
# YAML tags a curator's file must never run or build: Python's own, a tag of no schema, a value the tag refuses.
TAGS = (
    "!!python/object/apply:os.system ['touch {outside}/RAN']",
    "!!python/object/apply:subprocess.check_output [['touch', '{outside}/RAN']]",
    "!!python/name:os.system",
    "!!python/object/new:type ['x', [], {{}}]",
    "!ruby/object:Gem::Requirement x",
    "!custom valeur",
    "!!int abc",
    "!!float x",
    "!!timestamp 2024-13-45",
    "!!binary ~~~",
    "!!set [a, b]",
    "!!omap abc",
)


# --- which of the dossier's files a fault may land in ---------------------------------------------------------------


def targets(kind: str) -> list[str]:
    """The files of `kind` the small dossier has (its articles once built), from its folder."""
    if kind == "article":
        site = GOLDEN.parent / "site" / "articles"
        return sorted(f"content/articles/{path.name}.md" for path in site.iterdir() if path.is_dir())
    return sorted(path.relative_to(GOLDEN).as_posix() for path in (GOLDEN / FOLDERS[kind]).iterdir() if path.is_file())


def prepare_base(destination: Path) -> Path:
    """A copy of the golden dossier (two seeds, six entities, one event, one page), built once: its
    articles written, its site in output/."""
    shutil.copytree(GOLDEN, destination, symlinks=True)
    result = build(destination)
    assert result.returncode == 0 and not result.timed_out, str(result)
    return destination
