"""Long lists cut from their oldest end (views.paginate_from_oldest): what an article added on top changes."""

from __future__ import annotations

import random

import pytest

from dossier.render.views import paginate_from_oldest


def groups(weights: list[int]) -> list[tuple[str, list[int]]]:
    """Groups of mentions, newest first: (name, its mentions)."""
    return [(f"article {len(weights) - i}", [0] * weight) for i, weight in enumerate(weights)]


def weight(page: list) -> int:
    return sum(len(group[1]) for group in page)


@pytest.mark.parametrize("per_page", [1, 2, 3, 10, 250])
@pytest.mark.parametrize("seed", range(3))
def test_groups_added_on_top_change_the_first_page_only_until_the_pages_are_numbered_again(per_page, seed):
    rng = random.Random(seed)
    weights: list[int] = []
    previous = paginate_from_oldest(groups(weights), per_page)
    assert previous == [[]]
    renumbered = 0
    for _ in range(400):
        weights.insert(0, rng.choice([1, 1, 1, 2, 3, per_page + 2]))  # now and then a group over a page
        items = groups(weights)
        pages = paginate_from_oldest(items, per_page)
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


def test_the_first_page_takes_the_next_when_it_would_hold_less_than_half_a_page():
    items = groups([1] * 21)  # 21 articles, ten a page: [newest] alone would be a short page
    pages = paginate_from_oldest(items, 10, weight=lambda group: 1)
    assert [len(page) for page in pages] == [11, 10]
    pages = paginate_from_oldest(groups([1] * 25), 10, weight=lambda group: 1)
    assert [len(page) for page in pages] == [5, 10, 10]
