"""Settings of the golden dossier (tests/test_golden.py), copied from the project's pelicanconf.py.

Everything not set here comes from the dossier package (dossier/settings.py): its theme
(a copy in themes/dossier/ replaces it), the addresses of its pages, the spaCy model of
each language (DOSSIER_SPACY_MODELS). Any Pelican setting may be set here too.
"""

SITENAME = "Dossier doré"
SITEURL = ""  # set by `python build.py --site-url URL` or the SITEURL environment variable
DOSSIER_TITLE = "Le site de référence des tests"
DOSSIER_DESCRIPTION = (
    "Un petit dossier de deux articles, construit par tests/test_golden.py et comparé fichier par "
    "fichier au site attendu de tests/golden/site/."
)
DEFAULT_LANG = "fr"  # the language of the site's pages (fr or en); each article keeps its own
TIMEZONE = "Europe/Paris"

PATH = "content"
PLUGINS = ["dossier"]

# Pelican's own feeds are off: the dossier writes its own (atom.xml, and one per actor and event).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
