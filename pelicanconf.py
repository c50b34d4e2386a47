"""Pelican settings of the dossier. `python build.py` reads them; Pelican users will feel at home."""

SITENAME = "Dossier Russie – Corée du Nord"
SITEURL = ""  # set by `python build.py --site-url URL` or the SITEURL environment variable
DOSSIER_TITLE = "L’alliance entre la Russie et la Corée du Nord"
DOSSIER_DESCRIPTION = (
    "Un dossier d’articles de presse en français sur le rapprochement militaire et diplomatique "
    "entre la Russie et la Corée du Nord depuis 2019 : les acteurs, les lieux, les événements, "
    "et ce que chaque média en a dit."
)

PATH = "content"
THEME = "themes/dossier"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"

# The dossier plugin renders articles, actors and events; Pelican renders content/pages.
PLUGINS = ["dossier.pelican_plugin"]
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
PAGINATION_PATTERNS = ((1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Seed text must never become live HTML: escape everything in templates by default.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.attr_list": {}},
    "output_format": "html5",
}
