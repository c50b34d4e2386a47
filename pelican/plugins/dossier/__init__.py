"""The dossier plugin under Pelican's namespace: `PLUGINS = ["dossier"]` in a Pelican site's settings."""

from dossier.pelican_plugin import register

__all__ = ["register"]
