"""Faults a curator's machine has: a command killed half-way never leaves a file of content/ half-written."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from dossier.curate.candidate_files import read_candidates, read_rejected, write_candidates
from dossier.curate.candidates import Candidate

# Rejects candidates in a loop, putting each back in the candidates file after, so that the
# kill lands while content/rejected.yml and content/candidates.yml are being written.
LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from dossier.curate.candidate_files import read_candidates, reject, write_candidates
    from dossier.curate.candidates import Candidate
    content = Path(sys.argv[1])
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        name = f"Nom Numéro {number}"
        candidates = read_candidates(content / "candidates.yml")
        write_candidates(content / "candidates.yml", candidates + [Candidate(name, "person", 2, ["a"], [], f"nom-{number}")])
        reject(f"nom-{number}", content)
""")


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5, 1.0, 1.7])
def test_a_reject_killed_at_any_moment_loses_no_rejected_name(tmp_path, delay):
    content = tmp_path / "content"
    content.mkdir()
    kept = [Candidate("Cho Tae-yul", "person", 2, ["a"], [], "cho-tae-yul")]
    write_candidates(content / "candidates.yml", kept)
    (content / "rejected.yml").write_text(yaml.safe_dump(["Un Nom Rejeté", "Un Autre"]), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-c", LOOP, str(content)], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parent.parent)
    assert process.stdout.readline().strip() == "ready"
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    rejected = read_rejected(content / "rejected.yml")  # whole, and every name rejected before is there
    assert {"Un Nom Rejeté", "Un Autre"} <= rejected
    assert [c.id for c in read_candidates(content / "candidates.yml")][:1] == ["cho-tae-yul"]
    assert all(p.name.startswith(".") or p.suffix == ".yml" for p in content.iterdir())
