"""People an article names that the registry does not hold, found by how names are written (no model).

A name is two or more capitalised words ("Joe Biden", "Marsha P. Johnson", "Te Kaurinui Robert Parata"),
or one after a title ("Mr Powers", "Frau Baerbock"), or one that is the last word of a name already found
("Biden" after "Joe Biden"). Words that start a sentence or a clause ("The", "However", "Der"), titles and
roles before a name ("President", "Bundeskanzler"), months and days, places and the words of institutions
("White House", "South Taranaki", "Department of Conservation") are not names of people: a run of
capitalised words that holds one of those is left out. So is an acronym ("BBC", "UCEA").

What it finds can be wrong both ways; quotations read it only to stay silent: a person named between a
speaker and a pronoun keeps the pronoun from going to that speaker, and a name as the subject of a verb
of saying makes the quotation someone else's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_WORD = rf"(?:[{_UPPER}]\.|[{_UPPER}](?:[\w’'‐-]*\w)?)"
_PARTICLE = r"(?:von der|van der|van den|de la|de|da|di|du|del|della|van|von|ter|bin|ibn|al|el|dos|das|y|zu)"
_RUN = re.compile(rf"(?<![\w’'‐-]){_WORD}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_WORD})*(?![\w‐-])")
_POSSESSIVE = re.compile(r"[’']s?$")
_NOUN_ENDINGS = r"(?:ung|heit|keit|schaft|tion|tät|ismus|ität|ungen|nahme)$"  # German common nouns, capitalised too

_FUNCTION = set("""
the a an and but or if when while as after before in on at for from of to with by this that these those it he she
they we i his her their our its there here then so yet still also however meanwhile although though because since
despite during over under into about among between both each every many most some such no not only even just now
what which who whom whose why how where earlier later last next first another other one two three four five six
seven eight nine ten clockwise above below right left according speaking talking asked asking
yesterday today tomorrow tonight former
le la les l un une des du de d au aux et mais ou donc or ni car il elle ils elles on nous vous je ce cette ces cet
son sa ses leur leurs dans sur sous pour par avec sans selon après avant depuis pendant lors quand si comme alors
ainsi cependant pourtant enfin puis en à y que qui quoi dont où tout tous toute toutes chaque aucun plusieurs cela
ceci ça voici voilà lire hier demain aujourd’hui aujourd'hui ancien ancienne
der die das den dem des ein eine einer einem einen eines und aber oder doch denn er sie es wir ihr ich man im am
vom zum zur beim ins auf mit nach bei seit von vor aus für gegen ohne um über unter zwischen wie als wenn weil dass
ob auch noch schon nun dann diese dieser dieses jede jeder alle viele nicht kein keine sein seine ihre ihren laut
zudem außerdem bereits dabei damit deshalb trotzdem jedoch zuletzt gestern heute später
""".split())
_TITLES = set("""
mr mrs ms miss dr prof sir dame lord lady president vice-president chancellor minister senator governor mayor judge
rev general gen col capt sgt king queen prince princess pope prime secretary ambassador rep sen president-elect
vice-president-elect chief inspector editor professor
m mme mlle me pr mgr
herr frau bundeskanzler bundeskanzlerin kanzler kanzlerin präsident präsidentin ministerin außenminister
außenministerin verteidigungsminister verteidigungsministerin regierungssprecher regierungssprecherin
""".split())
_CALENDAR = set("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
janvier février mars avril mai juin juillet août septembre octobre novembre décembre
lundi mardi mercredi jeudi vendredi samedi dimanche
januar februar märz juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag
""".split())
_PLACE_START = set("""
north south east west northern southern eastern western central new san santa los las saint st sainte great upper
lower nord sud est ouest nordrhein
""".split())
_INSTITUTION = set("""
house court council ministry department university institute party police city street island islands museum company
inc times news post magazine games school church parliament commission union bank fair systems agency office
committee association organisation organization group network nations states kingdom republic airlines army navy
force forces corps centre center foundation fund club league federation press journal herald daily media
television radio tv gallery hospital airport station bridge road avenue square park beach river lake mountain mount
bay sea ocean coast valley harbour harbor county state province region district congress senate assembly cabinet
government administration service services board authority tribunal project program programme act law treaty
accord agreement summit war day week year century cup olympics festival awards prize award tower hall palace castle
cathedral temple mosque conference forum exposition expo cross guard intelligence security defence defense energy
health affairs foreign interior justice finance treasury commerce trade labor labour reserve federal national
international global united standards conservation northland world capital capitals bloc empire order society
assemblée ministère conseil université parti cour sénat gouvernement palais maison banque agence institut fondation
comité unies affaires étrangères etrangères intérieur défense armée police gendarmerie quai orsay élysée elysée
matignon rue place boulevard pont mont lac île iles mer océan république royaume états etats européenne européen
ministerium regierung partei bundestag bundesrat bundesregierung zeitung universität stiftung gericht kommission rat
amt behörde armee bundeswehr verband gewerkschaft konzern gruppe ag gmbh verein kirche straße platz brücke insel
meer see fluss staaten vereinte nationen kreml kremls haus bahn nachrichtenagentur agentur sender fernsehen
euro euros dollar dollars milliarden millionen prozent
democrat democrats republican republicans conservative conservatives liberal liberals socialist socialists green greens
""".split())
_COUNTRIES = set("""
america american americans britain british england english scotland wales ireland europe european africa african
asia asian korea korean koreans russia russian russians china chinese japan japanese france french germany german
ukraine ukrainian iran iranian syria syrian kenya kenyan israel israeli palestine palestinian india indian pakistan
canada canadian mexico brazil australia zealand taiwan vietnam cuba iraq afghanistan turkey egypt nepal singapore
washington moscow beijing pyongyang seoul tokyo london paris berlin kyiv kiev brussels
amérique russie chine japon allemagne corée ukraine iran syrie
russland deutschland frankreich amerika china japan korea nordkorea südkorea ukraine europa russlands deutschlands
""".split())


@dataclass(frozen=True)
class Name:
    """A person named in a text: where, the key that stands for them (the whole name as first written), and
    whether the name is possessive ("Biden’s")."""

    start: int
    end: int
    key: str
    possessive: bool


def _words(run: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", run)]


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word).lower()


def find_names(text: str, taken: list[tuple[int, int]], known: dict[str, str]) -> list[Name]:
    """The people named in `text` outside the spans `taken` (the registry's links). `known` maps the last
    word of each name already found (lower case) to its key, and grows with the names found."""
    names = []
    for run in _RUN.finditer(text):
        if any(start < run.end() and run.start() < end for start, end in taken):
            continue
        words = _words(run.group())
        titled = False
        while words and (_bare(words[0][1]) in _FUNCTION or _bare(words[0][1]) in _TITLES):
            titled = titled or _bare(words[0][1]) in _TITLES
            words = words[1:]
        if not words or not _person(words):
            continue
        start, end = run.start() + words[0][0], run.start() + words[-1][0] + len(words[-1][1])
        possessive = bool(_POSSESSIVE.search(words[-1][1])) and words[-1][1][-2:] in ("’s", "'s")
        last = _bare(words[-1][1])
        if len(words) >= 2:
            key = " ".join(_bare(w) for _, w in words)
            known.setdefault(last, key)
        elif titled or last in known:
            key = known.get(last, last)
        else:
            continue
        names.append(Name(start, end, known.get(last, key) if len(words) == 1 else key, possessive))
    return names


def _person(words: list[tuple[int, str]]) -> bool:
    """Whether capitalised words can be a person's name: no institution, place, month or acronym among them."""
    bare = [_bare(word) for _, word in words]
    if any(word in _INSTITUTION or word in _CALENDAR or word in _COUNTRIES for word in bare):
        return False
    if bare[0] in _PLACE_START or any(re.search(_NOUN_ENDINGS, word) for word in bare):
        return False
    return not any(len(word) > 1 and word.isupper() and not word.endswith(".") for _, word in words)


def subject_word(word: str) -> bool:
    """Whether a single capitalised word may be a person's name when it is the subject of a verb of saying
    ("Kaplan says", "says Parata")."""
    bare = _bare(word)
    return bool(re.fullmatch(_WORD, word.rstrip("’'s") or word)) and not (
        bare in _FUNCTION or bare in _TITLES or bare in _CALENDAR or bare in _COUNTRIES or bare in _INSTITUTION
        or (len(word) > 1 and word.isupper())
    )
