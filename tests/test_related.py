"""Related reading: the articles most related to an article (rare shared ids weigh most, ties stable, an added
article leaves the lists of the articles that share nothing with it as they were), the events before and after
an event among those sharing its actors; and both on a built site."""

from __future__ import annotations

import random
from pathlib import Path

import frontmatter
from bs4 import BeautifulSoup

from dossier.core.model import PartialDate
from dossier.render import related
from dossier.render.link import build_dossier

from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, source

EVENTS = {
    **SAMPLE_EVENTS,
    "sommet-vladivostok-2019": {
        "name": "Sommet de Vladivostok", "start": "2019-04-25",
        "participants": ["vladimir-poutine", "kim-jong-un"], "triggers": ["sommet de Vladivostok"],
    },
    "sommet-otan-2023": {"name": "Sommet de l'OTAN", "start": "2023-07-11", "participants": ["otan"], "triggers": ["sommet de Vilnius"]},
    "mission-onu-2000": {"name": "Mission de l'ONU", "start": "2000-07-19", "place": "pyongyang", "participants": ["onu"],
                         "triggers": ["mission de l'ONU"]},
}


def link(entity_id: str) -> str:
    return f"[[{entity_id}|{SAMPLE_ENTITIES[entity_id]['name']}]]"


def dossier_of(tmp_path: Path, articles: dict[str, tuple[str, list[str]]]):
    """A dossier of articles {slug: (date, [ids it names, an id twice for two mentions])}."""
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, EVENTS)
    sources = [source(slug, "Texte : " + ", ".join(link(i) for i in ids) + ".", date=date, outlet="Le Journal")
               for slug, (date, ids) in articles.items()]
    dossier = build_dossier(registry, sources, "Titre", "Description", link_first_mention=False)
    assert not dossier.errors, dossier.errors
    return dossier


def lists(dossier) -> dict[str, list[tuple[str, list[str]]]]:
    """Each article's related articles: (slug, [ids shared, heaviest first])."""
    return {slug: [(item.article.slug, [view.id for view in item.shared]) for item in items]
            for slug, items in related.related_articles(dossier).items()}


def test_a_rare_shared_id_weighs_more_than_a_common_one(tmp_path):
    dossier = dossier_of(tmp_path, {
        "a1": ("2024-07-01", ["hanoi", "russie"]),
        "a2": ("2024-01-01", ["hanoi"]),  # shares Hanoï, named by two articles
        "a3": ("2024-08-01", ["russie"]),  # shares Russia, named by four
        "a4": ("2024-09-01", ["russie"]),
        "a5": ("2024-09-01", ["russie", "ukraine"]),
    })
    found = lists(dossier)
    # the rare one first though newer; then the common one's, oldest first, then by slug
    assert found["a1"] == [("a2", ["hanoi"]), ("a3", ["russie"]), ("a4", ["russie"]), ("a5", ["russie"])]
    assert found["a2"] == [("a1", ["hanoi"])]
    assert found["a5"] == [("a1", ["russie"]), ("a3", ["russie"]), ("a4", ["russie"])]


def test_the_heaviest_shared_ids_are_the_reasons_and_five_at_most_are_listed(tmp_path):
    many = {f"b{n}": ("2023-01-01", ["russie", "ukraine"]) for n in range(1, 8)}
    dossier = dossier_of(tmp_path, {
        "a1": ("2024-07-01", ["russie", "ukraine", "hanoi", "pyongyang", "otan"]),
        "a2": ("2024-06-01", ["russie", "ukraine", "hanoi", "pyongyang", "otan"]),
        **many,
    })
    found = lists(dossier)
    # a2 shares all five: the three rarest are its reasons, in order of weight, then of name
    assert found["a1"][0] == ("a2", ["hanoi", "otan", "pyongyang"])
    assert len(found["a1"]) == related.SHOWN
    assert [slug for slug, _ in found["a1"][1:]] == ["b1", "b2", "b3", "b4"]  # equal scores and dates: by slug
    assert found["a1"][1][1] == ["russie", "ukraine"]


def test_an_article_that_shares_nothing_has_no_related_reading(tmp_path):
    dossier = dossier_of(tmp_path, {
        "a1": ("2024-07-01", ["russie"]),
        "a2": ("2024-07-01", ["russie"]),
        "alone": ("2024-07-01", ["ukraine"]),
        "empty": ("2024-07-01", []),
    })
    found = lists(dossier)
    assert found["alone"] == [] and found["empty"] == []
    assert found["a1"] == [("a2", ["russie"])]


def test_events_count_and_an_event_and_an_entity_of_the_same_id_stay_apart(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, EVENTS)
    sources = [
        source("a1", "Le [[visite-pyongyang-2024|partenariat stratégique global]] et [[russie|la Russie]].", date="2024-07-01"),
        source("a2", "Le [[visite-pyongyang-2024|partenariat stratégique global]].", date="2024-07-02"),
        source("a3", "[[russie|La Russie]].", date="2024-07-03"),
        source("a4", "[[russie|La Russie]].", date="2024-07-04"),
    ]
    found = lists(build_dossier(registry, sources, "Titre", "Description"))
    assert found["a1"] == [("a2", ["visite-pyongyang-2024"]), ("a3", ["russie"]), ("a4", ["russie"])]


def random_dossier(tmp_path: Path, count: int, rng: random.Random, offset: int = 0) -> dict:
    ids = sorted(SAMPLE_ENTITIES)
    return {f"r{offset + n:03d}": (f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                   rng.sample(ids, rng.randint(0, 3))) for n in range(count)}


def test_added_articles_leave_the_lists_of_the_articles_sharing_nothing_with_them_as_they_were(tmp_path):
    rng = random.Random(24)
    articles = random_dossier(tmp_path, 60, rng)
    before = lists(dossier_of(tmp_path / "before", articles))
    for number, names in enumerate([["hanoi"], ["russie", "otan"], ["kim-jong-un", "pyongyang", "ukraine"]]):
        added = {**articles, f"new{number}": ("2023-01-01", names)}  # the oldest: first of those it ties with
        # and thirty more that name one of them: the dossier's size changes much, the untouched lists do not
        added.update({f"more{n:02d}": ("2024-12-31", [names[n % len(names)]]) for n in range(30)})
        after = lists(dossier_of(tmp_path / f"after{number}", added))
        untouched = [slug for slug, (_, ids) in articles.items() if not set(ids) & set(names)]
        assert len(untouched) > 20
        assert {slug: after[slug] for slug in untouched} == {slug: before[slug] for slug in untouched}
        # the weights of the ids it names did change: some article naming them lists it now
        assert any(slug == f"new{number}" for items in after.values() for slug, _ in items)


def test_lists_kept_between_builds_are_those_worked_out_anew_and_only_changed_ones_are_scored(tmp_path, monkeypatch):
    """With a cache (a build's .cache/dossier-related.json), each article's list is kept with the key of all it is
    worked out from: the lists are always those worked out without it; the same dossier again scores no pair, an
    article added or changed has only the lists whose inputs changed scored again."""
    scored = []
    score = related._score
    monkeypatch.setattr(related, "_score", lambda mine, theirs: scored.append(1) or score(mine, theirs))
    cache = tmp_path / related.CACHE

    def both(dossier) -> dict:
        plain = {slug: [(item.article.slug, [view.id for view in item.shared]) for item in items]
                 for slug, items in related.related_articles(dossier).items()}
        scored.clear()
        kept = {slug: [(item.article.slug, [view.id for view in item.shared]) for item in items]
                for slug, items in related.related_articles(dossier, root=tmp_path).items()}
        assert kept == plain
        return plain

    rng = random.Random(7)
    articles = random_dossier(tmp_path, 80, rng)
    first = both(dossier_of(tmp_path / "first", articles))
    assert scored and cache.is_file()  # nothing kept yet: every list worked out
    both(dossier_of(tmp_path / "again", articles))
    assert not scored  # the same inputs: every list kept
    added = {**articles, "new": ("2024-06-15", ["hanoi", "russie"])}
    after = both(dossier_of(tmp_path / "added", added))
    assert 0 < len(scored) < sum(len(items) for items in first.values())  # some lists only
    assert any(slug == "new" for items in after.values() for slug, _ in items)
    changed = {**added, "r005": (added["r005"][0], ["otan", "onu"])}
    both(dossier_of(tmp_path / "changed", changed))
    assert scored
    monkeypatch.setattr(related, "FALLBACK", 3)  # another way of working them out: none kept
    both(dossier_of(tmp_path / "fallback", changed))


def test_frequent_ids_bring_no_candidates_but_still_count(tmp_path, monkeypatch):
    articles = {
        "old": ("2020-01-01", ["russie"]),
        "a1": ("2024-07-01", ["russie", "hanoi"]),
        "a2": ("2024-07-02", ["russie", "hanoi"]),  # brought by Hanoï; Russia adds to its score
        "a3": ("2024-07-03", ["hanoi"]),
        "a4": ("2024-07-04", ["russie"]),
        **{f"b{n}": (f"2024-08-0{n}", ["russie", "russie"]) for n in range(1, 5)},  # name Russia most
    }

    def found(slug):
        return [(item.article.slug, [v.id for v in item.shared]) for item in related.related_articles(dossier, shown=2)[slug]]

    dossier = dossier_of(tmp_path, articles)
    assert found("a4") == [("old", ["russie"]), ("a1", ["russie"])]  # the oldest of equal scores
    monkeypatch.setattr(related, "FREQUENT", 3)  # Russia, named by eight, is frequent now
    monkeypatch.setattr(related, "FALLBACK", 3)
    assert found("a1") == [("a2", ["hanoi", "russie"]), ("a3", ["hanoi"])]
    # a4 has no rarer id: its candidates are the articles that name Russia most, the older ones left out
    assert found("a4") == [("b1", ["russie"]), ("b2", ["russie"])]


def test_the_event_before_and_after_among_those_sharing_its_actors(tmp_path):
    dossier = dossier_of(tmp_path, {"a1": ("2024-07-01", ["russie"])})
    near = related.near_events(dossier)

    def shown(pair):
        return [(item.event.id, [actor.id for actor in item.shared]) if item else None for item in pair]

    assert shown(near["sommet-hanoi-2019"]) == [None, ("sommet-vladivostok-2019", ["kim-jong-un"])]
    assert shown(near["sommet-vladivostok-2019"]) == [
        ("sommet-hanoi-2019", ["kim-jong-un"]), ("visite-pyongyang-2024", ["vladimir-poutine", "kim-jong-un"])]
    # the 2023 NATO summit falls between them in time but shares no one: skipped
    assert shown(near["visite-pyongyang-2024"]) == [("sommet-vladivostok-2019", ["vladimir-poutine", "kim-jong-un"]), None]
    assert shown(near["sommet-otan-2023"]) == [None, None]
    assert shown(near["mission-onu-2000"]) == [None, ("visite-pyongyang-2024", ["pyongyang"])]  # the place alone


# The site: the real dossier's five articles and its registry.


def page(output: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_article_page_lists_related_articles_with_what_they_share(built_dossier):
    output = built_dossier / "output"
    slugs = sorted(path.parent.name for path in (output / "articles").glob("*/index.html"))
    assert len(slugs) == 5
    for slug in slugs:
        soup = page(output, f"articles/{slug}")
        section = soup.find("section", class_="related")
        assert section.h2.get_text() == "À lire aussi"
        items = section.select("li.related-item")
        assert 1 <= len(items) <= 4  # every other article of this dossier shares something with it
        cited = {a["href"] for a in soup.select("aside.side a")}  # the page's own actors and events
        for item in items:
            title = item.select_one("a.related-title")
            other = title["href"].strip("/").split("/")[-1]
            assert other in slugs and other != slug
            why = item.select_one(".related-why")
            assert why.get_text().startswith("Parle aussi de\u00a0:")
            reasons = [a["href"] for a in why.find_all("a")]
            assert 1 <= len(reasons) <= 3
            other_cited = {a["href"] for a in page(output, f"articles/{other}").select("aside.side a")}
            for href in reasons:  # named by both articles, and a page of the site
                assert href in cited and href in other_cited
                assert (output / href.strip("/") / "index.html").is_file()


def test_the_event_page_says_what_came_before_and_after(built_dossier):
    output = built_dossier / "output"
    events = {}
    for path in sorted((built_dossier / "content" / "events").glob("*.md")):
        meta = frontmatter.load(path).metadata
        actors = [*meta.get("participants", []), *([meta["place"]] if meta.get("place") else [])]
        start = PartialDate.parse(str(meta["start"]))
        end = PartialDate.parse(str(meta["end"])) if meta.get("end") else start
        events[path.stem] = (start.first_day(), end.last_day(), set(actors))
    order = sorted(events, key=lambda e: (events[e][0], events[e][1], e))
    seen = 0
    for event_id in order:
        soup = page(output, f"evenements/{event_id}")
        index = order.index(event_id)
        sharing = [other for other in order if other != event_id and events[other][2] & events[event_id][2]]
        before = [o for o in sharing if order.index(o) < index][-1:]
        after = [o for o in sharing if order.index(o) > index][:1]
        nav = soup.find("nav", class_="near-events")
        if not before and not after:
            assert nav is None
            continue
        seen += 1
        assert nav.h2.get_text() == "Avant et après"
        for side, expected in (("before", before), ("after", after)):
            item = nav.select_one(f"li.near-{side}")
            if not expected:
                assert item is None
                continue
            assert item.select_one("a")["href"] == f"/evenements/{expected[0]}/"
            assert item.select_one("time")  # its date
            shared = {a["href"].strip("/").split("/")[-1] for a in item.select(".related-why a")}
            assert shared == events[event_id][2] & events[expected[0]][2]
    assert seen >= 3



def test_the_dossier_s_size_does_not_reorder_a_list(tmp_path):
    # X shares Hanoï (named by two) with Y, NATO and the UN (named by seven) with Z and five more. With the
    # usual idf, log(N / df), thirty articles added about Ukraine would put Z above Y: two ids gain more than one.
    articles = {
        "x": ("2024-07-01", ["hanoi", "otan", "onu"]),
        "y": ("2024-07-02", ["hanoi"]),
        "z": ("2024-07-03", ["otan", "onu"]),
        **{f"f{n}": ("2024-07-04", ["otan", "onu"]) for n in range(5)},
    }
    before = lists(dossier_of(tmp_path / "before", articles))["x"]
    assert before[0] == ("y", ["hanoi"])
    more = {**articles, **{f"u{n:02d}": ("2024-08-01", ["ukraine"]) for n in range(30)}}
    assert lists(dossier_of(tmp_path / "after", more))["x"] == before
