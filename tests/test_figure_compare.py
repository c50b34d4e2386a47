"""Figures side by side: when two cannot both be true (differ), on figures written by hand and found in
articles; what a kind of figure is called in each language (unit_label)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.analysis.figure_compare import clashing, differ, unit_label
from dossier.analysis.figures import UNITS, Figure, figures


def figure(kind: str, low: float | None, high: float | None = None, qualifier: str = "") -> Figure:
    """A figure as `figures` would give it, for `differ`."""
    return Figure(kind, low, low if high is None else high, qualifier, "", 0, 0)


# ---------------------------------------------------------------------------------------------
# Figures that disagree


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (figure("soldiers", 8000, qualifier="up to"), figure("soldiers", 12000), True),
        (figure("soldiers", 12000), figure("soldiers", 8000, qualifier="up to"), True),
        (figure("soldiers", 10000, qualifier="about"), figure("soldiers", 10500), False),
        (figure("soldiers", 10000, qualifier="about"), figure("soldiers", 11000), False),  # at the edge
        (figure("soldiers", 10000, qualifier="about"), figure("soldiers", 9000), False),  # at the edge
        (figure("soldiers", 10000, qualifier="about"), figure("soldiers", 12000), True),
        (figure("soldiers", 8000), figure("soldiers", 8000), False),
        (figure("soldiers", 8000), figure("soldiers", 8001), True),
        (figure("soldiers", 10000, 12000), figure("soldiers", 11000), False),
        (figure("soldiers", 10000, 12000), figure("soldiers", 13000), True),
        (figure("soldiers", 10000, qualifier="more than"), figure("soldiers", 8000), True),
        (figure("soldiers", 10000, qualifier="more than"), figure("soldiers", 50000), False),
        (figure("soldiers", 10000, qualifier="at least"), figure("soldiers", 10000), False),
        (figure("soldiers", 10000, qualifier="less than"), figure("soldiers", 12000), True),
        (figure("soldiers", 10000, qualifier="less than"), figure("soldiers", 5000), False),
        (figure("soldiers", 8000, qualifier="up to"), figure("soldiers", 10000, qualifier="more than"), True),
        (figure("soldiers", 8000, qualifier="up to"), figure("soldiers", 5000, qualifier="at least"), False),
        (figure("soldiers", None, qualifier="thousands"), figure("soldiers", 12000), False),
        (figure("soldiers", 12000), figure("soldiers", None, qualifier="thousands"), False),
        (figure("soldiers", None, qualifier="thousands"), figure("soldiers", None, qualifier="hundreds"), False),
        (figure("soldiers", 8000), figure("shells", 12000), False),
    ],
)
def test_differ(a: Figure, b: Figure, expected: bool) -> None:
    assert differ(a, b) is expected
    assert differ(b, a) is expected


def test_differ_on_figures_found_in_articles() -> None:
    (up_to,) = figures("jusqu'à 8 000 soldats nord-coréens", "fr")
    (twelve,) = figures("12,000 North Korean troops", "en")
    (about,) = figures("environ 10 000 soldats", "fr")
    (ten_and_a_half,) = figures("10.500 Soldaten", "de")
    (thousands,) = figures("des milliers de soldats", "fr")
    assert differ(up_to, twelve)
    assert not differ(about, ten_and_a_half)
    assert not differ(thousands, twelve)
    assert not differ(thousands, up_to)


# ---------------------------------------------------------------------------------------------
# What a kind is called


def test_every_kind_has_a_label_in_each_language() -> None:
    for kind, labels in UNITS.items():
        assert set(labels) == {"fr", "en", "de"}, kind


@pytest.mark.parametrize(
    "kind, language, label",
    [
        ("soldiers", "fr", "soldats"),
        ("soldiers", "en", "soldiers"),
        ("soldiers", "de", "Soldaten"),
        ("shells", "fr", "obus"),
        ("years", "fr", "ans"),
        ("years", "en", "years"),
        ("days", "fr", "jours"),
        ("dollars", "fr", "dollars"),
        ("workers", "fr", "travailleurs"),
        ("soldiers", "fr-FR", "soldats"),
        ("soldiers", "es", "soldiers"),  # a language not handled: English
        ("lightyears", "fr", "lightyears"),  # a kind not in UNITS: itself
    ],
)
def test_unit_label(kind: str, language: str, label: str) -> None:
    assert unit_label(kind, language) == label


_BOUND = st.one_of(st.integers(0, 10**6), st.integers(2**53 - 2, 2**53 + 2), st.floats(0, 1e15, allow_nan=False),
                   st.sampled_from([0.0, 1.0, 9000.0, 10000.0, 1e9]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_BOUND, st.sampled_from([0, 0, 1, 0.5, float("inf")]),
                          st.sampled_from(["", "about", "up to", "less than", "more than", "at least"]), st.integers(0, 4)),
                min_size=1, max_size=30))
def test_the_figures_that_clash_are_those_differ_finds_pair_by_pair(drawn):
    """`clashing` works out every pair at once (numpy): the same answer as `differ` pair by pair, a figure never
    clashing with one of its own source; ties at the tolerance, "about", open bounds and integers past 2**53 too."""
    figures = [Figure("soldiers", low, low + extra, qualifier, "x", 0, 1) for low, extra, qualifier, _ in drawn]
    sources = [source for *_, source in drawn]
    expected = [any(source != other_source and differ(figure, other) for other, other_source in zip(figures, sources, strict=True))
                for figure, source in zip(figures, sources, strict=True)]
    assert clashing(figures, sources) == expected
