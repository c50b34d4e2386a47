"""The settings a dossier starts from, and those the theme cannot do without.

A dossier's `pelicanconf.py` holds only what is its own (its title, language, address);
the plugin fills in the rest when Pelican starts (`apply`):

- `REQUIRED` is set whatever the settings say: the dossier's pages are written by its
  own generator, so Pelican's blog pages (index, tags, archives, feeds) are turned off,
  and templates escape every value.
- `DEFAULTS` is set where the settings leave Pelican's own default in place, so a
  dossier may still choose, say, another `PAGE_URL`.

The theme is the dossier's own `themes/dossier/` when it has one, else the one in this
package; a `THEME` setting chooses another.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_THEME = Path(__file__).resolve().parent.parent / "theme"
OWN_THEME = Path("themes") / "dossier"  # a dossier's copy of the theme, relative to its folder

REQUIRED = {
    "ARTICLE_PATHS": [],  # articles are the dossier's, not Pelican's blog posts
    "DIRECT_TEMPLATES": [],
    "ARCHIVES_SAVE_AS": "",
    "AUTHORS_SAVE_AS": "",
    "CATEGORIES_SAVE_AS": "",
    "TAGS_SAVE_AS": "",
    "AUTHOR_SAVE_AS": "",
    "CATEGORY_SAVE_AS": "",
    "TAG_SAVE_AS": "",
    "FEED_ALL_ATOM": None,  # the dossier writes its own feeds (atom.xml, one per actor and event)
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
}

DEFAULTS = {
    "PAGE_PATHS": ["pages"],
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "STATIC_PATHS": [],
    "PAGINATION_PATTERNS": (
        (1, "{url}", "{save_as}"),
        (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
    ),
    "MARKDOWN": {
        "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.attr_list": {}},
        "output_format": "html5",
    },
    "TIMEZONE": "UTC",
    # DEFAULT_LANG stays Pelican's ("en") where a dossier does not set it; `dossier init` always does.
    # The spaCy model that proposes new entities in articles of each language: a package name or a folder.
    # Articles in a language without one, or whose model is not installed, are not read for names.
    "DOSSIER_SPACY_MODELS": {"fr": "fr_core_news_sm", "en": "en_core_web_sm", "de": "de_core_news_sm"},
}

SETTINGS_FILE = "pelicanconf.py"


def apply(settings: dict, root: Path) -> None:
    """Complete Pelican's `settings` (in place) for the dossier at `root`."""
    from pelican.settings import DEFAULT_CONFIG

    settings.update(REQUIRED)
    for key, value in DEFAULTS.items():
        if settings.get(key) == DEFAULT_CONFIG.get(key):
            settings[key] = value
    # Seed text must never become live HTML: every template escapes what it shows.
    settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "autoescape": True}
    if settings.get("THEME") == DEFAULT_CONFIG["THEME"]:
        settings["THEME"] = str(theme_folder(root))


def load(root: Path, override: dict | None = None) -> dict:
    """The settings of the dossier at `root`: its `pelicanconf.py` (Pelican's defaults when it has
    none) with `override`, completed by `apply`."""
    from pelican.settings import read_settings

    path = root / SETTINGS_FILE
    given = {"PATH": str(root / "content"), **REQUIRED, **(override or {})}  # Pelican checks them as it reads
    settings = read_settings(str(path) if path.is_file() else None, override=given)
    apply(settings, root)
    return settings


def theme_folder(root: Path) -> Path:
    """The dossier's own copy of the theme when it has one, else the package's."""
    own = root / OWN_THEME
    return own if (own / "templates").is_dir() else PACKAGE_THEME
