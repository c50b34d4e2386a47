"""The words that tie a quotation to its speaker, per language: verbs of saying, the prepositions that name
a source, pronouns, roles, and the small words allowed between a subject and its verb.

`vocabulary(language)` gives the set of an article's language; an article in another language gets the
three sets together (a verb of saying is rarely a word of another language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.text import by_first_letter

# French: stems and endings (a déclaré, déclare, déclarant…), and whole forms.
_FR_STEMS = (
    "déclar|affirm|ajout|estim|expliqu|soulign|assur|annonc|qualifi|salu|critiqu|dénonc|martel|martèl|"
    "insist|répét|répèt|confi|précis|rappel|observ|comment|tweet|racont|témoign|plaid|accus|fustig|"
    "félicit|considér|considèr|regrett|menac|confirm|ironis|résum|rétorqu|répliqu|exhort|indiqu|avou|"
    "prôn|assén|lâch|tonn|jur|appel|invit|avanc|argu|nuanc|concéd|concèd|admett|interrog|demand|"
    "prévien|souhait|espér|espèr|mett\\w* en garde|mis en garde|met en garde"
)
_FR_ENDINGS = "e|es|ent|é|ée|és|ées|ait|aient|er|ant|era|erait|ons|ez|ne|nt|ra|rait"
_FR_VERBS = (
    rf"(?:{_FR_STEMS})(?:{_FR_ENDINGS})?|dit|dire|disait|dira|écrit|écrivait|promis|promet|"
    r"reconnu|reconnaît|reconnait|conclu|conclut|prévenu|averti|avertit|réagi|réagit|répond|répondu|"
    r"soutenu|soutient"
)
_EN_VERBS = (
    r"said|says|say|saying|told|tells|telling|added|adds|adding|stated|states|declared|declares|warned|warns|"
    r"warning|noted|notes|explained|explains|argued|argues|insisted|insists|claimed|claims|wrote|writes|"
    r"described|describes|called|calls|calling|praised|praises|criticised|criticized|announced|announces|"
    r"asked|asks|replied|replies|urged|urges|recalled|recalls|stressed|stresses|emphasised|emphasized|"
    r"tweeted|tweets|retweeted|posted|admitted|admits|acknowledged|acknowledges|conceded|concedes|"
    r"continued|continues|goes on|went on|observed|concluded|suggested|suggests|predicted|complained|"
    r"confirmed|denied|testified|joked|quipped|remarked|responded|responds|retorted|countered|pointed out|"
    r"dubbed|labelled|labeled|branded|vowed|promised|texted|added"
)
_DE_VERBS = (
    r"sagte|sagt|sagten|sagen|gesagt|erklärte|erklärt|erklärten|betonte|betont|warnte|warnt|gewarnt|meinte|meint|"
    r"fügte|fügt|hinzugefügt|schrieb|schreibt|geschrieben|sprach|spricht|nannte|nennt|genannt|bezeichnete|"
    r"bezeichnet|kritisierte|kritisiert|lobte|lobt|gelobt|forderte|fordert|gefordert|teilte|teilt|mitgeteilt|"
    r"kündigte|angekündigt|räumte|ergänzte|ergänzt|erläuterte|erläutert|unterstrich|unterstreicht|versicherte|"
    r"versichert|bekräftigte|bekräftigt|berichtete|berichtet|antwortete|antwortet|entgegnete|verkündete|"
    r"mahnte|mahnt|twitterte|fragte|fragt|bekannte|beteuerte|widersprach|verwies|äußerte|äußert|warf|sicherte|"
    r"zugesichert|sprach|zufolge"
)
_SOURCES = {"fr": r"selon|d['’]après", "en": r"according to", "de": r"laut"}


@dataclass(frozen=True)
class Vocabulary:
    """The words of one language (or of all) that attribution reads."""

    saying: re.Pattern  # a verb of saying, or a preposition naming a source
    source: re.Pattern  # a preposition naming a source, its source after it ("selon X", "laut X")
    source_after: re.Pattern  # a postposition, its source before it ("X zufolge")
    so: bool  # "„…“, so Scholz": German names the speaker after "so", right after a quotation
    pronouns: dict[str, str]  # a subject pronoun and what it may stand for: person, thing, any, or none (plural, first person)
    relative: frozenset[str]  # "who", "qui": the name just before it
    skip: frozenset[str]  # words between a subject and its verb ("has", "a", "also", "hat", "am")
    roles: re.Pattern  # a noun that names what a person is ("spokesperson", "porte-parole", "Sprecherin")
    leaders: re.Pattern  # roles that stand for the one who leads what completes them ("le maître du Kremlin")
    definite: frozenset[str]
    indefinite: frozenset[str]
    prepositions: frozenset[str]  # a name after one is a complement, not a subject
    adverb: re.Pattern  # an adverb by its ending ("publicly", "également")
    # Whether a word is a role (`roles`), remembered: a narration's words repeat and the pattern is long.
    role_words: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)


_PRONOUNS = {
    "fr": {"il": "any", "elle": "any", "lui": "any", "celui-ci": "any", "celle-ci": "any",
           "ils": "none", "elles": "none", "on": "none", "je": "none", "nous": "none", "j": "none"},
    "en": {"he": "person", "she": "person", "him": "person", "her": "person", "it": "thing",
           "they": "none", "we": "none", "i": "none", "you": "none"},
    "de": {"er": "any", "sie": "any", "ihm": "any", "ihr": "any", "es": "thing",
           "ich": "none", "wir": "none", "man": "none"},
}
_RELATIVE = {"fr": {"qui"}, "en": {"who"}, "de": set()}
_SKIP = {
    "fr": "a avait aurait ait était est s s'est se sont ont ainsi également aussi encore notamment pourtant toutefois "
          "cependant alors déjà même enfin ensuite d'ailleurs lui-même elle-même tenu à voulu n ne pas jamais plus "
          "hier aujourd'hui lors y en l lui leur t -t- bien aussitôt de son côté pour sa part quant à lui elle",
    "en": "has have had also later then again once just previously has also further however would will could did "
          "does do not never often always earlier last this on today yesterday tonight week month year morning "
          "afternoon evening night still now too",
    "de": "hat hatte habe hätte auch zudem außerdem noch bereits schon am gestern heute nun jetzt dann später "
          "ebenfalls erneut nicht dabei jedoch zuvor kürzlich wiederholt mehrfach deutlich ausdrücklich weiter "
          "morgen abend vormittag nachmittag mittag wochenende",
}
_DAYS = (
    "monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag"
)
_ROLES = {
    "fr": r"porte-parole|président|présidente|ministre|chef|cheffe|dirigeant|dirigeante|leader|maître|secrétaire|"
          r"chancelier|chancelière|ambassadeur|ambassadrice|expert|experte|chercheur|chercheuse|analyste|diplomate|"
          r"conseiller|conseillère|député|députée|sénateur|sénatrice|maire|avocat|avocate|général|source|responsable|"
          r"directeur|directrice|dictateur|auteur|autrice|professeur|professeure|spécialiste|représentant|"
          r"représentante|numéro un|homme fort|militant|militante|élu|élue|juge|procureur|procureure|patron|patronne",
    "en": r"spokesperson|spokesman|spokeswoman|president|minister|secretary|chancellor|leader|chief|director|"
          r"official|ambassador|envoy|senator|governor|mayor|lawyer|attorney|expert|analyst|researcher|professor|"
          r"author|writer|editor|founder|chairman|chairwoman|chair|head|executive|ceo|commander|general|officer|"
          r"inspector|king|queen|premier|diplomat|adviser|advisor|source|representative|economist|scientist|"
          r"historian|activist|elder|mother|father|sister|brother|daughter|son|wife|husband|teacher|doctor|manager|"
          r"owner|candidate|politician|dictator|boss|ruler|strongman|ranger|spokespeople|aide|prosecutor|judge|"
          r"secretary-general|lawmaker|MP",
    "de": r"[\w-]*(?:sprecher|sprecherin|präsident|präsidentin|minister|ministerin|kanzler|kanzlerin|chef|chefin|"
          r"experte|expertin|forscher|forscherin|analyst|analystin|diplomat|diplomatin|berater|beraterin|botschafter|"
          r"botschafterin|politiker|politikerin|vorsitzende|vorsitzender|sekretär|sekretärin|direktor|direktorin|"
          r"leiter|leiterin|anwalt|anwältin|bürgermeister|bürgermeisterin|abgeordnete|abgeordneter|machthaber|"
          r"quelle|vertreter|vertreterin|oberhaupt|richter|richterin|staatsanwalt|staatsanwältin|general|generalin)",
}
_LEADERS = {
    "fr": r"président|présidente|maître|chef|cheffe|dirigeant|dirigeante|leader|numéro un|homme fort|dictateur|patron",
    "en": r"president|leader|chief|head|ruler|strongman|dictator|boss|premier|king|queen",
    "de": r"[\w-]*(?:präsident|präsidentin|chef|chefin|machthaber|oberhaupt)",
}
_ARTICLES = {
    "fr": ("le la l les ce cette", "un une"),
    "en": ("the this that", "a an another one"),
    "de": ("der die das dem den des dieser diese", "ein eine einer einem einen eines"),
}
_PREPOSITIONS = {
    "fr": "de du des d à au aux chez en avec contre pour sur entre auprès envers vers",
    "en": "of at from for in to with against about on over between toward towards into",
    "de": "von vom des der am beim mit gegen für über zu zum zur bei nach aus an",
}
_ADVERB = {"fr": r"\w+ment", "en": r"\w+ly", "de": r"(?!)"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _vocabulary(languages: tuple[str, ...]) -> Vocabulary:
    verbs = {"fr": _FR_VERBS, "en": _EN_VERBS, "de": _DE_VERBS}
    sources = "|".join(_SOURCES[lang] for lang in languages)
    alternation = "|".join(verbs[lang] for lang in languages)
    return Vocabulary(
        saying=re.compile(rf"(?i)\b(?:{by_first_letter(f'{alternation}|{sources}')})\b"),
        source=re.compile(rf"(?i)\b(?:{sources})\b"),
        source_after=re.compile(r"(?i)\bzufolge\b" if "de" in languages else r"(?!)"),
        so="de" in languages,
        pronouns={word: kind for lang in languages for word, kind in _PRONOUNS[lang].items()},
        relative=frozenset(word for lang in languages for word in _RELATIVE[lang]),
        skip=_words(" ".join(_SKIP[lang] for lang in languages) + " " + _DAYS),
        roles=re.compile(rf"(?i)^(?:{'|'.join(_ROLES[lang] for lang in languages)})$"),
        leaders=re.compile(rf"(?i)^(?:{'|'.join(_LEADERS[lang] for lang in languages)})$"),
        definite=_words(" ".join(_ARTICLES[lang][0] for lang in languages)),
        indefinite=_words(" ".join(_ARTICLES[lang][1] for lang in languages)),
        prepositions=_words(" ".join(_PREPOSITIONS[lang] for lang in languages)),
        adverb=re.compile(rf"(?i)^(?:{'|'.join(_ADVERB[lang] for lang in languages)})$"),
    )


_SETS = {lang: _vocabulary((lang,)) for lang in ("fr", "en", "de")}
_ALL = _vocabulary(("fr", "en", "de"))


def vocabulary(language: str | None) -> Vocabulary:
    """The words of `language` ("fr", "en", "de"); of the three together for another language or none."""
    return _SETS.get((language or "").lower()[:2], _ALL)
