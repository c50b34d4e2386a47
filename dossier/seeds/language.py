"""A text's language told by its function words, when they say it plainly: French, English or German.

py3langid (dossier.seeds.pieces.guess_language) tells any of a hundred languages, but loading its model
costs half a second or more of CPU, in every build that reads a seed whose page does not say its
language. Most such seeds are plain French, English or German news, whose commonest words are
enough: `plain_language` names the language when they leave no doubt, and None otherwise, for
py3langid to decide.

Each of the three lists holds function words frequent in its language (articles, pronouns,
auxiliaries, conjunctions, prepositions) and rare in the two others and in the neighbouring
languages. A word another of these languages uses often is left out, however frequent: "la", "il",
"un", "que", "se" (Italian, Spanish...), "et" (Danish, Norwegian), "des" (German); "die", "der",
"das", "den", "es", "er", "als", "um", "war" (Dutch, Scandinavian, Portuguese, Spanish, English);
"to" (Polish), "is", "was" (Dutch, German), "for" (Scandinavian), "on" (French), "an", "will"
(German). The comment above each list names what it leaves out, and the few words it keeps that a
neighbour uses far less often.
OTHERS holds, per neighbouring language written in the Latin script, a few of its commonest
function words that French, English and German do not use; their presence sends the text to
py3langid. Languages far from these three (Hungarian, Finnish, Turkish, Indonesian, Vietnamese,
any other script) share no word with the lists, so their text never reaches the share asked for.

The decision asks for a clear margin (MIN_WORDS, MIN_SHARE, LEAD, OTHERS_AT_MOST): enough words,
the leading language's words a large share of them, far ahead of the second, and few words of the
other languages. scripts/language_agreement.py measures it against py3langid on every text of the
project; tests/test_language_guess.py holds it to agreement.
"""

from __future__ import annotations

import re

FUNCTION_WORDS = {
    # Left out: le, la, les, un, il, que, se, ne, ce, son, sa, lui, entre (Italian, Spanish, Catalan,
    # Romanian), et (Danish, Norwegian), des (German), de, en (Spanish, Dutch and more), mais
    # (Portuguese "more"), pas (the Occitan negation too), on (English), y (Spanish), a, ou, si.
    # Kept though a neighbour has them, far less often: à (Portuguese), qui (Italian, Catalan), du
    # (German, Scandinavian "you"). "qu" is the elided "qu'".
    "fr": frozenset(
        "une dans pour qui sur au aux cette ces elle elles ils sont avec ont été était être leur leurs nous "
        "vous aussi selon après où très est du par plus ses comme depuis encore dont sous chez déjà lors ainsi "
        "avait sera à deux sans contre tout tous toute même autres qu jusqu lorsqu puisqu".split()
    ),
    # Left out: a, in (everywhere), to (Polish), is, was (Dutch, German), an, will, also (German), for,
    # her (Danish, Norwegian), on (French), as, do (Portuguese), over, under, men (Dutch, Scandinavian).
    # Kept though Dutch has it, far less often: of ("or").
    "en": frozenset(
        "the and of that with from which has have had are were been this they their his not but would said "
        "its it who by be or after there when than what into he she we about more these those can".split()
    ),
    # Left out: der, den, dem (Danish, Swedish, Norwegian, Luxembourgish), die, als, wie, er (Dutch),
    # das, um (Portuguese), des (French), es (Spanish), in, an, am, war, man, will (English), vor,
    # ein (Danish, Norwegian), ja.
    "de": frozenset(
        "und ist nicht mit sich auf eine einer eines einem einen zu von im auch sie wird wurde werden worden hat "
        "haben hatte sind bei nach aus dass für über noch nur oder aber zum zur durch seit gegen unter sowie "
        "diese dieser dieses wenn sagte".split()
    ),
}

# Per neighbouring language written in the Latin script, a few of its commonest function words,
# rare in French, English and German and in none of the lists above (tests/test_language_guess.py
# checks it). A language far from those three needs none: it shares no word with their lists.
OTHERS = {
    "es": "el los las del por con para su sus lo como más pero fue muy hasta desde también según está hay",
    "it": "di che della delle dei degli nel nella alla sono gli anche più questo questa è stato dopo tra hanno perché",
    "pt": "o os não em uma pelo pela seu também já ele ela são foi muito ainda depois é",
    "ca": "els amb dels és seu seva aquest aquesta però també més pel pels perquè molt després segons",
    "gl": "unha tamén máis xa polo pola coa dun dunha á",
    "oc": "dins aquò èra tanben fòrça lor los las dels",
    "wa": "avou nén po",
    "ro": "și şi în să pe nu din este pentru sunt fost dar sau după către această iar",
    "nl": "het een niet zijn voor ook maar naar bij wordt werd heeft hij zij nog geen deze tot uit aan hebben zou omdat volgens",
    "af": "nie vir hy sy hulle wat sal deur ook",
    "lb": "ass vun huet awer déi gëtt gouf hunn och sech hien engem iwwer ënner",
    "sv": "och att det som på är av för med har inte ett jag hon också efter när från mellan enligt",
    "da": "og det til af på ikke har som blev også eller skal fra hun ved være været deres siger kun",
    "nb": "og det som på til av med ikke har seg skal blir ble også etter eller sier være hadde ifølge",
    "pl": "nie się że jest jak przez od ale dla czy jego już są być który która które oraz także został",
}
OTHER_WORDS = frozenset(word for words in OTHERS.values() for word in words.split())

MIN_WORDS = 40  # fewer words than this: too few to be sure
MIN_SHARE = 0.10  # the leading language's function words, at least this share of the words
LEAD = 5  # ... at least this many times the second language's, plus one
OTHERS_AT_MOST = 0.1  # ... and the other languages' words at most this share of the leader's

# A word. A French elision ("l'", "qu'") is a word of its own, before the word it is glued to;
# an English contraction ("it's", "don't") or a name ("O'Brien") is one word.
_WORD = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)(?=['’][^\W\d_])|[^\W\d_]+(?:['’][^\W\d_]+)*", re.IGNORECASE)


def plain_language(text: str) -> str | None:
    """"fr", "en" or "de" when the text's function words say it with a clear margin; else None."""
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    hits = {language: sum(word in vocabulary for word in words) for language, vocabulary in FUNCTION_WORDS.items()}
    others = sum(word in OTHER_WORDS for word in words)
    (first, lead), (_, second) = sorted(hits.items(), key=lambda item: -item[1])[:2]
    if lead >= MIN_SHARE * len(words) and lead >= LEAD * (second + 1) and others <= OTHERS_AT_MOST * lead:
        return first
    return None
