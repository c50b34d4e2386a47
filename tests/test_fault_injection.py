"""Fault injection (issue 23): Hypothesis puts faults into the files of a small dossier, a real build runs
on it, and what a curator relies on is checked whatever the fault.

The faults: YAML alias bombs in any field, keys given twice, Python and unknown YAML tags, huge values,
invalid UTF-8, control characters, script payloads, a link to a file outside the dossier, a FIFO, a file
of mode 000; in an entity, an event, an article, a curator page or a seed, new or already there. And a
disk that fills during the build.

What holds, whatever the faults (`check`):
- the build ends in bounded time and memory (a subprocess killed after BUILD_TIMEOUT, its address space
  limited; with an alias bomb, under 50 MB more than a build of sound files), with no traceback, exit
  status 1 when it said an error, else 0, and no message a page long;
- each fault that makes a file or a field unreadable is said, naming the file and, where there is one,
  the line;
- the rest of the site is built: the home page, the about page, every article whose files are sound;
- nothing outside the dossier is created or changed (a Python tag would have run `touch` there);
- nothing the curator wrote is lost: every file of content/ and seeds/, the damaged ones too, is as it
  was (an article the build wrote and nobody edited may be written again, not removed);
- no text of a damaged file reaches a page as live HTML, no control character of one reaches a page,
  and nothing from outside the dossier reaches the site.

Each property builds the dossier once per example, a handful of examples each (derandomized, so CI
always runs the same ones), each example several faults at once, one a file; an explicit example puts
every fault at once. The builds run in subprocesses without root's CAP_DAC_OVERRIDE, so that a file of
mode 000 is refused as it would be to a curator. The full disk is a tmpfs of a few kilobytes to a few
hundred left, mounted in a mount namespace of the test's own (`unshare --mount`), so root fills it as
anyone would (RLIMIT_FSIZE where no namespace can be had).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from dossier.core.errors import DossierError
from dossier.core.files import shown
from dossier.curate.annotate import stored_hash_matches
from dossier.curate.registry import read_registry
from dossier.render.sources import read_source
from dossier.seeds.read import read_seed

from .faults import (
    BUILD_TIMEOUT,
    CONTROL,
    FIELDS,
    FOLDERS,
    GOLDEN,
    INVALID_UTF8,
    PAYLOADS,
    SECRET,
    TAGS,
    Built,
    Damaged,
    Fault,
    bomb,
    build,
    changed,
    clean_text,
    damage,
    live_html,
    on_a_full_disk,
    prepare_base,
    snapshot,
    targets,
)

# A few examples per property, always the same ones (CI is deterministic), each a whole build of a few
# seconds; no shrinking (each example is small already, and a failure prints it whole).
BUILDS = settings(max_examples=5, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), print_blob=False)
BOMB_MEMORY = 50 << 20  # what an alias bomb may cost over a build of sound files (issue 23)
FILE_FAULTS = ("link", "fifo", "unreadable")
FAULTS = ("bomb", "duplicate", "tag", "huge", "utf8", "control", "payload", *FILE_FAULTS)
# Files the build writes into content/ for the curator to review: not the curator's own.
TOOL_FILES = {"content/candidates.yml", "content/proposals.yml"}


# --- strategies -------------------------------------------------------------------------------------------------


def fault_of(kind: str, how: str, target: str, suffix: str = ".md") -> st.SearchStrategy[Fault]:
    """One fault of kind `how` in the file `target` (or a new one), with its details drawn."""
    yaml_file = not (kind == "seed" and (target.endswith(".txt") or suffix == ".txt"))
    fields = st.sampled_from(FIELDS[kind]) if yaml_file else st.just("")
    field_or_body = st.one_of(st.just(""), fields)
    where = st.integers(0, 40)

    def made(*drawn) -> st.SearchStrategy[Fault]:  # the field, then the fault's details
        return st.tuples(*drawn).map(lambda values: Fault(how, target, values[0], tuple(values[1:]), suffix))

    if how in FILE_FAULTS:
        return st.just(Fault(how, target, "", (), suffix))
    if how == "bomb":
        return made(fields, st.integers(5, 12), st.integers(7, 10), st.sampled_from(["flow", "block", "mapping"]), where)
    if how == "duplicate":
        return made(fields, st.sampled_from(["", "autre valeur", "[a, b]", "2024-01-01", "{a: 1}"]), where)
    if how == "tag":
        return made(fields, st.sampled_from(TAGS), where)
    if how == "huge":
        return made(field_or_body, st.just(0), st.sampled_from([200_000, 1_000_000, 3_000_000]), st.sampled_from(["line", "list", "lines"]), where)
    if how == "utf8":
        return made(field_or_body, st.sampled_from(INVALID_UTF8), where)
    if how == "control":
        return made(field_or_body, st.sampled_from(CONTROL), where)
    return made(field_or_body, st.integers(0, len(PAYLOADS) - 1), where)  # payload


# Faults that need front matter: not in a plain-text seed.
FRONT_MATTER_FAULTS = {"bomb", "duplicate", "tag"}


@st.composite
def plans(draw, kind: str, faults: tuple[str, ...] = FAULTS, present: list[str] | None = None) -> list[Fault]:
    """Several faults, each in a file of its own: new files, and at most one (an article or a seed) or a
    few (entities, events, pages) of the files already there."""
    chosen = draw(st.lists(st.sampled_from(faults), min_size=1, max_size=5, unique=True))
    present = targets(kind) if present is None else present
    at_most = 1 if kind in ("article", "seed") else len(present)
    plan = []
    for how in chosen:
        free = [target for target in present if target not in {fault.target for fault in plan}]
        usable = [t for t in free if not (how in FRONT_MATTER_FAULTS and t.endswith(".txt"))]
        used = sum(fault.target != "new" for fault in plan)
        target = draw(st.sampled_from(["new", *usable])) if usable and used < at_most else "new"
        suffix = ".md" if kind != "seed" or target != "new" or how in FRONT_MATTER_FAULTS else draw(st.sampled_from([".md", ".txt"]))
        plan.append(draw(fault_of(kind, how, target, suffix)))
    return plan


def every_fault(kind: str) -> list[Fault]:
    """Every fault at once, each in a new file but the FIFO, which takes the place of a file already there
    (of the last article or seed: the first one's page must still be built)."""
    plan = []
    for number, how in enumerate(FAULTS):
        field = "" if how in FILE_FAULTS else FIELDS[kind][number % (len(FIELDS[kind]) - 1)]
        detail = {
            "bomb": (9, 9, "flow", 0), "duplicate": ("autre valeur", 1), "tag": (TAGS[0], 0), "huge": (0, 1_000_000, "line", 0),
            "utf8": (INVALID_UTF8[2], 0), "control": (CONTROL[6], 0), "payload": (0, 0),
        }.get(how, ())
        target = targets(kind)[-1] if how == "fifo" else "new"
        plan.append(Fault(how, target, field if how != "payload" else "", detail))
    return plan


# --- the dossier, built once ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The golden dossier (two seeds, six entities, one event, one page), built: what every example copies."""
    return prepare_base(tmp_path_factory.mktemp("base") / "dossier")


def copy_of(base: Path, folder: Path, site: bool = False) -> tuple[Path, Path]:
    """A copy of the built dossier in `folder`/dossier, its site removed unless `site` (so that the pages checked
    are this build's), and a folder `folder`/outside beside it."""
    root = folder / "dossier"
    shutil.copytree(base, root, symlinks=True)
    if not site:
        shutil.rmtree(root / "output")
    outside = folder / "outside"
    outside.mkdir()
    (outside / "voisin.txt").write_text("Un fichier du curateur, hors du dossier.\n", encoding="utf-8")
    return root, outside


def article_pages(root: Path) -> dict[str, str]:
    """Each article the build wrote from a seed: its file, by the seed it came from."""
    found = {}
    for path in sorted((root / "content" / "articles").glob("*.md")):
        seed = re.search(r"^seed: '?([^'\n]+)'?$", path.read_text(encoding="utf-8"), re.M)
        if seed:
            found[seed.group(1)] = path.relative_to(root).as_posix()
    return found


def curators(root: Path) -> dict[str, tuple]:
    """What the curator wrote: every entry of content/ and seeds/ but the files the build writes for the curator."""
    found = {}
    for folder in ("content", "seeds"):
        found.update({f"{folder}/{name}": entry for name, entry in snapshot(root / folder).items()})
    return {name: entry for name, entry in found.items() if name not in TOOL_FILES}


def rewritable(name: str, entry: tuple) -> bool:
    """An article file as the build wrote it (nobody edited it since): a build may write it again."""
    return (name.startswith("content/articles/") and entry[0] == "file"
            and stored_hash_matches(entry[2].decode("utf-8", "replace")))


# --- what holds whatever the faults ---------------------------------------------------------------------------------


def says(messages: list[str], damaged: Damaged) -> bool:
    """Whether a message names the damaged file, and one of its lines when the fault is on one."""
    name = re.escape(damaged.name)
    if damaged.lines:
        lines = "|".join(map(str, sorted(damaged.lines)))
        pattern = rf"(?<![\w./-]){name}:({lines})\b"
    else:
        pattern = rf"(?<![\w./-]){name}\b"
    return any(re.search(pattern, message) for message in messages)


def check(kind: str, plan: list[Fault], base: Path, folder: Path) -> Built:
    """Build a copy of the dossier with the faults of `plan` in it, and check what must hold: every
    property that fails is listed, not only the first."""
    root, outside = copy_of(base, folder)
    from_seeds = article_pages(root)
    damaged = [damage(root, kind, fault, number, outside) for number, fault in enumerate(plan, 1)]
    outside_before, curator_before = snapshot(folder, leave_out=(root,)), curators(root)
    built = build(root)
    try:
        problems = [
            *ended_well(built),
            *[f"{fault.name}: {fault.fault.fault} not said (lines {sorted(fault.lines)})"
              for fault in damaged if fault.said and not says(built.messages, fault)],
            *rest_built(root, damaged, from_seeds),
            *[f"outside the dossier: {name} written" for name in changed(outside_before, snapshot(folder, leave_out=(root,)))],
            *[f"{name}: the curator's file changed or lost" for name in lost(curator_before, curators(root))],
            *live(root / "output", damaged),
        ]
    finally:
        for path in root.rglob("*"):  # mode 000 would stop the temporary folder's removal where not root
            if not path.is_symlink() and path.is_file() and not os.access(path, os.R_OK):
                path.chmod(0o644)
    assert problems == [], "\n".join(problems) + f"\n{built}"
    return built


# A message names a file and a value cut short (issue 23): no line of it is a page long.
LONGEST_MESSAGE = 1000


def ended_well(built) -> list[str]:
    """In bounded time, no traceback, exit status 1 when it said an error (else 0), short messages."""
    if built.timed_out:
        return [f"the build did not end within {BUILD_TIMEOUT} s"]
    problems = []
    if "Traceback" in built.stdout + built.stderr:
        problems.append("a traceback")
    if built.returncode != (1 if built.errors else 0):
        problems.append(f"exit status {built.returncode} with {len(built.errors)} errors said")
    problems += [f"a message of {len(m):,} characters: {m[:160]}…" for m in built.messages if len(m) > LONGEST_MESSAGE]
    return problems


def rest_built(root: Path, damaged: list[Damaged], from_seeds: dict[str, str]) -> list[str]:
    """The home page, the about page (unless it is damaged), and the page of every article whose seed and file are sound."""
    output = root / "output"
    names = {fault.name for fault in damaged}
    expected = ["index.html"]
    if "content/pages/a-propos.md" not in names:
        expected.append("a-propos/index.html")
    for seed, article in from_seeds.items():
        if seed not in names and article not in names:
            expected.append(f"articles/{Path(article).stem}/index.html")
    return [f"{page}: not built" for page in expected if not (output / page).is_file()]


def lost(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    """The curator's entries changed or gone (an article the build wrote and nobody edited may be written again)."""
    return [name for name, entry in before.items() if after.get(name) != entry and not (rewritable(name, entry) and name in after)]


def live(output: Path, damaged: list[Damaged]) -> list[str]:
    """Text from outside the dossier in the site, a script payload live in a page, a control character in a page."""
    files = [path for path in output.rglob("*") if path.is_file()]
    problems = [f"{p.relative_to(output).as_posix()}: holds a file from outside the dossier" for p in files if SECRET.encode() in p.read_bytes()]
    for fault in damaged:
        if fault.marker:
            problems += [f"{fault.name}: payload live in {where}" for where in live_html(output, fault.marker)]
        if fault.fault.fault == "control":
            character = fault.fault.detail[0].decode("utf-8")
            holding = [p.relative_to(output).as_posix() for p in files if p.suffix == ".html"
                       and character in p.read_text(encoding="utf-8", errors="replace")]
            if holding:
                problems.append(f"{fault.name}: the control character {character!r} is in {len(holding)} pages, e.g. {holding[0]}")
    return problems


def sound_build(kind: str, base: Path, folder: Path) -> int:
    """The memory a build takes with three new sound files of `kind`."""
    root, _ = copy_of(base, folder)
    for number in range(1, 4):
        stem = f"1{number:02d}_seed-fautif" if kind == "seed" else f"fautif-{number}"
        (root / FOLDERS[kind] / f"{stem}.md").write_text(clean_text(kind, number), encoding="utf-8")
    built = build(root)
    assert built.returncode == 0, str(built)
    return built.max_rss


# Cases the generated examples found once, kept as explicit examples so that every run has them.
FOUND = {
    # A seed that became a link out of seeds/ lost its article, which an unreadable seed keeps.
    "seed": [[Fault("link", "seeds/001_bbc_alliance.txt")]],
}


def _property(kind: str):
    @pytest.mark.site
    @BUILDS
    @given(plan=plans(kind))
    @example(plan=every_fault(kind))
    def test(base, tmp_path_factory, plan):
        check(kind, plan, base, tmp_path_factory.mktemp(f"faults-{kind}"))

    for plan in FOUND.get(kind, []):
        test = example(plan=plan)(test)

    test.__name__ = f"test_faults_in_{kind}_files"
    test.__doc__ = f"Faults in {kind} files: said by name and line, the rest built, nothing lost, nothing live."
    return test


test_faults_in_entity_files = _property("entity")
test_faults_in_event_files = _property("event")
test_faults_in_article_files = _property("article")
test_faults_in_page_files = _property("page")
test_faults_in_seed_files = _property("seed")


def bombs(kind: str) -> st.SearchStrategy[list[Fault]]:
    """One to three alias bombs, each in a new file of `kind`, in any field, of any shape."""
    return st.lists(fault_of(kind, "bomb", "new"), min_size=1, max_size=3)


@pytest.mark.site
@pytest.mark.parametrize("kind", ["entity", "event", "article", "page", "seed"])
@settings(BUILDS, max_examples=2)
@given(data=st.data())
def test_an_alias_bomb_costs_little_memory(base, tmp_path_factory, kind, data):
    """A YAML alias bomb of a few hundred bytes, in any field of any kind of file, costs the build under 50 MB
    more than the same number of sound files (issue 23), besides all that `check` asks."""
    if kind not in memory_of_sound_files:
        memory_of_sound_files[kind] = sound_build(kind, base, tmp_path_factory.mktemp(f"sound-{kind}"))
    sound = memory_of_sound_files[kind]
    built = check(kind, data.draw(bombs(kind), label="plan"), base, tmp_path_factory.mktemp(f"bombs-{kind}"))
    assert built.max_rss < sound + BOMB_MEMORY, f"an alias bomb took {built.max_rss >> 20} MB, sound files {sound >> 20} MB"


memory_of_sound_files: dict[str, int] = {}  # by kind of file, measured once


# --- the readers, in this process (fast) ------------------------------------------------------------------------

# Faults read in this process, many examples each: not the bombs (a reader that let one through would take this
# process's memory: the builds above are bounded), nor huge values (slow) or payloads (for the render).
IN_PROCESS = ("duplicate", "tag", "utf8", "control", "link", "fifo", *(() if os.geteuid() == 0 else ("unreadable",)))


def read_messages(root: Path, kind: str) -> list[str]:
    """What the reader of `kind` says of the dossier at `root`, as the build does; an exception other than the
    project's own fails the test."""
    if kind in ("entity", "event"):
        return read_registry(root / "content", root)[1]
    if kind == "article":
        reads = [read_source(path, root) for path in sorted((root / "content" / "articles").glob("*.md"))]
        return [message for read in reads for message in read.errors + read.warnings]
    messages = []
    for path in sorted((root / "seeds").iterdir()):
        try:
            messages += read_seed(path, root).warnings
        except DossierError as error:
            messages.append(str(error))
    return messages


@pytest.mark.parametrize("kind", ["entity", "event", "article", "seed"])
@settings(BUILDS, max_examples=40, phases=[Phase.explicit, Phase.generate, Phase.shrink])
@given(data=st.data())
def test_the_readers_say_each_fault_with_its_file_and_line(tmp_path_factory, kind, data):
    """The registry, the articles and the seeds read in this process, faults in new files: each fault said with
    its file and line, by the project's own messages (no other exception), none a page long."""
    plan = data.draw(plans(kind, IN_PROCESS, present=[]), label="plan")
    folder = tmp_path_factory.mktemp(f"read-{kind}")
    root, outside = folder / "dossier", folder / "outside"
    for name in ("content/entities", "content/events", "content/articles", "seeds"):
        (root / name).mkdir(parents=True)
    outside.mkdir()
    damaged = [damage(root, kind, fault, number, outside) for number, fault in enumerate(plan, 1)]
    messages = read_messages(root, kind)
    problems = [f"{fault.name}: {fault.fault.fault} not said (lines {sorted(fault.lines)})"
                for fault in damaged if fault.said and not says(messages, fault)]
    problems += [f"a message of {len(m):,} characters: {m[:160]}…" for m in messages if len(m) > LONGEST_MESSAGE]
    assert problems == [], "\n".join(problems + messages)


# --- the fault-writing helpers themselves (fast) ----------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["flow", "block", "mapping"])
def test_a_bomb_is_small_and_expands_to_a_billion_values(shape):
    """The bombs are what they claim: a few hundred bytes whose aliases stand for a billion values."""
    import yaml

    from dossier.core.frontmatter import _expanded_size

    text = "\n".join(bomb("date", 9, 10, shape))
    assert len(text.encode()) < 1200
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert _expanded_size(node)[1] > 10**9


def test_a_fault_lands_on_the_lines_it_says(tmp_path):
    """The lines `damage` gives are those of the fault: a key given twice, a tag, a byte."""
    root = tmp_path / "dossier"
    (root / "content" / "entities").mkdir(parents=True)
    (root / "content" / "entities" / "kim.md").write_text("---\nname: Kim\ntype: person\nwikidata: Q1\n---\nTexte.\n", encoding="utf-8")
    twice = damage(root, "entity", Fault("duplicate", "content/entities/kim.md", "type", ("autre valeur", 1)), 1, tmp_path)
    lines = (root / twice.name).read_text(encoding="utf-8").split("\n")
    assert sorted(twice.lines) == [3, 5] and lines[2] == "type: person" and lines[4] == "type: autre valeur"
    tagged = damage(root, "entity", Fault("tag", "new", "wikidata", (TAGS[6], 0)), 2, tmp_path)
    lines = (root / tagged.name).read_text(encoding="utf-8").split("\n")
    assert [lines[n - 1] for n in tagged.lines] == ["wikidata: !!int abc"]
    byte = damage(root, "entity", Fault("utf8", "new", "", (b"\xff\xfe", 3)), 3, tmp_path)
    data = (root / byte.name).read_bytes()
    assert data.split(b"\n")[min(byte.lines) - 1].count(b"\xff\xfe") == 1 and min(byte.lines) > 6


# --- a full disk -------------------------------------------------------------------------------------------------------
def test_live_html_finds_what_would_run_and_not_what_is_shown(tmp_path):
    """The check of the pages is no test that cannot fail: it finds each live form, and lets escaped text be."""
    marker = "XSSMARK0Q"
    live_forms = [
        f"<script>alert('{marker}')</script>",
        f"<img src=x onerror=\"alert('{marker}')\">",
        f"<a href=\" JaVaScRiPt:alert('{marker}')\">x</a>",
        f"<iframe srcdoc=\"{marker}\"></iframe>",
        f"<svg onload=\"alert('{marker}')\"></svg>",
        f"<svg><a xlink:href=\"javascript:alert('{marker}')\"><text>x</text></a></svg>",
        f"<meta http-equiv=\"refresh\" content=\"0; url=javascript:alert('{marker}')\">",
        f"<form action=\"data:text/html,{marker}\"></form>",
    ]
    shown = [
        f"<p>&lt;script&gt;alert('{marker}')&lt;/script&gt;</p>",
        f"<p>javascript:alert('{marker}')</p>",
        f"<a href=\"https://example.org/?q=javascript:{marker}\">x</a>",
        f"<meta name=\"description\" content=\"&lt;img onerror=alert('{marker}')&gt;\">",
        f"<svg><a href=\"/evenements/x/\"><title>javascript:alert('{marker}')</title><text>{marker}</text></a></svg>",
        f"<script type=\"application/ld+json\">{{\"name\": \"<\\/script><script>{marker}\"}}</script>",
    ]
    for number, html in enumerate(live_forms + shown):
        (tmp_path / f"{number}.html").write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")
    found = live_html(tmp_path, marker)
    assert sorted({int(line.split(".")[0]) for line in found}) == list(range(len(live_forms))), found


@pytest.mark.parametrize("as_text", [False, True])
def test_a_control_character_in_front_matter_is_said_on_its_line(as_text):
    """Found by the faults in entity and article files: YAML's refusal of a control character named the line of
    the opening '---' and a position in the front matter alone, on a second line of the message."""
    from dossier.core import frontmatter

    # Characters of two bytes before it: libyaml counts the position in bytes.
    text = "---\nname: Kim Jong-un, dirigeant de la Corée " + "é" * 40 + "\ntype: person\nwikidata: Q\x1b56226\nnote: x\n---\nTexte.\n"
    with pytest.raises(frontmatter.FrontMatterError) as error:
        frontmatter.read(text, as_text=as_text, strict=True)
    assert (error.value.line, str(error.value)) == (4, "unacceptable character #x001b: control characters are not allowed")

@pytest.mark.parametrize("value, reason", [
    ("!!binary ~~~", "binary data (!!binary), not text"),  # b"": an empty title, said nowhere
    ("!!binary aGVsbG8=", "binary data (!!binary), not text"),
    ("!!set {a, b}", "a set (!!set), not a list"),
    ("[x, !!omap [a: 1]]", "pairs (!!omap, !!pairs), not a mapping"),
])
def test_a_value_of_a_type_no_dossier_file_holds_is_refused_on_its_line(value, reason):
    """Found by the faults in events and articles: YAML's own `!!binary` tag made `title: !!binary ~~~`
    an empty value (b""), left out without a word; sets and pairs are no value of a dossier either."""
    from dossier.core import frontmatter

    text = f"---\nname: Kim\ntitle: {value}\n---\nTexte.\n"
    with pytest.raises(frontmatter.FrontMatterError) as error:
        frontmatter.read(text, strict=True)
    assert (error.value.line, str(error.value)) == (3, f"'title' cannot be read ({reason})")
    assert frontmatter.read(text).refused == [(3, "title", reason)]
    assert frontmatter.read(text, as_text=True).refused == [(3, "title", reason)]


def test_a_seed_replaced_by_a_link_out_of_seeds_keeps_its_article(tmp_path):
    """Found by the faults in seeds: a seed that became a link to a file outside seeds/ was refused, and its
    article, taken for an orphan, removed from content/articles/ and from the site; a seed that cannot be
    read (a FIFO, no permission) keeps its article. Now a refused link does too."""
    root = tmp_path / "dossier"
    shutil.copytree(GOLDEN, root)
    assert build(root).returncode == 0
    slug = "ce-que-la-coree-du-nord-et-la-russie-gagnent-une-alliance"
    article = root / "content" / "articles" / f"{slug}.md"
    before = article.read_bytes()
    seed = root / "seeds" / "001_bbc_alliance.txt"
    elsewhere = tmp_path / "ailleurs.txt"
    seed.rename(elsewhere)
    seed.symlink_to(elsewhere)
    result = build(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"error: seeds/001_bbc_alliance.txt: a link to {elsewhere}, outside seeds/; not read (copy the article into seeds/ "
            f"if it is one); its article content/articles/{slug}.md is kept as it is\n") in result.stderr
    assert "removed from the site" not in result.stderr
    assert article.read_bytes() == before
    assert (root / "output" / "articles" / slug / "index.html").is_file()


@pytest.mark.parametrize("length", [256, 100_000])
def test_a_page_whose_address_is_too_long_for_a_file_is_left_out_alone(tmp_path, length):
    """Found by the faults in pages: a `Slug:` longer than a file name may be stopped the whole render
    ("File name too long"), and no page of the site was written."""
    root = tmp_path / "dossier"
    shutil.copytree(GOLDEN, root)
    (root / "content" / "pages" / "longue.md").write_text(f"Title: Une page\nSlug: {'a' * length}\n\nSon texte.\n", encoding="utf-8")
    result = build(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"error: content/pages/longue.md:2: its address {shown('a' * length + '/index.html')} is longer than the 255 bytes "
            "a file name may have; page left out (give it a shorter Slug:)\n") in result.stderr
    assert all(len(line) < 300 for line in result.stderr.splitlines())
    assert (root / "output" / "index.html").is_file() and (root / "output" / "a-propos" / "index.html").is_file()
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 2


WORK = ("new seed", "registry", "page", "render")  # what the build has to write, besides the site


def give_work(root: Path, work: str) -> None:
    """Give the built dossier at `root` something to do: a new seed to read and write an article of, a registry
    changed (every article written again), a page changed, or the site to render whole."""
    if work == "new seed":
        (root / "seeds" / "150_nouveau.md").write_text(clean_text("seed", 50), encoding="utf-8")
    elif work == "registry":
        entity = root / "content" / "entities" / "kim-jong-un.md"
        entity.write_text(entity.read_text(encoding="utf-8").replace("  - Kim\n", "  - Kim\n  - Maréchal Kim\n"), encoding="utf-8")
    elif work == "page":
        page = root / "content" / "pages" / "a-propos.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nUn paragraphe ajouté.\n", encoding="utf-8")
    else:
        shutil.rmtree(root / "output")


# Pagefind names its index files after a hash of their bytes, and its index differs with the order the file system
# lists the pages in (a tmpfs lists them newest first): the names are compared with the hash left out.
PAGEFIND_HASH = re.compile(r"(?<=[._])[0-9a-f]{7,10}(?=\.pf_)")


def files_of(folder: Path) -> set[str]:
    """The files of a site, Pagefind's named without their hash."""
    if not folder.is_dir():
        return set()
    return {PAGEFIND_HASH.sub("{hash}", name) for name, entry in snapshot(folder).items() if entry[0] == "file"}


def difference(output: Path, expected: set[str]) -> str:
    found = files_of(output)
    missing, extra = sorted(expected - found), sorted(found - expected)
    return f"{len(missing)} files missing {missing[:5]}, {len(extra)} more {extra[:5]}"


reference_sites: dict[str, set[str]] = {}  # the files of the site a build with room writes, by work


def reference_site(base: Path, work: str, folder: Path) -> set[str]:
    if work not in reference_sites:
        root, _ = copy_of(base, folder, site=True)
        give_work(root, work)
        built = build(root)
        assert built.returncode == 0, str(built)
        reference_sites[work] = files_of(root / "output")
    return reference_sites[work]


def full_disk(base: Path, folder: Path, work: str, free: int, scratch: Path) -> tuple[list[str], Built]:
    """Build a copy of the dossier with `work` to do on a disk with `free` bytes left, then with room: what went wrong."""
    source, _ = copy_of(base, folder, site=True)  # the previous site, kept unless replaced whole
    give_work(source, work)
    before, old_site = curators(source), snapshot(source / "output") if (source / "output").is_dir() else None
    found = on_a_full_disk(source, free, folder / "result")
    first, second = Built(**found["first"]), Built(**found["second"])
    after = folder / "result" / "first"
    expected = reference_site(base, work, scratch)
    problems = [f"[{found['method']}] {problem}" for problem in ended_well(first)]
    if first.returncode and not any(re.search(r"no space left|disk is full|file too large", e, re.I) for e in first.errors):
        problems.append("the build stopped without saying the disk is full")
    problems += [f"{name}: the curator's file changed or lost" for name in lost(before, curators(after))]
    for path in sorted((after / "content" / "articles").glob("*.md")):
        name = path.relative_to(after).as_posix()
        if before.get(name, (None,))[-1] != path.read_bytes() and not stored_hash_matches(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{name}: written in part")
    problems += [f"{p.relative_to(after).as_posix()}: a temporary file left" for p in after.rglob("*.tmp")]
    site = snapshot(after / "output") if (after / "output").is_dir() else None
    if site != old_site and files_of(after / "output") != expected:
        problems.append(f"output/ is neither the previous site nor a whole one: {difference(after / 'output', expected)}")
    if second.returncode or second.errors or "Traceback" in second.stderr:
        problems.append(f"with room again, the next build fails:\n{second}")
    elif files_of(folder / "result" / "second" / "output") != expected:
        problems.append(f"with room again, the next build writes another site: {difference(folder / 'result' / 'second' / 'output', expected)}")
    leftovers = [name for name in os.listdir(folder / "result" / "second") if name.startswith((".output.staging-", ".output.old-"))]
    problems += [f"{name}: left beside the site" for name in leftovers]
    if found["beside"] not in ([], ["dossier"]):
        problems.append(f"written on the disk outside the dossier: {found['beside']}")
    return problems, first


@pytest.mark.site
@settings(BUILDS, max_examples=4)
@given(work=st.sampled_from(WORK), free=st.integers(0, 700).map(lambda pages: pages * 4096))
@example(work="registry", free=0)
@example(work="new seed", free=16 << 10)
@example(work="render", free=256 << 10)
@example(work="page", free=900 << 10)
def test_a_full_disk_loses_nothing_and_is_said(base, tmp_path_factory, work, free):
    """The dossier on a disk with `free` bytes left (a tmpfs of that size, in a mount namespace of the test's
    own; RLIMIT_FSIZE where none can be had): the build either has room, or stops with a message saying the
    disk is full, never a traceback; the curator's files are as they were, an article is written whole or
    not at all, no temporary file is left; the site in output/ is the previous one or a complete new one; and
    once the disk has room, the next build builds the whole site."""
    problems, first = full_disk(base, tmp_path_factory.mktemp("full-disk"), work, free, tmp_path_factory.mktemp("reference"))
    assert problems == [], "\n".join(problems) + f"\n{first}"
