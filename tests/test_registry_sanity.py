"""Registry sanity: no name that links common words, names through invisible characters, a large registry."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from dossier.core.errors import RegistryError
from dossier.core.text import escape_markdown, normalize_key, without_invisible
from dossier.curate.annotate import Matcher, annotate, link_text
from dossier.curate.registry import load_registry, name_problem

from .helpers import article, make_registry, sample_matcher, write_entry

ROOT = Path(__file__).resolve().parent.parent


def problems(tmp_path, entities, events=None) -> list[str]:
    with pytest.raises(RegistryError) as error:
        make_registry(tmp_path, entities, events)
    return error.value.problems


# --- names that would link common words --------------------------------------------------------

@pytest.mark.parametrize("alias", ["de", "Le", "à", "À", "du", "des", "une", "et", "the", "The", "of", "and", "und", "der", "Die", "das"])
def test_a_stop_word_alias_is_an_error_naming_file_and_field(tmp_path, alias):
    found = problems(tmp_path, {"kim": {"name": "Kim Jong-un", "type": "person", "aliases": ["Kim", alias]}})
    assert len(found) == 1
    assert found[0].startswith(f"content/entities/kim.md:4: field 'aliases': {alias!r} is a stop word (")
    assert "it would link every" in found[0]


def test_a_name_made_only_of_stop_words_is_an_error(tmp_path):
    found = problems(tmp_path, {"x": {"name": "Organisation X", "type": "organisation", "aliases": ["de la", "in der", "of the"]}})
    rest = (
        "it would link every {0!r} of the articles; only an acronym in capitals (such as 'UN') may be one, "
        "and it must be listed under 'case_sensitive'"
    )
    assert found == [
        f"content/entities/x.md:4: field 'aliases': {name!r} is made of stop words ({language}): " + rest.format(name)
        for name, language in (("de la", "French"), ("in der", "German"), ("of the", "English"))
    ]


def test_a_short_name_or_alias_is_an_error(tmp_path):
    found = problems(tmp_path, {"ue": {"name": "UE", "type": "organisation", "aliases": ["Union européenne", "U.E."]}})
    rest = (
        "is shorter than 3 letters: it would link every such word of the articles; "
        "if it is meant (an acronym such as 'UE', a name such as 'Xi'), list it under 'case_sensitive'"
    )
    assert found == [f"content/entities/ue.md:2: field 'name': 'UE' {rest}", f"content/entities/ue.md:4: field 'aliases': 'U.E.' {rest}"]


def test_names_with_three_letters_or_a_word_among_stop_words_are_fine(tmp_path):
    registry = make_registry(tmp_path, {
        "onu": {"name": "ONU", "type": "organisation", "aliases": ["Organisation des Nations unies"]},
        "g20": {"name": "G20", "type": "organisation"},
        "usa": {"name": "États-Unis", "type": "country", "aliases": ["USA", "United States of America"]},
        "seine": {"name": "Seine", "type": "place", "aliases": ["la Seine"]},
        "le-pen": {"name": "Marine Le Pen", "type": "person", "aliases": ["Le Pen"]},
    })
    assert len(registry.entities) == 5


def test_case_sensitive_declares_short_names_and_acronyms(tmp_path):
    registry = make_registry(tmp_path, {
        "xi": {"name": "Xi Jinping", "type": "person", "aliases": ["Xi"], "case_sensitive": ["Xi"]},
        "ue": {"name": "Union européenne", "type": "organisation", "aliases": ["UE", "EU"], "case_sensitive": True},
        "onu": {"name": "Organisation des Nations unies", "type": "organisation", "aliases": ["ONU", "UN"], "case_sensitive": ["UN"]},
        "usa": {"name": "États-Unis", "type": "country", "aliases": ["US"], "case_sensitive": ["US"]},
    })
    assert registry.entities["onu"].aliases == ("ONU", "UN")
    matcher = Matcher(registry)
    text = "Un accord de l'UE et de l'ONU : pour les US, un UN fort. Xi parle ; xi et Us et ue ne sont pas des noms."
    assert [(text[s.start:s.end], s.target) for s in matcher.names(text)] == [
        ("UE", "ue"), ("ONU", "onu"), ("US", "usa"), ("UN", "onu"), ("Xi", "xi"),
    ]


def test_case_sensitive_does_not_excuse_a_stop_word_in_lowercase_or_capitalised(tmp_path):
    found = problems(tmp_path, {
        "x": {"name": "Organisation X", "type": "organisation", "aliases": ["de", "Le", "LE"], "case_sensitive": True},
    })
    assert [p.split("'")[3] for p in found] == ["de", "Le"]
    assert all("only an acronym in capitals" in p for p in found)


def test_case_sensitive_must_name_the_entrys_names(tmp_path):
    found = problems(tmp_path, {
        "a": {"name": "Xi Jinping", "type": "person", "aliases": ["Xi"], "case_sensitive": ["XI", "Xi"]},
        "b": {"name": "Union européenne", "type": "organisation", "case_sensitive": "yes"},
    })
    assert found == [
        "content/entities/a.md:6: field 'case_sensitive': 'XI' is not one of this entry's names",
        "content/entities/b.md:4: field 'case_sensitive': must be true, false or a list of the entry's names",
    ]


def test_event_triggers_are_checked_too(tmp_path):
    found = problems(
        tmp_path, {"kim": {"name": "Kim Jong-un", "type": "person"}},
        {"e": {"name": "Sommet", "start": "2024-06", "participants": ["kim"], "triggers": ["sommet de juin", "la", "G7"]}},
    )
    assert len(found) == 2
    assert found[0].startswith("content/events/e.md:6: field 'triggers': 'la' is a stop word (French)")
    assert found[1].startswith("content/events/e.md:6: field 'triggers': 'G7' is shorter than 3 letters")
    registry = make_registry(
        tmp_path / "ok", {"kim": {"name": "Kim Jong-un", "type": "person"}},
        {"e": {"name": "Sommet", "start": "2024-06", "participants": ["kim"], "triggers": ["G7"], "case_sensitive": ["G7"]}},
    )
    assert registry.events["e"].triggers == ("G7",)


def test_every_file_with_a_problem_is_reported(tmp_path):
    found = problems(tmp_path, {
        "a": {"name": "Alpha", "type": "person", "aliases": ["de"]},
        "b": {"name": "Le", "type": "person"},
        "c": {"name": "Gamma", "type": "person", "aliases": ["à", "Gam"]},
        "d": {"name": "Delta", "type": "person"},
    }, {"e": {"name": "Evt", "start": "2024", "triggers": ["the"]}})
    assert [p.split(":")[0] for p in found] == [
        "content/entities/a.md", "content/entities/b.md", "content/entities/c.md", "content/events/e.md",
    ]


def test_name_problem_counts_letters_and_digits_only():
    assert name_problem("G20", False) is None
    assert name_problem("Kim", False) is None
    assert name_problem("A.B.", False).startswith("'A.B.' is shorter than 3 letters")
    assert name_problem("Xi\u200b", False).startswith("'Xi\\u200b' is shorter than 3 letters")  # invisible: no letter
    assert name_problem("Pou\u00ad", False) is None
    assert name_problem("—", True) == "'—' has no letter or digit"
    assert name_problem("de", True).startswith("'de' is a stop word (French)")


def test_the_dossier_registry_loads_and_declares_its_short_names():
    registry = load_registry(ROOT / "content", ROOT)
    assert "Xi" in registry.entities["xi-jinping"].aliases
    short = sorted(n for e in registry.entities.values() for n in e.names if sum(c.isalnum() for c in n) < 3)
    assert short == ["Xi"]  # declared in content/entities/xi-jinping.md with case_sensitive: [Xi]


# --- front matter that used to crash the registry ---------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("---\nname: Kim\ntype: person\naliases: 2024-02-30\n---\nUne description.\n",
     "content/entities/x.md:4: invalid front matter: 'aliases' cannot be read (day is out of range for month)"),
    ("---\nname: Kim\ntype: person\na: !!int\n---\nUne description.\n",
     "content/entities/x.md:4: invalid front matter: 'a' cannot be read (string index out of range)"),
    ("---\nname: Kim\ntype: person\na: !!bool x\n---\nUne description.\n",
     "content/entities/x.md:4: invalid front matter: 'a' cannot be read ('x')"),
    ("---\nname: Kim\ntype: person\na: !!timestamp x\n---\nUne description.\n",
     "content/entities/x.md:4: invalid front matter: 'a' cannot be read ("),
    ("{\n\"name\": \"Kim\"\n}\nUne description.\n", "content/entities/x.md: no front matter: the file must start with a '---' line"),
    ("---\nname: Kim\ntype: person\n", "content/entities/x.md:1: invalid front matter: the opening '---' has no closing '---' line"),
    ("---\n- name\n- Kim\n---\nUne description.\n", "content/entities/x.md:2: invalid front matter: expected 'key: value' lines, found a list"),
    ("---\nname: Kim\ntype: person\n1: x\n---\nUne description.\n", "content/entities/x.md:4: field '1': unknown field"),
    ("---\nname: Kim\ntype: person\na: " + "[" * 3000 + "]" * 3000 + "\n---\nUne description.\n",
     "content/entities/x.md:4: invalid front matter: "),  # too deep for YAML (or for Python's recursion)
    ("---\nname: Kim\ntype: person\na: " + "[" * 900 + "]" * 900 + "\n---\nUne description.\n",
     "content/entities/x.md:4: field 'a': unknown field"),
])
def test_odd_front_matter_is_reported_not_raised(tmp_path, text, expected):
    (tmp_path / "content" / "entities").mkdir(parents=True)
    (tmp_path / "content" / "entities" / "x.md").write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as error:
        load_registry(tmp_path / "content", tmp_path)
    assert any(p.startswith(expected) for p in error.value.problems), error.value.problems


def test_a_folder_named_like_an_entry_is_reported(tmp_path):
    (tmp_path / "content" / "entities" / "x.md").mkdir(parents=True)
    with pytest.raises(RegistryError) as error:
        load_registry(tmp_path / "content", tmp_path)
    assert error.value.problems[0].startswith("content/entities/x.md: cannot be read (")


# --- names through invisible characters ---------------------------------------------------------

INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize("invisible", INVISIBLES)
def test_a_name_split_by_an_invisible_character_is_found_and_kept_as_written(tmp_path, invisible):
    matcher = sample_matcher(tmp_path)
    text = f"Selon Pou{invisible}tine, la Corée du{invisible} Nord et l'O{invisible}TAN."
    spans = matcher.find(text)
    assert [(text[s.start:s.end], s.target) for s in spans] == [
        (f"Pou{invisible}tine", "vladimir-poutine"), (f"Corée du{invisible} Nord", "coree-du-nord"), (f"O{invisible}TAN", "otan"),
    ]
    assert link_text(text, spans) == (
        f"Selon [[vladimir-poutine|Pou{invisible}tine]], la [[coree-du-nord|Corée du{invisible} Nord]] et l'[[otan|O{invisible}TAN]]."
    )


def test_invisible_characters_around_a_name_stay_outside_the_link(tmp_path):
    matcher = sample_matcher(tmp_path)
    text = "\u200bPoutine\u00ad et \ufeffKim Jong\u2060-un\u200b."
    assert link_text(text, matcher.find(text)) == "\u200b[[vladimir-poutine|Poutine]]\u00ad et \ufeff[[kim-jong-un|Kim Jong\u2060-un]]\u200b."


def test_invisible_characters_do_not_join_words_into_a_name(tmp_path):
    matcher = sample_matcher(tmp_path)
    assert matcher.find("Raspoutine\u200b et Poutine\u00adnesque.") == []


def test_dates_and_triggers_through_invisible_characters(tmp_path):
    matcher = sample_matcher(tmp_path)
    text = "Au sommet de Ha\u00adnoï, le 27\u200b février 2019, Trump a quitté la table."
    found = [(text[s.start:s.end], s.target) for s in matcher.find(text)]
    assert found == [("sommet de Ha\u00adnoï", "sommet-hanoi-2019"), ("Trump", "donald-trump")]
    text = "Le 27 fé\u200bvrier 2019, Donald Trump était à Hanoï."
    assert [(text[s.start:s.end], s.target) for s in matcher.find(text)] == [
        ("27 fé\u200bvrier 2019", "sommet-hanoi-2019"), ("Donald Trump", "donald-trump"), ("Hanoï", "hanoi"),
    ]


def test_a_registry_name_with_an_invisible_character_matches_the_plain_spelling(tmp_path):
    registry = make_registry(tmp_path, {"poutine": {"name": "Vladimir Pou\u200btine", "type": "person", "aliases": ["Pou\u00adtine"]}})
    matcher = Matcher(registry)
    text = "Poutine, Pou\u200btine et Vladimir Poutine."
    assert [(text[s.start:s.end], s.target) for s in matcher.names(text)] == [
        ("Poutine", "poutine"), ("Pou\u200btine", "poutine"), ("Vladimir Poutine", "poutine"),
    ]
    assert normalize_key("Pou\u200btine") == normalize_key("POUTINE")


def test_annotation_changes_no_character_of_the_text(tmp_path):
    matcher = sample_matcher(tmp_path)
    text = "\ufeffLe 18 juin 2024, Pou\u00adtine et Kim\u200b Jong-un ont signé le partenariat stra\u200btégique global à Pyong\u2060yang."
    markdown = link_text(text, matcher.find(text))
    assert re.sub(r"\[\[[a-z0-9-]+\|(.*?)\]\]", r"\1", markdown) == escape_markdown(text)
    assert "[[vladimir-poutine|Pou\u00adtine]]" in markdown and "[[pyongyang|Pyong\u2060yang]]" in markdown


def test_without_invisible_maps_offsets_back():
    text = "a\u200bb\u00ad\u00adc\u200b"
    visible, offsets = without_invisible(text)
    assert visible == "abc" and [text[i] for i in offsets[:-1]] == ["a", "b", "c"] and offsets[-1] == len(text)
    assert without_invisible("abc") == ("abc", None)


# --- a registry of 2,000 entities ----------------------------------------------------------------

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # 70 syllables


def made_up(index: int, length: int = 3) -> str:
    """A distinct pronounceable word for each index (70**3 of them): 'Badafa', 'Badafe'..."""
    out = []
    for _ in range(length):
        index, rest = divmod(index, len(SYLLABLES))
        out.append(SYLLABLES[rest])
    return "".join(out).capitalize()


@pytest.mark.slow
def test_a_registry_of_2000_entities_loads_and_annotates(tmp_path):
    started = time.monotonic()
    content = tmp_path / "content"
    count = 2000
    for index in range(count):
        first, last = made_up(index), made_up(index + 100_000)
        kind = ("person", "organisation", "country", "place")[index % 4]
        aliases = [last, f"{first[0]}. {last}", f"{first}-{last}"] if kind == "person" else [f"région de {first}{last.lower()}"]
        write_entry(content / "entities", f"e-{index:04d}", name=f"{first} {last}", type=kind, aliases=aliases)
    write_entry(content / "events", "rencontre", name="Rencontre", start="2024-06-18", place="e-0003",
                participants=["e-0000", "e-1996"], triggers=["rencontre au sommet"])
    registry = load_registry(content, tmp_path)
    assert len(registry.entities) == count and len(registry.events) == 1
    matcher = Matcher(registry)
    person, other, place = registry.entities["e-0000"], registry.entities["e-1996"], registry.entities["e-0003"]
    paragraphs = [
        f"Le 18 juin 2024, {person.name} a rencontré {other.aliases[1]} à {place.name}. " * 3,
        f"Selon {other.aliases[0]}, la rencontre au sommet de la {place.aliases[0]} restera. Rien d'autre ici. " * 5,
        "Un paragraphe sans aucun nom, assez long pour être lu jusqu'au bout par le moteur. " * 20,
    ]
    body, entities, events = annotate(article(*(("paragraph", p) for p in paragraphs)), matcher)
    assert entities == ["e-0000", "e-1996", "e-0003"]
    assert events == ["rencontre"]
    assert f"[[e-0000|{person.name}]]" in body and f"[[e-1996|{other.aliases[1]}]]" in body
    assert f"[[e-0003|{place.aliases[0]}]]" in body and "[[rencontre|rencontre au sommet]]" in body
    assert "[[rencontre|18 juin 2024]]" in body  # a date in a sentence that names its participants
    assert time.monotonic() - started < 20
