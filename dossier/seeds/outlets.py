"""Outlets by their readable names: from a page's address, or from the way a page prints its own name.

A page names its publisher in many forms ("Le Monde.fr", "ZEIT ONLINE", "The Associated
Press", "lemonde.fr"); the reader should see one name per outlet, so that "how did each
outlet tell it" groups one outlet's articles together. The table holds facts about
well-known outlets; an outlet it lacks keeps the name its page gives (without a
".fr"/".com" ending) or, from an address alone, its host name.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# (readable name, domains, other printed forms)
_OUTLETS = (
    ("Le Monde", ("lemonde.fr",), ("Le Monde.fr", "LeMonde")),
    ("Le Monde diplomatique", ("monde-diplomatique.fr",), ()),
    ("Le Figaro", ("lefigaro.fr",), ("Le Figaro.fr",)),
    ("Libération", ("liberation.fr",), ("Libération.fr", "Liberation")),
    ("Le Parisien", ("leparisien.fr",), ()),
    ("L'Express", ("lexpress.fr",), ("L’Express", "LEXPRESS")),
    ("Le Point", ("lepoint.fr",), ()),
    ("L'Obs", ("nouvelobs.com",), ("L’Obs", "Le Nouvel Obs")),
    ("Les Echos", ("lesechos.fr",), ("Les Échos",)),
    ("Ouest-France", ("ouest-france.fr",), ("OUEST-FRANCE", "Ouest France")),
    ("La Croix", ("la-croix.com",), ()),
    ("Mediapart", ("mediapart.fr",), ()),
    ("France 24", ("france24.com",), ()),
    ("France Info", ("francetvinfo.fr",), ("franceinfo", "Franceinfo")),
    ("RFI", ("rfi.fr",), ("Radio France Internationale",)),
    ("Le Temps", ("letemps.ch",), ()),
    ("Le Soir", ("lesoir.be",), ()),
    ("Courrier international", ("courrierinternational.com",), ()),
    ("AFP", ("afp.com",), ("Agence France-Presse", "Agence France Presse")),
    ("Reuters", ("reuters.com",), ("Thomson Reuters",)),
    ("Associated Press", ("apnews.com", "ap.org"), ("AP", "The Associated Press", "AP News")),
    ("BBC News", ("bbc.com", "bbc.co.uk"), ("BBC", "British Broadcasting Corporation")),
    ("The Guardian", ("theguardian.com", "guardian.co.uk"), ("the Guardian", "Guardian")),
    ("The New York Times", ("nytimes.com",), ("NYTimes", "New York Times")),
    ("The Washington Post", ("washingtonpost.com",), ("Washington Post",)),
    ("The Wall Street Journal", ("wsj.com",), ("Wall Street Journal", "WSJ")),
    ("Financial Times", ("ft.com",), ("FT",)),
    ("The Economist", ("economist.com",), ("Economist",)),
    ("The Telegraph", ("telegraph.co.uk",), ("Telegraph",)),
    ("The Times", ("thetimes.co.uk",), ()),
    ("The Independent", ("independent.co.uk",), ("Independent",)),
    ("CNN", ("cnn.com",), ()),
    ("Sky News", ("news.sky.com",), ()),
    ("NBC News", ("nbcnews.com",), ()),
    ("Al Jazeera", ("aljazeera.com",), ()),
    ("Bloomberg", ("bloomberg.com",), ()),
    ("Yahoo News", ("news.yahoo.com", "yahoo.com/news"), ("Yahoo! News",)),
    ("Politico", ("politico.com", "politico.eu"), ("POLITICO",)),
    ("The Hill", ("thehill.com",), ()),
    ("Der Spiegel", ("spiegel.de",), ("DER SPIEGEL", "SPIEGEL", "Spiegel Online")),
    ("Die Zeit", ("zeit.de",), ("ZEIT ONLINE", "Zeit Online", "DIE ZEIT")),
    ("Süddeutsche Zeitung", ("sueddeutsche.de",), ("SZ", "Süddeutsche")),
    ("Frankfurter Allgemeine Zeitung", ("faz.net",), ("FAZ", "F.A.Z.")),
    ("Der Tagesspiegel", ("tagesspiegel.de",), ("Tagesspiegel",)),
    ("Die Welt", ("welt.de",), ("WELT",)),
    ("tagesschau.de", ("tagesschau.de",), ("tagesschau",)),
    ("Der Standard", ("derstandard.at",), ("derStandard", "DER STANDARD", "derStandard.at")),
    ("taz", ("taz.de",), ("die tageszeitung", "taz.de")),
    ("Deutsche Welle", ("dw.com",), ("DW",)),
    ("Neue Zürcher Zeitung", ("nzz.ch",), ("NZZ",)),
    ("dpa", ("dpa.com",), ("Deutsche Presse-Agentur",)),
)


def _fold(name: str) -> str:
    """`name` without accents, case, spaces or punctuation: its letters and digits alone ([^\\W_] is str.isalnum)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", name).casefold())


_NOT_ALNUM = re.compile(r"[\W_]+")


_BY_NAME = {_fold(form): readable for readable, _, forms in _OUTLETS for form in (readable, *forms)}
_BY_DOMAIN = {domain: readable for readable, domains, _ in _OUTLETS for domain in domains}


def from_url(url: str) -> str | None:
    """The outlet of an address: a known site's name, else the host name ("www." left out).

    A domain of the table may hold a path: "yahoo.com/news" is Yahoo News on any of its hosts.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.lower()
    for domain, readable in _BY_DOMAIN.items():
        site, _, prefix = domain.partition("/")
        if (host == site or host.endswith("." + site)) and (not prefix or path.startswith(f"/{prefix}")):
            return readable
    return host or None


def readable(name: str) -> str:
    """The usual name of an outlet printed as `name` ("Le Monde.fr" -> "Le Monde", "ZEIT ONLINE" -> "Die Zeit")."""
    name = re.sub(r"\s+", " ", name).strip()
    if (known := _BY_NAME.get(_fold(name))) is not None:
        return known
    bare = re.sub(r"\.(?:fr|com|de|co\.uk|net|org|be|ch)$", "", name, flags=re.I)
    return _BY_NAME.get(_fold(bare), bare)


def is_known(name: str) -> bool:
    """Whether `name` is one of the table's outlets, in any of its printed forms."""
    return _fold(name) in _BY_NAME
