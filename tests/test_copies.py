"""Copies and independent accounts (dossier/analysis/copies.py, dossier/render/families.py): which articles
repeat another, their families, and every count of sources made with families: the event page's, the
comparison's "where the sources differ", who said what; on texts, on dossiers linked in the test, and on a
site built from a wire story run by three outlets and one report of the same event written apart."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from dossier.analysis import copies
from dossier.render import families, i18n
from dossier.render.link import build_dossier
from dossier.sections import compare

from .conftest import run_build
from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source

# A wire story of the Pyongyang summit, in five paragraphs.
WIRE = [
    "Le président russe Vladimir Poutine et le dirigeant nord-coréen Kim Jong-un ont signé mercredi à Pyongyang un "
    "traité de partenariat stratégique global, au premier jour d'une visite d'État que le Kremlin présente comme historique.",
    "Ce traité prévoit, selon des sources diplomatiques, l'envoi de 12 000 soldats nord-coréens en cas d'agression contre "
    "l'un des deux pays, une clause d'assistance mutuelle inédite depuis la fin de la guerre froide.",
    "« Notre amitié est invincible et rien ne pourra la briser », a déclaré Kim Jong-un lors d'une cérémonie sur la place "
    "Kim Il-sung, devant des dizaines de milliers de personnes rassemblées malgré la chaleur.",
    "Les deux dirigeants ont ensuite visité une école d'ingénieurs, puis assisté à un concert donné en l'honneur de la "
    "délégation russe, composée de plusieurs ministres et de chefs militaires de haut rang.",
    "Washington et Séoul ont aussitôt exprimé leur inquiétude, estimant que ce rapprochement menace la stabilité de la "
    "péninsule coréenne et viole plusieurs résolutions du Conseil de sécurité des Nations unies.",
]
NEW_LEDE = ("Nouvelle étape dans l'alliance entre Moscou et Pyongyang : Vladimir Poutine et Kim Jong-un ont paraphé "
            "mercredi un traité de partenariat stratégique global, lors d'une visite que le Kremlin dit historique.")
ADDED = ("Pour les chancelleries européennes, cette alliance renforce encore la capacité de la Russie à poursuivre "
         "sa guerre en Ukraine, où les obus venus de Corée du Nord pèsent déjà sur le front.")
ADDED_TOO = ("Notre rédaction reviendra dans son édition de jeudi sur les conséquences de cet accord pour l'Europe, "
             "qui prépare de nouvelles sanctions contre les deux régimes et leurs intermédiaires.")
# The same event, told apart: the same names and figures, not the same words.
APART = [
    "À Pyongyang, Kim Jong-un a accueilli mercredi Vladimir Poutine en grande pompe pour sceller un partenariat "
    "stratégique global entre leurs deux pays, isolés sur la scène internationale.",
    "Cet accord, dont le contenu exact reste secret, pourrait conduire jusqu'à 8 000 soldats nord-coréens à combattre "
    "aux côtés de l'armée russe, affirment des analystes sud-coréens interrogés par notre envoyé spécial.",
    "Dans les rues de la capitale, des portraits géants des deux hommes avaient été dressés la veille, et les habitants "
    "avaient reçu la consigne d'agiter des drapeaux sur le passage du cortège présidentiel.",
]


def text(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def test_an_exact_copy_and_a_light_rewrite_are_copies_and_a_report_told_apart_is_not():
    texts = [text(*WIRE), text(*WIRE), text(NEW_LEDE, *WIRE[1:], ADDED), text(*APART)]
    found = {(pair.a, pair.b) for pair in copies.copies(texts)}
    assert found == {(0, 1), (0, 2), (1, 2)}
    assert copies.containment(copies.shingles(texts[0]), copies.shingles(texts[3])) == 0


def test_a_rewrite_that_adds_paragraphs_to_a_wire_story_is_still_a_copy_of_it():
    wire, rewrite = copies.shingles(text(*WIRE)), copies.shingles(text(NEW_LEDE, *WIRE[1:], ADDED, ADDED_TOO))
    assert copies.containment(wire, rewrite) >= copies.THRESHOLD
    assert copies.jaccard(wire, rewrite) >= copies.JACCARD
    assert copies.copies([text(*WIRE), text(NEW_LEDE, *WIRE[1:], ADDED, ADDED_TOO)]) != []


def test_typography_and_case_do_not_hide_a_copy():
    folded = text(*WIRE).upper().replace("'", "’").replace("« ", "«\u00a0").replace(",", " ,")
    assert copies.shingles(folded) == copies.shingles(text(*WIRE))


def test_families_are_connected_groups_ordered_by_date_then_slug():
    pairs = [copies.Copy(0, 3, 1.0), copies.Copy(3, 4, 1.0), copies.Copy(1, 2, 1.0)]
    order = [("2024-06-20", "b"), ("2024-06-18", "z"), ("2024-06-19", "a"), ("2024-06-19", "c"), ("2024-06-19", "a2")]
    assert copies.families(5, pairs, order) == [[1, 2], [4, 3, 0]]


def test_the_sentences_a_copy_changed_or_added():
    sentences = [NEW_LEDE, *WIRE[1:], ADDED, "Il a démenti."]
    changed = copies.changed_sentences(sentences, copies.shingles(text(*WIRE)))
    assert [sentences[i] for i in changed] == [NEW_LEDE, ADDED]


ENTITIES = SAMPLE_ENTITIES
EVENTS = SAMPLE_EVENTS
LINKED = {"Vladimir Poutine": "[[vladimir-poutine|Vladimir Poutine]]", "Kim Jong-un,": "[[kim-jong-un|Kim Jong-un]],",
          "a déclaré Kim Jong-un": "a déclaré [[kim-jong-un|Kim Jong-un]]",
          "partenariat stratégique global": "[[visite-pyongyang-2024|partenariat stratégique global]]"}


def linked(*paragraphs: str) -> str:
    """The paragraphs as the build annotates them: the event and its participants linked."""
    body = text(*paragraphs)
    for words, link in LINKED.items():
        body = body.replace(words, link)
    return body


def dossier(tmp_path):
    i18n.use("fr")
    sources = [
        source("wire", linked(*WIRE), date="2024-06-19", outlet="AFP"),
        source("quotidien", linked(NEW_LEDE, *WIRE[1:], ADDED), date="2024-06-19", outlet="Le Quotidien"),
        source("matin", linked(*WIRE, ADDED, ADDED_TOO), date="2024-06-20", outlet="Le Matin"),
        source("gazette", linked(*APART), date="2024-06-19", outlet="La Gazette"),
    ]
    return build_dossier(make_registry(tmp_path, ENTITIES, EVENTS), sources, "Titre", "")


def test_a_family_is_named_after_the_agency_and_each_copy_says_what_it_repeats_and_changed(tmp_path):
    built = dossier(tmp_path)
    by_slug = {article.slug: article for article in built.articles}
    family = by_slug["wire"].family
    assert [article.slug for article in family.members] == ["wire", "quotidien", "matin"]
    assert family.name == "AFP" and by_slug["gazette"].family is None
    assert by_slug["wire"].repeat.of is None and [a.slug for a in by_slug["wire"].repeat.others] == ["quotidien", "matin"]
    quotidien = by_slug["quotidien"].repeat
    assert quotidien.of is by_slug["wire"] and quotidien.agency == "AFP"
    assert [re.sub(r"\s+", " ", sentence) for sentence in quotidien.changed] == [NEW_LEDE, ADDED]
    assert by_slug["matin"].repeat.changed_count == 2


def test_the_comparison_and_who_said_what_count_copies_as_one_source(tmp_path):
    built = dossier(tmp_path)
    comparison = compare.compare(built)["visite-pyongyang-2024"]
    assert (len(comparison.accounts), comparison.independent) == (4, 2)
    (soldiers,) = [d for d in comparison.differences if d.kind == "soldiers"]
    values = {value: [(s.article.slug, [c.slug for c in s.copies]) for s in sources] for value, sources in soldiers.values}
    assert values == {"12 000 soldats": [("wire", ["quotidien", "matin"])], "jusqu'à 8 000 soldats": [("gazette", [])]}
    said = [(speaker.id if speaker else None, [q.article.slug for q in quotes]) for speaker, quotes in built.speakers]
    assert said == [("kim-jong-un", ["wire"])]
    (quote,) = built.independent_quotes
    assert [article.slug for article in quote.copies] == ["quotidien", "matin"]


def test_signatures_are_kept_for_the_next_build_and_a_bad_cache_is_ignored(tmp_path):
    built = dossier(tmp_path)
    cache = tmp_path / "cache" / "copies.json"
    first = [[a.slug for a in f.members] for f in families.link(built.articles, cache)]
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert len(kept["signatures"]) == 4 and first == [["wire", "quotidien", "matin"]]
    # what is kept is what is used: the dispatch's signature made zeros (too short to compare), it has no copy
    wire = next(a for a in built.articles if a.slug == "wire")
    digest = hashlib.sha256("\n".join(p.text for p in wire.paragraphs).encode()).hexdigest()
    kept["signatures"][digest] = "00" * 8 * copies.PERMUTATIONS
    cache.write_text(json.dumps(kept), encoding="utf-8")
    assert [[a.slug for a in f.members] for f in families.link(built.articles, cache)] == [["quotidien", "matin"]]
    cache.write_text("{not json", encoding="utf-8")
    assert [[a.slug for a in f.members] for f in families.link(built.articles, cache)] == first


def test_pairs_measured_are_kept_for_the_next_build_and_not_measured_again(tmp_path, monkeypatch):
    built = dossier(tmp_path)
    cache = tmp_path / "cache" / "copies.json"
    first = [[a.slug for a in f.members] for f in families.link(built.articles, cache)]
    kept = json.loads(cache.read_text(encoding="utf-8"))
    assert kept["pairs"] and all(len(pair.split(":")) == 2 for pair in kept["pairs"])

    def measured_again(*_):
        raise AssertionError("a pair measured by the last build is measured again")

    monkeypatch.setattr(copies, "containment", measured_again)
    assert [[a.slug for a in f.members] for f in families.link(built.articles, cache)] == first
    # what is kept is what is used: a pair said unlike is not a copy
    for pair in kept["pairs"]:
        kept["pairs"][pair] = [0.0, 0.0]
    cache.write_text(json.dumps(kept), encoding="utf-8")
    assert families.link(built.articles, cache) == []


GOLDEN = Path(__file__).parent / "golden" / "dossier"


def seed(title: str, date: str, outlet: str, paragraphs: list[str]) -> str:
    """A Markdown seed with its front matter; an agency's own dispatch is told by its outlet (AFP)."""
    return (f"---\ntitle: {title}\ndate: {date}\nsource: {outlet}\nlanguage: fr\n"
            f"url: https://{outlet.lower().replace(' ', '-')}.example/{date}\n---\n" + text(*paragraphs) + "\n")


def test_a_site_counts_the_copies_of_a_wire_story_as_one_independent_account(tmp_path):
    root = tmp_path / "dossier"
    shutil.copytree(GOLDEN, root)
    for old in (root / "seeds").iterdir():
        old.unlink()
    seeds = {
        "afp.md": seed("Poutine et Kim signent un traité", "2024-06-19", "AFP", WIRE),
        "quotidien.md": seed("Moscou et Pyongyang scellent leur alliance", "2024-06-19", "Le Quotidien",
                             [NEW_LEDE, *WIRE[1:], ADDED]),
        "matin.md": seed("Le traité Poutine-Kim inquiète Séoul", "2024-06-20", "Le Matin", [*WIRE, ADDED, ADDED_TOO]),
        "gazette.md": seed("À Pyongyang, un accueil en grande pompe", "2024-06-19", "La Gazette", APART),
    }
    for name, content in seeds.items():
        (root / "seeds" / name).write_text(content, encoding="utf-8")
    result = run_build(root, "build", "--no-propose", "--output", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: seeds/" not in result.stderr
    site = tmp_path / "site"

    def page(address: str) -> BeautifulSoup:
        return BeautifulSoup((site / address / "index.html").read_text(encoding="utf-8"), "html.parser")

    event = page("evenements/visite-poutine-pyongyang-2024")
    assert event.select_one(".accounts-count").get_text(" ", strip=True).startswith("4 articles, 2 sources indépendantes")
    rows = {row.th.a.get_text(): " ".join(row.th.get_text(" ").split()) for row in event.select("table.comparison-table tbody tr:not(.outlet-row)")}
    assert rows["Moscou et Pyongyang scellent leur alliance"].endswith("· copie de AFP (comptée comme une seule source)")
    assert rows["Le traité Poutine-Kim inquiète Séoul"].endswith("· copie de AFP (comptée comme une seule source)")
    assert "copie de" not in rows["Poutine et Kim signent un traité"] + rows["À Pyongyang, un accueil en grande pompe"]
    (soldiers,) = [li for li in event.select(".difference-values > li") if "12 000" in li.select_one(".value").text]
    (one,) = soldiers.select(".sources > li")  # the three copies: one source, the dispatch
    assert one.select_one("a")["href"].endswith("/articles/poutine-et-kim-signent-un-traite/#p-2")
    shown = re.sub(r"\s+", " ", one.get_text(" ", strip=True))
    assert shown.endswith("AFP · reprise par 2 copies : Le Quotidien , Le Matin ( dans l’original )"), shown  # and the sentence in the original

    copy = page("articles/moscou-et-pyongyang-scellent-leur-alliance")
    box = copy.select_one("section.copies")
    assert box.h2.get_text(strip=True) == "Dépêche AFP reprise"
    assert box.select_one("a")["href"].endswith("/articles/poutine-et-kim-signent-un-traite/")
    changed = [re.sub(r"\s+", " ", li.get_text()) for li in box.select(".changed-list li")]
    assert [sentence.replace("\u00a0", " ") for sentence in changed] == [NEW_LEDE, ADDED]
    original = page("articles/poutine-et-kim-signent-un-traite").select_one("section.copies")
    assert [a.get_text() for a in original.select("a")] == ["Moscou et Pyongyang scellent leur alliance",
                                                            "Le traité Poutine-Kim inquiète Séoul"]
    assert page("articles/a-pyongyang-un-accueil-en-grande-pompe").select_one("section.copies") is None

    quotes = page("qui-a-dit-quoi")
    assert len(quotes.select("figure.quotation")) == 1
    assert "reprise par 2 copies" in quotes.select_one("figure.quotation figcaption").get_text(" ", strip=True)

    # The speaker's page shows the quotation once, with the copies that repeat it, and counts it once.
    statements = page("acteurs/kim-jong-un").select_one("section.statements")
    assert len(statements.select("figure.quotation")) == 1
    assert statements.select_one("p.meta").get_text(" ", strip=True).startswith("1 citation dans les articles")
    assert "reprise par 2 copies" in statements.select_one("figure.quotation figcaption").get_text(" ", strip=True)
    # The data keep every quotation, each copy's saying which article it repeats.
    with (site / "donnees" / "quotes.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert sorted((row["article"], row["repeats"]) for row in rows if "invincible" in row["quote"]) == [
        ("le-traite-poutine-kim-inquiete-seoul", "poutine-et-kim-signent-un-traite"),
        ("moscou-et-pyongyang-scellent-leur-alliance", "poutine-et-kim-signent-un-traite"),
        ("poutine-et-kim-signent-un-traite", ""),
    ]


def test_an_event_pages_key_changes_when_an_account_becomes_a_copy_of_an_article_the_event_does_not_list(tmp_path):
    """The event's page says of an account that it is a copy, and counts independent accounts by family:
    an article added that an account repeats (itself not citing the event) changes the page, and so its key
    (render.link.page_key), or a rebuild would keep the page as it was."""
    from dossier.render import link
    from dossier.render.pages import Site
    from dossier.sections import events

    i18n.use("fr")
    unlinked = text(*WIRE).replace("Vladimir Poutine", "[[vladimir-poutine|Vladimir Poutine]]")  # not the event
    before = [source("quotidien", linked(NEW_LEDE, *WIRE[1:], ADDED), date="2024-06-19", outlet="Le Quotidien"),
              source("gazette", linked(*APART), date="2024-06-19", outlet="La Gazette")]
    after = [*before, source("wire", unlinked, date="2024-06-18", outlet="AFP")]

    def event_page(sources, folder):
        built = build_dossier(make_registry(folder, ENTITIES, EVENTS), sources, "Titre", "")
        (page, *_) = [p for p in events.pages(Site(built, "")) if p.template == "event" and p.context["event"].id == "visite-pyongyang-2024"]
        return built, page

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, page = event_page(before, tmp_path / "a")
    second, again = event_page(after, tmp_path / "b")
    accounts = {account.article.slug: account for account in again.filled()["comparison"].accounts}
    assert set(accounts) == {"quotidien", "gazette"}  # the wire story cites the visit's participants, not the visit
    assert link.page_key("f", page.url, "event", page.filled()) != link.page_key("f", again.url, "event", again.context)
    assert accounts["quotidien"].article.repeat.of.slug == "wire" and accounts["gazette"].article.repeat is None
    assert [a.article.repeat for a in page.context["comparison"].accounts] == [None, None]
    # Nor are the page's inputs the same (link.event_inputs), though the article added does not cite the event:
    # the family of an article that does is one of them. Else a rebuild would keep the page without comparing.
    digests = link.source_digests(after)

    def inputs(built) -> str:
        event = next(event for event in built.events if event.id == "visite-pyongyang-2024")
        citing = [article for article in built.articles if any(other.id == event.id for other in article.events)]
        assert sorted(article.slug for article in citing) == ["gazette", "quotidien"]
        return link.event_inputs("salt", event, citing, digests, 50)

    without, with_family = inputs(first), inputs(second)
    assert without is not None and with_family is not None and without != with_family
