"""Long lists cut from their oldest end (views.paginate_from_oldest): what an article added on top changes."""

from __future__ import annotations

import random

import pytest

from dossier.render.views import paginate, paginate_from_oldest, paginate_stable


def groups(weights: list[int]) -> list[tuple[str, list[int]]]:
    """Groups of mentions, newest first: (name, its mentions)."""
    return [(f"article {len(weights) - i}", [0] * weight) for i, weight in enumerate(weights)]


def name(group: tuple) -> str:
    return group[0]


def weight(page: list) -> int:
    return sum(len(group[1]) for group in page)


@pytest.mark.parametrize("per_page", [1, 2, 3, 10, 250])
@pytest.mark.parametrize("seed", range(3))
def test_groups_added_on_top_change_the_first_page_only_until_the_pages_are_numbered_again(per_page, seed):
    rng = random.Random(seed)
    weights: list[int] = []
    previous = paginate_from_oldest(groups(weights), per_page, key=name)
    assert previous == [[]]
    renumbered = 0
    for _ in range(400):
        weights.insert(0, rng.choice([1, 1, 1, 2, 3, per_page + 2]))  # now and then a group over a page
        items = groups(weights)
        pages = paginate_from_oldest(items, per_page, key=name)
        assert [group for page in pages for group in page] == items  # all of them, in order, never a group cut
        assert all(page for page in pages)
        for page in pages[1:]:  # a later page is a page at most, or a single group over it
            assert weight(page) <= per_page or len(page) == 1
        if len(pages) == len(previous):
            assert pages[1:] == previous[1:]
        else:
            renumbered += 1
            assert len(pages) > len(previous)
        previous = pages
    total = sum(weights)
    # A new page at most once per half a page of mentions added (with big groups, once per group).
    assert renumbered <= 2 * total / per_page + weights.count(per_page + 2) + 1


@pytest.mark.parametrize("per_page", [10, 50, 250])
def test_every_page_holds_half_a_page_to_a_page_and_the_first_one_half_a_page_or_more(per_page):
    rng = random.Random(per_page)
    for count in (0, 1, per_page // 2, per_page, 3 * per_page, 20 * per_page):
        items = groups([rng.choice([1, 1, 2, 3]) for _ in range(count)])
        pages = paginate_from_oldest(items, per_page, key=name)
        assert [group for page in pages for group in page] == items
        if len(pages) > 1:
            assert weight(pages[0]) * 2 >= per_page  # the first page took the next when it held less
            assert all(per_page <= weight(page) * 2 and weight(page) <= per_page for page in pages[1:])


@pytest.mark.parametrize("per_page", [20, 50, 250])
def test_a_group_added_anywhere_changes_the_page_it_is_on_and_seldom_more(per_page):
    """Where a page ends is drawn by the groups themselves (views.paginate_stable): the pages of a long list
    before and after a group added anywhere in it differ by that group's page, most times; the list cut into
    pages of a fixed length changes every page after it."""
    rng = random.Random(per_page)
    items = [(f"article {number}", [0] * rng.choice([1, 1, 2, 3])) for number in range(20 * per_page)]
    changed, fixed = [], []
    for _ in range(200):
        at = rng.randrange(len(items) + 1)
        added = items[:at] + [(f"new {at}", [0] * rng.choice([1, 2, 3]))] + items[at:]
        before, after = paginate_stable(items, per_page, key=name), paginate_stable(added, per_page, key=name)
        assert [group for page in after for group in page] == added
        assert all(weight(page) <= per_page for page in after)
        changed.append(len([page for page in after if page not in before]))
        fixed.append(len([page for page in paginate(added, per_page) if page not in paginate(items, per_page)]))
    assert min(changed) == 1 and sum(changed) < sum(fixed)
    if per_page >= 50:  # the pages of the defaults (DOSSIER_PASSAGES_PER_PAGE, DOSSIER_MENTIONS_PER_PAGE…)
        assert changed.count(1) >= 0.7 * len(changed) and sum(changed) / len(changed) < 1.6
        assert sum(changed) < sum(fixed) / 4
