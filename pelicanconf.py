"""Settings of this dossier, read by `python build.py` and by Pelican (`pelican content`).

Everything not set here comes from the dossier package (dossier/settings.py): its theme
(a copy in themes/dossier/ replaces it), the addresses of its pages, the spaCy model of
each language (DOSSIER_SPACY_MODELS). Any Pelican setting may be set here too.
"""

SITENAME = "Dossier Russie – Corée du Nord"
SITEURL = ""  # set by `python build.py --site-url URL` or the SITEURL environment variable
DOSSIER_TITLE = "L’alliance entre la Russie et la Corée du Nord"
DOSSIER_DESCRIPTION = (
    "Un dossier d’articles de presse en français sur le rapprochement militaire et diplomatique "
    "entre la Russie et la Corée du Nord depuis 2019 : les acteurs, les lieux, les événements, "
    "et ce que chaque média en a dit."
)
DEFAULT_LANG = "fr"  # the language of the site's pages (fr, en or de); each article keeps its own
TIMEZONE = "Europe/Paris"

PATH = "content"
PLUGINS = ["dossier"]

# Pelican's own feeds are off: the dossier writes its own (atom.xml, and one per actor and event).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
