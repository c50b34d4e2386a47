"""Hostile and unlucky paths (issue 23, cases 2, 4, 5 and 6): names from data that would lead out of their
folder, links to files outside the dossier, FIFOs, and files the system will not give.

Each ends in a message naming the file (and the line, where there is one), exit status 1, no traceback, and
the rest of the site built; nothing outside the dossier is read into the site, and nothing is written there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from dossier.core.files import NAME_MAX, UnreadableFile, UnsafeName, inside, read_bytes, read_text, shown
from dossier.curate.candidate_files import write_candidates
from dossier.curate.candidates import Candidate

from .conftest import ROOT, copy_project

SECRET = "SECRET-FROM-OUTSIDE-THE-DOSSIER"
# An article of the project whose page a build writes whatever else is wrong with the dossier.
OTHER_ARTICLE = "articles/accord-de-defense-russo-nord-coreen-une-alliance/index.html"
# Root reads any file whatever its mode: the build is run without the capabilities that let it
# (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that a file of mode 000 is refused to it as to any other user.
# (setpriv --reuid=65534 would do the same, but that user cannot reach an interpreter under /root, mode 700.)
UNPRIVILEGED = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    if os.geteuid() == 0 else []
)


def build(root: Path, *args: str, unprivileged: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python build.py --root ROOT --no-propose ARGS` in a subprocess, bounded in time (a FIFO must not hold it)."""
    command = [*(UNPRIVILEGED if unprivileged else []), sys.executable, str(ROOT / "build.py"), "--root", str(root),
               "--no-propose", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=timeout)


def dossier(root: Path, command: str, *args: str) -> subprocess.CompletedProcess:
    """`python -m dossier COMMAND --root ROOT -- ARGS` in a subprocess."""
    return subprocess.run([sys.executable, "-m", "dossier", command, "--root", str(root), "--", *args], cwd=root,
                          capture_output=True, text=True, timeout=120)


def tree(folder: Path, leave_out: Path | None = None) -> dict[str, bytes | str]:
    """Every file and link under `folder` (those under `leave_out` left out): its bytes, or where it links."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if leave_out is not None and path.is_relative_to(leave_out):
            continue
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def published(output: Path, text: str) -> list[str]:
    """The files of the built site that hold `text`."""
    return [path.relative_to(output).as_posix() for path in output.rglob("*")
            if path.is_file() and text.encode() in path.read_bytes()]


# --- files.inside: a name from data names a file of its folder, or is refused ----------------------------------


def test_inside_gives_the_file_of_its_folder(tmp_path):
    assert inside(tmp_path, "kim-jong-un", ".md") == tmp_path / "kim-jong-un.md"
    assert inside(tmp_path, "seeds/a.txt", nested=True) == tmp_path / "seeds" / "a.txt"
    (tmp_path / "real.md").write_text("x")
    (tmp_path / "alias.md").symlink_to("real.md")  # a link that stays in the folder is a file of it
    assert inside(tmp_path, "alias", ".md") == tmp_path / "alias.md"


@pytest.mark.parametrize("name, reason", [
    ("../../../../tmp/x/T", "leads up out of its folder"),
    ("..", "leads up out of its folder"),
    ("/tmp/x/T", "is an absolute path"),
    ("a/b", "holds a '/'"),
    ("a\\b", "holds a '\\'"),
    ("x\0y", "holds a NUL character"),
    (".", "is not a file name"),
    ("", "is empty"),
    ("x" * (NAME_MAX + 1), f"is longer than the {NAME_MAX} bytes"),
])
def test_inside_refuses_a_name_that_leaves_its_folder(tmp_path, name, reason):
    with pytest.raises(UnsafeName) as error:
        inside(tmp_path / "entities", name, ".md")
    assert str(error.value).startswith(f"{shown(name)} {reason}")
    assert len(str(error.value)) < 160  # the value is shortened, whatever its length


def test_inside_refuses_a_link_out_of_its_folder(tmp_path):
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities" / "out.md").symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(UnsafeName, match=r"^'out' leads out of entities/ \(through a link\)$"):
        inside(tmp_path / "entities", "out", ".md")
    with pytest.raises(UnsafeName, match="leads up out of its folder"):
        inside(tmp_path, "entities/../../x", nested=True)


def test_a_long_value_is_shortened_in_a_message():
    assert len(shown("a" * 10_000)) == 80 and shown("a" * 10_000).endswith("…'")
    assert shown("x\0y") == "'x\\x00y'"


# --- files.read_bytes: a file of the dossier, or a message naming it -----------------------------------------


def test_read_bytes_follows_a_link_inside_the_dossier_and_refuses_one_leaving_it(tmp_path):
    root = tmp_path / "dossier"
    (root / "content" / "entities").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "note.md").write_text("inside")
    (tmp_path / "secret.md").write_text(SECRET)
    (root / "content" / "entities" / "note.md").symlink_to(root / "docs" / "note.md")
    (root / "content" / "entities" / "secret.md").symlink_to(tmp_path / "secret.md")
    assert read_text(root / "content" / "entities" / "note.md", root) == "inside"
    with pytest.raises(UnreadableFile) as error:
        read_bytes(root / "content" / "entities" / "secret.md", root)
    assert str(error.value) == (f"content/entities/secret.md: a link to {shown(str(tmp_path / 'secret.md'))}, "
                                "outside the dossier; not followed")
    assert error.value.name == "content/entities/secret.md"


def test_read_bytes_never_opens_a_fifo_or_a_folder(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "folder.md").mkdir()
    outcome = {}

    def read(name: str) -> None:
        try:
            read_bytes(tmp_path / name, tmp_path)
        except UnreadableFile as error:
            outcome[name] = str(error)

    for name in ("pipe.md", "folder.md"):
        reader = threading.Thread(target=read, args=(name,), daemon=True)  # a FIFO opened would block it for ever
        reader.start()
        reader.join(timeout=10)
        assert not reader.is_alive(), f"{name}: reading it blocks"
    assert outcome == {
        "pipe.md": "pipe.md: cannot be read (a FIFO, not a regular file)",
        "folder.md": "folder.md: cannot be read (a folder, not a regular file)",
    }


def test_read_bytes_says_which_file_is_missing_from_the_dossier(tmp_path):
    with pytest.raises(UnreadableFile, match=r"^content/articles/gone\.md: cannot be read \(no such file or directory\)$"):
        read_bytes(tmp_path / "content" / "articles" / "gone.md", tmp_path)


# --- dossier accept / reject: ids that would write outside the dossier ---------------------------------------


def _with_candidates(root: Path, *ids: str) -> Path:
    (root / "content" / "entities").mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "pelicanconf.py").write_text('SITENAME = "Dossier"\nDEFAULT_LANG = "fr"\nTIMEZONE = "UTC"\n', encoding="utf-8")
    candidates = [Candidate(f"Nom {number}", "person", 2, ["a"], [], candidate_id) for number, candidate_id in enumerate(ids)]
    write_candidates(root / "content" / "candidates.yml", candidates)
    return root / "content" / "candidates.yml"


def _line_of(path: Path, candidate_id: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if line.startswith("- id: ") and yaml.safe_load(line[6:]) == candidate_id)


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_accept_refuses_an_id_that_leads_out_of_the_dossier_and_writes_nothing(tmp_path, kind):
    root = tmp_path / "dossier"
    outside = tmp_path / "outside"
    # content/entities/../../../outside/T.md is tmp_path/outside/T.md; the issue's own id climbs out of tmp_path.
    candidate_id = {"relative": "../../../outside/T", "absolute": str(outside / "abs" / "T")}[kind]
    candidates = _with_candidates(root, "cho-tae-yul", candidate_id, "../../../../tmp/x/T")
    before = tree(tmp_path)
    result = dossier(root, "accept", candidate_id)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    line = _line_of(candidates, candidate_id)
    assert result.stderr.startswith(f"error: content/candidates.yml:{line}: candidate id {shown(candidate_id)} ")
    assert "nothing written" in result.stderr
    assert tree(tmp_path) == before  # not a file, not a folder: content/candidates.yml itself is as it was
    assert not outside.exists() and not (tmp_path.parent / "tmp" / "x").exists()
    escaping = dossier(root, "accept", "../../../../tmp/x/T")
    assert escaping.returncode == 1 and "Traceback" not in escaping.stderr
    assert f"content/candidates.yml:{_line_of(candidates, '../../../../tmp/x/T')}: candidate id '../../../../tmp/x/T'" in escaping.stderr
    assert tree(tmp_path) == before


def test_accept_refuses_an_id_the_registry_would_not_read(tmp_path):
    root = tmp_path / "dossier"
    candidates = _with_candidates(root, "Kim Jong Un")
    result = dossier(root, "accept", "Kim Jong Un")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: content/candidates.yml:{_line_of(candidates, 'Kim Jong Un')}: candidate id 'Kim Jong Un' "
                                    "is not an entity id")
    assert list((root / "content" / "entities").iterdir()) == []


def test_every_review_command_with_hostile_ids_writes_only_into_the_dossier(tmp_path):
    root = tmp_path / "dossier"
    hostile = ["../../../outside/T", str(tmp_path / "outside" / "abs"), "../" * 40 + "tmp/x/T", "x" * 5_000]
    _with_candidates(root, *hostile)
    (root / "content" / "proposals.yml").write_text(yaml.safe_dump({h: {"date": {"value": "2024-06-19", "reason": "r"}} for h in hostile}))
    outside_before, escaped_before = tree(tmp_path, leave_out=root), Path("/tmp/x/T.md").exists()
    commands = [("accept", h) for h in hostile] + [("confirm", h) for h in hostile] + [("reject", h) for h in hostile]
    for command in [*commands, ("candidates",), ("metadata",)]:
        result = dossier(root, *command)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        assert all(len(line) < 600 for line in result.stderr.splitlines()), f"{command[0]}: a value is shown in full"
    assert tree(tmp_path, leave_out=root) == outside_before
    assert Path("/tmp/x/T.md").exists() == escaped_before
    assert not (tmp_path / "outside").exists() and not (tmp_path.parent / "tmp" / "x").exists()
    assert list((root / "content" / "entities").iterdir()) == []  # none accepted
    assert set(yaml.safe_load((root / "content" / "rejected.yml").read_text())) == {f"Nom {n}" for n in range(len(hostile))}


# --- a build: links out of the dossier, FIFOs, unreadable files ------------------------------------------------


def _secret(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "outside" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_links_to_files_outside_the_dossier_are_said_and_not_published(tmp_path):
    root = copy_project(tmp_path / "dossier")
    content = root / "content"
    entity = _secret(tmp_path, "entity.md", f"---\nname: Personne Secrète\ntype: person\n---\n{SECRET} entity.\n")
    article = _secret(tmp_path, "article.md", f"---\ntitle: Article secret\nslug: secret\n---\n{SECRET} article.\n")
    page = _secret(tmp_path, "page.md", f"Title: Page secrète\nSlug: secrete\n\n{SECRET} page.\n")
    _secret(tmp_path, "pages/other.md", f"Title: Autre page\nSlug: autre\n\n{SECRET} folder.\n")
    (content / "entities" / "personne-secrete.md").symlink_to(entity)
    (content / "articles" / "secret.md").symlink_to(article)
    (content / "pages" / "secrete.md").symlink_to(page)
    (content / "pages" / "ailleurs").symlink_to(tmp_path / "outside" / "pages")  # a folder: Pelican walks into it
    (content / "pages" / "boucle").symlink_to(".")  # and into this one, 40 times over
    result = build(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name, target, left_out in (
        ("content/entities/personne-secrete.md", entity, ""),
        ("content/articles/secret.md", article, "; article left out"),
        ("content/pages/secrete.md", page, "; page left out"),
    ):
        assert f"error: {name}: a link to {shown(str(target))}, outside the dossier; not followed{left_out}\n" in result.stderr
    assert (f"error: content/pages/ailleurs: a link to {shown(str(tmp_path / 'outside' / 'pages'))}, outside the dossier; "
            "not followed, the pages in it left out\n") in result.stderr
    assert "error: content/pages/boucle: a link to a folder that holds it; not followed, the pages in it left out\n" in result.stderr
    assert "boucle/" not in result.stderr  # no page is read through it
    assert published(root / "output", SECRET) == []
    assert (root / "output" / OTHER_ARTICLE).is_file() and (root / "output" / "a-propos" / "index.html").is_file()


def test_a_link_inside_the_dossier_is_still_read(tmp_path):
    root = copy_project(tmp_path / "dossier")
    (root / "notes").mkdir()
    (root / "content" / "pages" / "a-propos.md").rename(root / "notes" / "a-propos.md")
    (root / "content" / "pages" / "a-propos.md").symlink_to(root / "notes" / "a-propos.md")
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "output" / "a-propos" / "index.html").is_file()


def test_fifos_in_content_do_not_hold_the_build(tmp_path):
    root = copy_project(tmp_path / "dossier")
    for name in ("entities/tuyau.md", "events/tuyau-2.md", "articles/tuyau.md", "pages/tuyau.md"):
        os.mkfifo(root / "content" / name)
    os.mkfifo(root / "seeds" / "tuyau.txt")
    result = build(root, timeout=120)  # before, it waited for ever on the first FIFO it opened
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name, left_out in (("content/entities/tuyau.md", ""), ("content/events/tuyau-2.md", ""),
                           ("content/articles/tuyau.md", "; article left out"), ("content/pages/tuyau.md", "; page left out"),
                           ("seeds/tuyau.txt", "; article left out")):
        assert f"error: {name}: cannot be read (a FIFO, not a regular file){left_out}\n" in result.stderr
    assert (root / "output" / OTHER_ARTICLE).is_file() and (root / "output" / "a-propos" / "index.html").is_file()


def test_an_unreadable_seed_is_said_by_name_and_the_others_are_built(tmp_path):
    root = copy_project(tmp_path / "dossier", with_articles=False)
    seed = sorted((root / "seeds").iterdir())[0]
    seed.chmod(0)
    result = build(root, unprivileged=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"error: seeds/{seed.name}: cannot be read (permission denied); article left out\n" in result.stderr
    assert len(list((root / "content" / "articles").glob("*.md"))) == 4
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 4
    assert "4 articles" in result.stdout


def test_an_unreadable_seed_keeps_its_article(tmp_path):
    root = copy_project(tmp_path / "dossier")
    assert build(root).returncode == 0
    seed = sorted((root / "seeds").iterdir())[0]
    article = next(path for path in (root / "content" / "articles").glob("*.md")
                   if f"seed: seeds/{seed.name}\n" in path.read_text(encoding="utf-8"))
    before = article.read_bytes()
    seed.chmod(0)
    result = build(root, unprivileged=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (f"error: seeds/{seed.name}: cannot be read (permission denied); its article "
            f"content/articles/{article.name} is kept as it is\n") in result.stderr
    assert article.read_bytes() == before
    assert (root / "output" / "articles" / article.stem / "index.html").is_file()


def test_unreadable_files_of_content_are_said_and_the_rest_built(tmp_path):
    root = copy_project(tmp_path / "dossier")
    for name in ("entities/kim-jong-un.md", "articles/accord-de-defense-russo-nord-coreen-une-alliance.md", "pages/a-propos.md"):
        (root / "content" / name).chmod(0)
    result = build(root, unprivileged=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name, left_out in (("content/entities/kim-jong-un.md", ""),
                           ("content/articles/accord-de-defense-russo-nord-coreen-une-alliance.md", "; article left out"),
                           ("content/pages/a-propos.md", "; page left out")):
        assert f"error: {name}: cannot be read (permission denied){left_out}\n" in result.stderr
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 4


def test_a_link_where_a_new_article_would_be_written_is_left_alone(tmp_path):
    root = copy_project(tmp_path / "dossier", with_articles=False)
    assert build(root).returncode == 0
    written = sorted((root / "content" / "articles").glob("*.md"))[0]
    written.unlink()
    victim = _secret(tmp_path, "victim.md", f"{SECRET}\n")
    written.symlink_to(victim)  # the file the next build writes this seed's article to
    result = build(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"slug {shown(written.stem)} leads out of articles/ (through a link); not written\n" in result.stderr
    assert victim.read_text(encoding="utf-8") == f"{SECRET}\n" and written.is_symlink()
    assert published(root / "output", SECRET) == []
    assert len(list((root / "output" / "articles").glob("*/index.html"))) == 4
