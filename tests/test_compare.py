"""How each article tells an event (dossier/sections/compare.py): its passages, what it gives of the event,
and where the sources differ, on dossiers built in the test."""

from __future__ import annotations

from dossier.render import i18n
from dossier.render.link import build_dossier
from dossier.sections import compare

from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source

ENTITIES = {**SAMPLE_ENTITIES, "moscou": {"name": "Moscou", "type": "place"}}
EVENTS = {
    **SAMPLE_EVENTS,
    "visite-pyongyang-2024": {
        **SAMPLE_EVENTS["visite-pyongyang-2024"],
        "description": "Visite de Poutine en Corée du Nord, sa première depuis 2000.",
    },
}


def comparison(tmp_path, *sources) -> compare.Comparison:
    i18n.use("fr")
    dossier = build_dossier(make_registry(tmp_path, ENTITIES, EVENTS), list(sources), "Titre", "")
    return compare.compare(dossier)["visite-pyongyang-2024"]


def test_a_paragraph_right_after_a_mention_that_refers_back_to_the_event_is_a_passage(tmp_path):
    found = comparison(tmp_path, source(
        "a",
        "[[vladimir-poutine|Poutine]] arrive pour le [[visite-pyongyang-2024|partenariat stratégique global]].\n\n"
        "Cette visite, la première depuis 2000, dure deux jours.\n\n"
        "Au cours de ce sommet, les deux dirigeants signent un traité.\n\n"
        "Un paragraphe sur autre chose.\n\n"
        "Cette visite n’est pas celle dont parle ce paragraphe, trop loin de la mention.",
        date="2024-06-19", outlet="Le Journal"))
    (account,) = found.accounts
    assert [(p.paragraph, p.referred) for p in account.passages] == [("p-1", False), ("p-2", True), ("p-3", True)]
    assert [text for text, marked in account.passages[1].segments if marked] == ["Cette visite"]
    assert [text for text, marked in account.passages[2].segments if marked] == ["ce sommet"]


def test_differing_first_since_claims_are_side_by_side_with_their_sources_and_the_record(tmp_path):
    found = comparison(
        tmp_path,
        source("a", "Le [[visite-pyongyang-2024|partenariat stratégique global]] est signé à [[pyongyang|Pyongyang]] "
                    "lors d’une visite, sa première en Corée du Nord depuis 24 ans.", date="2024-06-20", outlet="Le Journal"),
        source("b", "Le [[visite-pyongyang-2024|partenariat stratégique global]], la première visite d’un dirigeant "
                    "russe de ce niveau depuis 2011, est signé à [[moscou|Moscou]].", date="2024-06-18"),
        source("c", "Le [[visite-pyongyang-2024|partenariat stratégique global]] est commenté.", date="2024-06-18"),
    )
    differences = {d.kind: d for d in found.differences}
    since = differences["first since"]
    assert [(value, [s.article.slug if s.article else None for s in sources]) for value, sources in since.values] == [
        ("2000", ["a", None]), ("2011", ["b"]),
    ]
    place = differences["place"]
    assert [(value, [s.article.slug if s.article else None for s in sources]) for value, sources in place.values] == [
        ("Pyongyang", ["a", None]), ("Moscou", ["b"]),
    ]
    flagged = {(a.article.slug, item.text) for a in found.accounts for item in a.items if item.differs}
    assert ("b", "Moscou") in flagged and ("a", "Pyongyang") not in flagged


def test_articles_of_unknown_outlet_are_never_one_source(tmp_path):
    body = "Le [[visite-pyongyang-2024|partenariat stratégique global]] est signé."
    found = comparison(tmp_path, source("a", body, date="2024-06-20"), source("b", body, date="2024-06-20"),
                       source("c", body, date="2024-06-20", outlet="Le Journal"))
    assert [(outlet, [a.article.slug for a in accounts]) for outlet, accounts in found.outlets] == [
        ("Le Journal", ["c"]), ("Source non identifiée", ["a"]), ("Source non identifiée", ["b"]),
    ]
    pages = compare.pages(found, per_page=1)
    assert [[(o, [a.article.slug for a in accounts]) for o, accounts in page] for page in pages] == [
        [("Le Journal", ["c"])], [("Source non identifiée", ["a"])], [("Source non identifiée", ["b"])],
    ]
    two = compare.pages(found, per_page=3)
    assert [len(accounts) for _, accounts in two[0]] == [1, 1, 1]


def test_figures_that_cannot_both_be_true_are_flagged(tmp_path):
    found = comparison(
        tmp_path,
        source("a", "Le [[visite-pyongyang-2024|partenariat stratégique global]] prévoit jusqu’à 8 000 soldats.",
               date="2024-06-20"),
        source("b", "Le [[visite-pyongyang-2024|partenariat stratégique global]] prévoit 12 000 soldats.",
               date="2024-06-20"),
        source("c", "Le [[visite-pyongyang-2024|partenariat stratégique global]] prévoit des milliers de soldats.",
               date="2024-06-20"),
    )
    (soldiers,) = [d for d in found.differences if d.kind == "soldiers"]
    assert [value for value, _ in soldiers.values] == ["jusqu’à 8 000 soldats", "12 000 soldats"]
    assert soldiers.label == "soldats"


def test_back_references_in_english_and_german(tmp_path):
    i18n.use("fr")
    dossier = build_dossier(make_registry(tmp_path, ENTITIES, EVENTS), [], "Titre", "")
    visit = next(event for event in dossier.events if event.id == "visite-pyongyang-2024")
    english, german = compare.referring(visit, "en"), compare.referring(visit, "de")
    assert english.search("During the two-day summit, both leaders signed it.").group() == "the two-day summit"
    assert english.search("This is the end.") is None
    assert german.search("Der Besuch dauerte zwei Tage.").group() == "Der Besuch"
    assert german.search("Bei diesem Gipfeltreffen sprachen sie.").group() == "diesem Gipfeltreffen"
    assert german.search("Die Reaktion war verhalten.") is None
