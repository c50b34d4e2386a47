"""Work of the render done in a forked process (dossier/render/apart.py): what it returns comes back, what
stops it is raised here as it would be here, a process killed or whose error cannot be sent leaves the work
to this one, and a site whose events' pages are rendered apart is the same, byte for byte, as one rendered
in the build's process alone, built cold and again after an edit."""

from __future__ import annotations

import errno
import filecmp
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dossier.core import forks
from dossier.render.apart import Apart
from tests.conftest import ROOT

needs_fork = pytest.mark.skipif(not forks.can_fork(), reason="work is done apart where the system forks (Linux)")


def whose() -> int:
    return os.getpid()


@needs_fork
def test_what_the_work_returns_comes_back_from_another_process():
    value, there = Apart(whose).result()
    assert there and isinstance(value, int) and value != os.getpid()


@needs_fork
def test_a_full_disk_apart_is_raised_here_as_it_would_be_here(tmp_path):
    def full():
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "events" / "index.html"))

    raised = []
    for work in (Apart(full).result, full):
        with pytest.raises(OSError) as error:
            work()
        raised.append((type(error.value), str(error.value), error.value.errno, error.value.filename))
    assert raised[0] == raised[1]


class TwoPartError(Exception):
    """An error that a pipe cannot carry: made again from its message alone, it lacks an argument."""

    def __init__(self, what, why):
        super().__init__(f"{what}: {why}")


@needs_fork
def test_an_error_that_cannot_be_sent_is_raised_by_doing_the_work_here():
    build = os.getpid()

    def failing():
        raise TwoPartError("events/index.html", "apart" if os.getpid() != build else "here")

    with pytest.raises(TwoPartError, match="^events/index.html: here$"):
        Apart(failing).result()


@needs_fork
def test_a_killed_process_leaves_the_work_to_this_one(tmp_path):
    build, mark = os.getpid(), tmp_path / "begun"

    def killed():
        if os.getpid() != build:
            mark.write_text("begun apart")
            os.kill(os.getpid(), signal.SIGKILL)
        return "done here"

    assert Apart(killed).result() == ("done here", False)
    assert mark.read_text() == "begun apart"


@needs_fork
def test_a_value_that_cannot_be_sent_is_made_here():
    build = os.getpid()

    def unsendable():
        return (lambda: None) if os.getpid() != build else "made here"

    assert Apart(unsendable).result() == ("made here", False)


@needs_fork
def test_close_stops_the_process_when_the_render_stops_first():
    apart = Apart(lambda: time.sleep(60))
    process = apart.process
    start = time.monotonic()
    apart.close()
    assert time.monotonic() - start < 10
    assert process.exitcode == -signal.SIGTERM and apart.process is None


def test_where_the_system_cannot_fork_the_work_is_done_here(monkeypatch):
    monkeypatch.setattr(forks, "can_fork", lambda: False)
    apart = Apart(whose)
    assert apart.process is None and apart.result() == (os.getpid(), False)


# A build with the events' pages rendered apart (as every build does) or in the build's process ("here").
# The process that rendered them apart writes its number beside the build's into apart.txt.
BUILD = """
import os, sys
sys.path.insert(0, sys.argv[1])
from dossier import pelican_plugin
from dossier.render import apart
if sys.argv[2] == "here":
    pelican_plugin.APART = ()
done_apart = apart._apart
def watched(send, work):
    with open("apart.txt", "a") as file:
        file.write(f"{os.getppid()} {os.getpid()}\\n")
    done_apart(send, work)
apart._apart = watched
from dossier.cli import main
sys.exit(main(sys.argv[3:]))
"""


def build(tmp_path: Path, root: Path, how: str) -> str:
    script = tmp_path / "build.py"
    script.write_text(BUILD, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(ROOT), how, "--root", str(root), "--no-propose"],
                            cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    said = result.stdout.splitlines()  # what the build said, its times and its slowest stages left out
    return "\n".join([*(re.sub(r"\d+\.\d+ s", "", line) for line in said[:-1]), said[-1].split(" built in")[0]])


def same_tree(one: Path, other: Path) -> list[str]:
    """The files that differ between two folders, or are in one only."""
    compared = filecmp.dircmp(one, other)
    found = [*compared.left_only, *compared.right_only, *compared.funny_files]
    found += [name for name in compared.common_files if (one / name).read_bytes() != (other / name).read_bytes()]
    for name in compared.common_dirs:
        found += [f"{name}/{inner}" for inner in same_tree(one / name, other / name)]
    return found


@pytest.mark.site
@needs_fork
def test_a_site_with_its_events_pages_rendered_apart_is_the_one_rendered_here(tmp_path):
    from .golden_site import DOSSIER, _ignore

    roots = {how: tmp_path / how for how in ("apart", "here")}
    for root in roots.values():
        shutil.copytree(DOSSIER, root, ignore=_ignore)
    said = {how: build(tmp_path, root, how) for how, root in roots.items()}
    assert said["apart"] == said["here"]
    assert (roots["apart"] / "output" / "evenements").is_dir()
    forked = (roots["apart"] / "apart.txt").read_text().split()
    assert len(forked) == 2 and forked[0] != forked[1] and not (roots["here"] / "apart.txt").exists()
    assert same_tree(roots["apart"] / "output", roots["here"] / "output") == []

    for root in roots.values():  # a seed edited: the pages it changes rendered again, the others kept
        seed = sorted((root / "seeds").iterdir())[0]
        seed.write_text(seed.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté à la main.\n", encoding="utf-8")
    said = {how: build(tmp_path, root, how) for how, root in roots.items()}
    assert said["apart"] == said["here"]
    assert "kept from the last build" in said["apart"]
    assert same_tree(roots["apart"] / "output", roots["here"] / "output") == []
