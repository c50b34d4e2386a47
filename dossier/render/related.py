"""Related reading: the articles most related to each article (the entities and events they share, the
rarer the heavier), and the events before and after each event among those that share its participants or
its place. Plain data for the article's and the event's pages."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..core import statcache
from ..core.text import sort_key
from .views import ArticleView, Dossier, EntityView, EventView

SHOWN = 5  # related articles an article's page lists
REASONS = 3  # shared entities or events each one names ("Also about: …")

# The weight of an id named in `df` articles is log(1 + RARITY / df): 1.7 for an id two articles share, 0.01
# for one named in 900. Not the usual log(N / df): N changes with every article added, and with it every
# weight, which reorders related lists across the whole dossier (and every article page is rendered again).
# With a fixed RARITY an added article changes only the weights of the ids it names, so the lists of the
# articles that share nothing with it stay exactly as they were. And `df` is taken in steps of STEP (the
# nearest power of 1.5): an article added changes the weight of an id named 500 times only when it crosses a
# step, about once in 200 additions, not at each (every list holding that id would be reordered where two
# scores are close). Measured on the benchmark's 1,000 articles, all naming the same 44 ids: one article
# added changed no other list in 4 of 5 tries (33 in the fifth, each of them now listing the new article), against
# 100 to 167 lists with steps of 10 %.
RARITY = 10
STEP = 1.5

# An id named in more articles than FREQUENT does not bring candidates (its postings would make the work grow
# with the square of its count: Russia in 4,000 articles is 16 million pairs); it still counts in the score
# of a candidate another id brought. An article with fewer than SHOWN candidates from its rarer ids takes
# candidates from its frequent ids, the rarest first: the FALLBACK articles that name each most (then the
# oldest), until it has FALLBACK candidates. The work is then at most FREQUENT · (ids of the article)
# candidates per article, each scored over the ids it shares.
FREQUENT = 50
FALLBACK = 20


@dataclass(frozen=True)
class RelatedArticle:
    """An article related to another, and why: the heaviest entities and events they share (EntityView, EventView)."""

    article: ArticleView
    shared: tuple


@dataclass(frozen=True)
class NearEvent:
    """An event before or after another among those sharing its participants or place, and the actors they share."""

    event: EventView
    shared: tuple


def _order(article: ArticleView) -> tuple:
    """Oldest first, undated last, then by slug: how ties between equally related articles are broken. Not the
    newest first: an article added (most often the newest) would take the place of an older one of the same
    score in every list where it ties, and those pages would all be rendered again."""
    return (article.date is None, article.date.last_day().toordinal() if article.date else 0, article.slug)


def _named(dossier: Dossier) -> tuple[dict[int, Counter], dict[str, EntityView | EventView]]:
    """How many times each article names each entity and event (by id), in one pass over the mentions."""
    counts: dict[int, Counter] = defaultdict(Counter)
    views: dict[str, EntityView | EventView] = {}
    for view in [*dossier.entities, *dossier.events]:
        key = _view_key(view)
        views[key] = view
        for mention in view.mentions:
            counts[id(mention.article)][key] += 1
    return counts, views


def related_articles(dossier: Dossier, shown: int = SHOWN, root: Path | None = None) -> dict[str, list[RelatedArticle]]:
    """The `shown` articles most related to each article, by slug: the sum over the ids they share of the id's
    weight times the smaller of the two articles' damped counts of it (1 + ln count: an article naming Russia
    twenty times is not twenty times as much about it, and a long article does not win by its length alone);
    ties by `_order`. None shared, none listed. Cost: for each article, the postings of its ids named at most
    FREQUENT times (or FALLBACK candidates from its frequent ids), each candidate scored over the ids they share:
    about 0.1 s of CPU for the benchmark's 1,000 articles, which all name the same 44 ids (so that every article
    takes its candidates from frequent ids). `root`: a build's dossier, whose CACHE keeps each article's list with
    the key of all it is worked out from (`_key`) for the next build: a list whose key is the same is taken."""
    counts, views = _named(dossier)
    postings: dict[str, list[ArticleView]] = defaultdict(list)
    for article in dossier.articles:
        for key in counts.get(id(article), ()):
            postings[key].append(article)
    steps = {key: round(math.log(len(named), STEP)) for key, named in postings.items()}
    weight = {key: math.log(1 + RARITY / STEP**step) for key, step in steps.items()}
    tf = {id(article): {key: 1 + math.log(n) for key, n in counts.get(id(article), {}).items()} for article in dossier.articles}
    # Each id's weight times the article's damped count of it, once: as the weight is positive, the smaller of two
    # such products is exactly the weight times the smaller count (a product by a positive number keeps the order).
    weighted = {article: {key: weight[key] * value for key, value in mine.items()} for article, mine in tf.items()}
    order = {id(article): _order(article) for article in dossier.articles}
    names = {key: sort_key(view.name) for key, view in views.items()}  # each id's name as reasons are ordered
    top: dict[str, list[ArticleView]] = {}  # a frequent id's most naming articles, worked out when first needed
    kind = _kind(shown)
    kept, fresh = (statcache.load(root / CACHE, root, kind, CACHE_BOUND) if root else {}), {}
    if root:  # what the key of an article's list (`_key`) holds of each article and each id, written once
        named = {id(article): f"{order[id(article)]}{sorted(counts.get(id(article), {}).items())}" for article in dossier.articles}
        described = {key: repr((key, steps[key], names[key])) for key in steps}  # reprs: no raw "\1" in any
    related = {}
    for article in dossier.articles:
        mine = tf[id(article)]
        candidates = {id(other): other for key in mine if len(postings[key]) <= FREQUENT for other in postings[key]}
        candidates.pop(id(article), None)
        if len(candidates) < shown:
            for key in sorted((key for key in mine if len(postings[key]) > FREQUENT), key=lambda key: (steps[key], key)):
                if key not in top:
                    top[key] = sorted(postings[key], key=lambda other, key=key: (-tf[id(other)][key], order[id(other)]))[:FALLBACK + 1]
                candidates.update((id(other), other) for other in top[key] if other is not article)
                if len(candidates) >= FALLBACK:
                    break
        inputs = _key(article, mine, named, described, candidates.values()) if root else None
        listed = _taken(kept.get(article.slug), inputs, candidates, views)
        if listed is not None:
            fresh[article.slug] = kept[article.slug]
        else:
            ours = weighted[id(article)]
            scored = sorted((-_score(ours, weighted[key]), order[key], other) for key, other in candidates.items())
            listed = [RelatedArticle(other, _reasons(ours, weighted[id(other)], views, names)) for *_, other in scored[:shown]]
            if inputs is not None:
                fresh[article.slug] = [inputs, [[item.article.slug, [_view_key(view) for view in item.shared]] for item in listed]]
        related[article.slug] = listed
    if root and fresh != kept:
        with contextlib.suppress(OSError):  # a cache: the next build works them out again
            (root / CACHE).parent.mkdir(parents=True, exist_ok=True)
        statcache.save(root / CACHE, kind, fresh)
    return related


CACHE = Path(".cache") / "dossier-related.json"  # each article's list, kept between builds (related_articles)
CACHE_BOUND = 64 << 20  # some 200,000 articles' lists


def _kind(shown: int) -> str:
    """What the lists kept in CACHE are worked out with: this module's code and its constants (a cache of another
    is not read)."""
    return f"related {_code()} {shown} {RARITY} {STEP} {FREQUENT} {FALLBACK} {REASONS}"


@functools.cache
def _code() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _key(article: ArticleView, mine: dict, named: dict, described: dict, candidates) -> str:
    """The key of all an article's list is worked out from: the article's and each candidate's order (date, slug)
    and how many times each names each id (`named`), the weight's step and the name of each id the article
    names (`described`). The same key, the same list (of the same CACHE kind)."""
    parts = [named[id(article)], *(described[key] for key in sorted(mine)), "", *sorted(named[id(other)] for other in candidates)]
    return hashlib.sha256("\1".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _view_key(view) -> str:
    """An entity's or an event's id as the lists name it: an event and an entity may share an id."""
    return view.id if isinstance(view, EntityView) else f"event:{view.id}"


def _taken(entry, key: str | None, candidates: dict, views: dict) -> list[RelatedArticle] | None:
    """The list kept for an article (`entry`: its key, then [slug, [view keys]] of each item) when its key is
    `key`; None when it is not, or names an article or an id that is not there now."""
    if key is None or not isinstance(entry, list) or len(entry) != 2 or entry[0] != key:
        return None
    by_slug = {other.slug: other for other in candidates.values()}
    try:
        return [RelatedArticle(by_slug[slug], tuple(views[view] for view in shared)) for slug, shared in entry[1]]
    except (KeyError, TypeError, ValueError):
        return None


def _score(mine: dict[str, float], theirs: dict[str, float]) -> float:
    """How related two articles are: over the ids both name, the smaller of their weighted counts (weight × count)."""
    return math.fsum([min(value, theirs[key]) for key, value in mine.items() if key in theirs])


def _reasons(mine: dict[str, float], theirs: dict[str, float], views: dict, names: dict) -> tuple:
    """The REASONS ids that weigh most in two articles' score (their weighted counts), heaviest first (then by
    name: `names`, their sort keys)."""
    parts = sorted(((-min(value, theirs[key]), names[key], key) for key, value in mine.items() if key in theirs))
    return tuple(views[key] for *_, key in parts[:REASONS])


def near_events(dossier: Dossier) -> dict[str, tuple[NearEvent | None, NearEvent | None]]:
    """Each event's previous and next event (in the dossier's order of events, by date) among those that share
    a participant or the place with it, by event id; (None, None) for an event that shares none."""
    order = {id(event): index for index, event in enumerate(dossier.events)}
    actors = {id(event): _actors(event) for event in dossier.events}
    by_actor: dict[str, list[EventView]] = defaultdict(list)  # each actor's events, in order
    for event in dossier.events:
        for actor in actors[id(event)]:
            by_actor[actor.id].append(event)
    position = {(actor, id(event)): index for actor, events in by_actor.items() for index, event in enumerate(events)}
    near = {}
    for event in dossier.events:
        before, after = [], []
        for actor in actors[id(event)]:
            events, index = by_actor[actor.id], position[(actor.id, id(event))]
            before += events[index - 1 : index] if index else []
            after += events[index + 1 : index + 2]
        near[event.id] = (
            _near(event, max(before, key=lambda other: order[id(other)]), actors) if before else None,
            _near(event, min(after, key=lambda other: order[id(other)]), actors) if after else None,
        )
    return near


def _actors(event: EventView) -> list[EntityView]:
    """An event's participants and its place, once each, in that order."""
    return list({id(actor): actor for actor in [*event.participants, *([event.place] if event.place else [])]}.values())


def _near(event: EventView, other: EventView, actors: dict[int, list[EntityView]]) -> NearEvent:
    """`other`, with the actors of `event` it shares, in `event`'s order."""
    theirs = {id(actor) for actor in actors[id(other)]}
    return NearEvent(other, tuple(actor for actor in actors[id(event)] if id(actor) in theirs))
