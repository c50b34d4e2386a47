"""dossier: a static site generator for curated news dossiers."""

__version__ = "0.5.0"


def register():
    """Pelican's entry point when a site's settings say `PLUGINS = ["dossier"]`."""
    from .pelican_plugin import register as register_plugin

    register_plugin()
