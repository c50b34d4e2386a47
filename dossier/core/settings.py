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

import unicodedata
import urllib.parse
from pathlib import Path

from .errors import UsageError

LANGUAGES = ("fr", "en", "de")  # the languages of the theme's pages (render/i18n gives their words)
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
    # The image of the dossier's social cards (og:image): a PNG, JPEG, GIF or WebP file of content/, copied into
    # the site at the same path, with its text for readers who cannot see it (default: the dossier's title).
    # Empty: a 1200×630 card with the dossier's title is drawn at build time (render/social.py).
    "DOSSIER_SOCIAL_IMAGE": "",
    "DOSSIER_SOCIAL_IMAGE_ALT": "",
}

SETTINGS_FILE = "pelicanconf.py"


def apply(settings: dict, root: Path, site_url_from: str = "SITEURL in the settings") -> None:
    """Complete Pelican's `settings` (in place) for the dossier at `root`. Refuses (UsageError) a
    SITEURL that is no web address, saying where it comes from (`site_url_from`)."""
    from pelican.settings import DEFAULT_CONFIG

    check_site_url(settings.get("SITEURL") or "", site_url_from)
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
    settings["PLUGINS"] = with_dossier_plugin(settings.get("PLUGINS"))
    apply(settings, root, "--site-url" if "SITEURL" in given else f"{SETTINGS_FILE}: SITEURL")
    return settings


def with_dossier_plugin(plugins) -> list:
    """The PLUGINS of a dossier's build: those the settings name, and the dossier's own, which writes every
    page of the site (without it, the build would say it built the articles and leave a site of none). Settings
    that name no PLUGINS get Pelican's choice then, every plugin installed under its namespace, and the dossier's:
    an editable install of the tool is not in that namespace."""
    if plugins is None:
        try:
            from pelican.plugins._utils import get_namespace_plugins
        except ImportError:  # where a Pelican keeps it elsewhere: the dossier's alone
            plugins = []
        else:
            plugins = sorted(get_namespace_plugins())
    names = [plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "") for plugin in plugins]
    if any(name.removeprefix("pelican.plugins.") == "dossier" for name in names):
        return list(plugins)
    return [*plugins, "dossier"]


def check_site_url(url: str, where: str, path: bool = False) -> None:
    """Refuse (UsageError, naming `where` it comes from) an address a site cannot be built for: every
    link of the site starts with it, so `javascript:…` would make each one run a script. With `path`,
    only a path is taken (serve's --base-path)."""
    problem = site_url_problem(url)
    if path and not problem and "://" in url:
        problem = "is an address, not a path"
    if problem:
        shown = repr(url if len(url) <= 80 else url[:79] + "…")
        hint = "a path such as /repo" if path else (
            "an http:// or https:// address (https://user.github.io/repo), a path from the server's root (/repo), or nothing"
        )
        raise UsageError(f"{where} {shown}: {problem}; give {hint}")


def site_url_problem(url: object) -> str | None:
    """Why `url` cannot be the address a site is built for, or None: an http:// or https:// address
    with a host, a path from the root ("/repo"), or nothing. Refused: any other scheme (javascript:,
    data:, vbscript:), an address without one ("//host": it takes the page's, and feeds and data need
    whole addresses), a query or fragment (the pages' paths are added to it), a user name or password,
    and characters no address holds as they are (spaces, control and invisible characters, quotes, <, >, \\)."""
    if not isinstance(url, str):
        return f"is {type(url).__name__}, not text"
    for character in url:
        if character in "\"'<>\\`" or unicodedata.category(character)[0] in "CZ":
            return f"holds {unicodedata.name(character, repr(character)).lower()}, which no address holds as it is"
    if not url or (url.startswith("/") and not url.startswith("//")):
        return "holds a ? or a #: the pages' paths are added to it" if "?" in url or "#" in url else None
    if url.startswith("//"):
        return "has no scheme"
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme:
        return "is neither an address nor a path from the root"
    if parts.scheme.lower() not in ("http", "https"):
        return f"its scheme is {parts.scheme}:, not http: or https:"
    if not url[len(parts.scheme):].startswith("://"):
        return f"lacks the // of {parts.scheme.lower()}://host/"
    try:
        port = parts.port
    except ValueError:
        port = 0
    if not parts.hostname or port == 0:
        return "names no host" if not parts.hostname else "has a port that is no number from 1 to 65535"
    if "@" in parts.netloc:
        return "holds a user name or a password"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "holds a ? or a #: the pages' paths are added to it"
    return None


def theme_folder(root: Path) -> Path:
    """The dossier's own copy of the theme when it has one, else the package's."""
    own = root / OWN_THEME
    return own if (own / "templates").is_dir() else PACKAGE_THEME
