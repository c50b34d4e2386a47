"""Figures set side by side across sources: when two cannot both be true (`differ`), and what the
kind of a figure is called in the site's language (`unit_label`).

Event pages put what each article says about an event side by side; a figure comes from
`figures.figures`.
"""

from __future__ import annotations

from .figures import UNITS, Figure

_INFINITY = float("inf")


def _bounds(figure: Figure) -> tuple[float, float]:
    """The interval of values a figure allows: "up to N" is [0, N], "more than N" is [N, inf)."""
    assert figure.low is not None and figure.high is not None
    if figure.qualifier in ("up to", "less than"):
        return 0.0, figure.high
    if figure.qualifier in ("more than", "at least"):
        return figure.low, _INFINITY
    if figure.qualifier == "about":
        return 0.9 * figure.low, 1.1 * figure.high
    return figure.low, figure.high


def differ(a: Figure, b: Figure) -> bool:
    """Whether two figures of the same kind, both numbers, cannot both be true (their intervals do not meet)."""
    if a.kind != b.kind or a.low is None or b.low is None:
        return False
    low_a, high_a = _bounds(a)
    low_b, high_b = _bounds(b)
    tolerance = 1e-9 * max(low_a, low_b, 1.0)  # "about 10 000" reaches 9 000 despite 0.9 * 10 000 rounding up
    return low_a > high_b + tolerance or low_b > high_a + tolerance


def clashing(figures: list[Figure], sources: list[int]) -> list[bool]:
    """For each of `figures` (of one kind, numbers), whether it `differ`s from a figure of another source
    (`sources`: each figure's). Every pair at once with numpy, the same arithmetic as `differ` (the same
    bounds, tolerance, sums and comparisons of floats): an event's figures of a kind number in the
    hundreds at 1,000 articles, their pairs in the tens of thousands. Pair by pair when a bound is not a
    float or an integer a float holds exactly."""
    bounds = [_bounds(figure) for figure in figures]
    if not all(type(value) is float or (type(value) is int and abs(value) <= 2**53) for pair in bounds for value in pair):
        return [any(source != other_source and differ(figure, other)
                    for other, other_source in zip(figures, sources, strict=True))
                for figure, source in zip(figures, sources, strict=True)]
    import numpy as np

    low = np.array([pair[0] for pair in bounds], dtype=np.float64)
    high = np.array([pair[1] for pair in bounds], dtype=np.float64)
    owner = np.array(sources, dtype=np.int64)
    tolerance = 1e-9 * np.maximum(np.maximum(low[:, None], low[None, :]), 1.0)
    apart = (low[:, None] > high[None, :] + tolerance) | (low[None, :] > high[:, None] + tolerance)
    return (apart & (owner[:, None] != owner[None, :])).any(axis=1).tolist()


def unit_label(kind: str, language: str) -> str:
    """What a kind is called in a language, in the plural: ("soldiers", "fr") -> "soldats".

    English for a language not handled; the kind itself for a kind not in UNITS.
    """
    labels = UNITS.get(kind)
    if labels is None:
        return kind
    return labels.get(language[:2].lower(), labels["en"])
