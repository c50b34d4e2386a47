"""`python -m dossier`: the same commands as `dossier`."""

from .cli import run

run()
