#!/usr/bin/env python3
"""Build the dossier site: `python build.py --help` lists the commands and options."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
