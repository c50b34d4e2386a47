"""`python -m dossier`: the same commands as `dossier`."""

import sys

from .cli import main

sys.exit(main())
