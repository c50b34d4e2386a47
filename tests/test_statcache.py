"""The caches a rebuild reads instead of the files (core/statcache, render/source_cache): an unchanged
file is taken from them, a changed one never, whatever its size and times say; a broken cache is ignored."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from dossier.core import statcache
from dossier.render import source_cache
from dossier.render.source_cache import CACHE, SourceCache
from dossier.render.sources import read_source

ARTICLE = """\
---
title: Un sommet à Pyongyang
slug: un-sommet
date: '2024-06-19'
authors: [Claire Martin]
seed: seeds/a.txt
---

Vladimir Poutine et Kim Jong-un ont signé un traité.
"""

BROKEN = """\
---
title: Un article abîmé
date: 2024-02-31
slug: "../dehors"
---
Un texte.
"""


@pytest.fixture
def dossier(tmp_path) -> Path:
    folder = tmp_path / "content" / "articles"
    folder.mkdir(parents=True)
    (folder / "un-sommet.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "abime.md").write_text(BROKEN, encoding="utf-8")
    return tmp_path


@pytest.fixture
def later(monkeypatch):
    """Every read is taken as made 10 s after now: the files written by the test count as settled."""
    monkeypatch.setattr(statcache, "now", lambda: time.time_ns() + 10_000_000_000)


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The names of the article files read_source parses (those not taken from the cache)."""
    names = []

    def counting(path, root, data=None):
        names.append(path.name)
        return read_source(path, root, data)

    monkeypatch.setattr(source_cache, "read_source", counting)
    return names


def read_all(root: Path) -> dict[str, object]:
    """Each article file as the build reads it (through the cache), and the cache saved."""
    cache = SourceCache(root, root / "content" / "articles")
    reads = {path.name: cache.read(path) for path in cache.paths()}
    cache.save()
    return reads


def same(one, other) -> bool:
    """Whether two SourceReads hold the same: text, fields (their types too), lines, body, messages."""
    def shown(read):
        article = read.article
        fields = None if article is None else (repr(article.metadata), article.path, article.lines, article.body, article.body_line)
        return read.path, read.text, fields, read.warnings, read.errors, read.unreadable
    return shown(one) == shown(other)


def test_an_unchanged_article_is_taken_from_the_cache_as_read_source_reads_it(dossier, later, parsed):
    first = read_all(dossier)
    assert sorted(parsed) == ["abime.md", "un-sommet.md"]
    parsed.clear()
    second = read_all(dossier)
    assert parsed == []
    for name, read in second.items():
        assert same(read, read_source(dossier / "content" / "articles" / name, dossier))
        assert same(read, first[name])


def test_the_messages_of_a_broken_article_are_said_again_from_the_cache(dossier, later, parsed):
    path = dossier / "content" / "articles" / "abime.md"
    expected = read_source(path, dossier)
    assert expected.errors and expected.warnings  # a date of no day; a slug that leads out
    read_all(dossier)
    parsed.clear()
    again = read_all(dossier)["abime.md"]
    assert parsed == []
    assert again.errors == expected.errors and again.warnings == expected.warnings


def test_an_article_edited_in_place_to_the_same_size_and_mtime_is_read_again(dossier, later, parsed):
    path = dossier / "content" / "articles" / "un-sommet.md"
    read_all(dossier)
    before = path.stat()
    time.sleep(0.05)  # past the tick of the file system's clock
    edited = ARTICLE.replace("Pyongyang", "Vladivostok"[: len("Pyongyang")])
    assert len(edited) == len(ARTICLE) and edited != ARTICLE
    with open(path, "r+", encoding="utf-8") as stream:  # in place: the same inode
        stream.write(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    parsed.clear()
    read = read_all(dossier)["un-sommet.md"]
    assert parsed == ["un-sommet.md"]
    assert read.article.metadata["title"] == "Un sommet à Vladivost"


def test_an_article_replaced_by_one_of_the_same_size_and_times_is_read_again(dossier, later, parsed):
    path = dossier / "content" / "articles" / "un-sommet.md"
    read_all(dossier)
    before = path.stat()
    replacement = path.with_name("new.tmp")
    replacement.write_text(ARTICLE.replace("Claire", "Diane "), encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)  # as an editor saves: a new file, a new inode
    parsed.clear()
    read = read_all(dossier)["un-sommet.md"]
    assert parsed == ["un-sommet.md"]
    assert read.article.metadata["authors"] == ["Diane  Martin"]


def test_a_file_changed_just_before_it_was_read_is_checked_by_its_bytes(dossier, parsed):
    """Read at once after it was written (racy): the next build compares its bytes with the entry's hash,
    which catches a second change within the same tick of the clock, then knows it as settled."""
    read_all(dossier)
    entries = json.loads((dossier / CACHE).read_text(encoding="utf-8"))["entries"]
    entry = entries["content/articles/un-sommet.md"]
    assert not statcache.settled(entry["stat"], entry["checked"])
    parsed.clear()
    read_all(dossier)
    assert parsed == []  # same bytes: the entry is used
    path = dossier / "content" / "articles" / "un-sommet.md"
    key = statcache.file_key(path)
    entries["content/articles/un-sommet.md"]["sha256"] = "0" * 64  # as if the file had changed since, its stat as it was
    entries["content/articles/un-sommet.md"]["stat"] = key
    statcache.save(dossier / CACHE, source_cache._kind(), entries)
    read = read_all(dossier)["un-sommet.md"]
    assert parsed == ["un-sommet.md"] and read.article.metadata["title"] == "Un sommet à Pyongyang"


def test_a_racy_file_settled_by_the_end_of_the_build_is_confirmed_then(dossier, parsed, monkeypatch):
    """A build that wrote an article reads it at once (racy); by the time the build ends and saves the
    cache, the file has settled: its bytes are checked then, and the next build trusts its stat alone."""
    cache = SourceCache(dossier, dossier / "content" / "articles")
    reads = {path.name: cache.read(path) for path in cache.paths()}
    monkeypatch.setattr(statcache, "now", lambda: time.time_ns() + 10_000_000_000)  # the build ends 10 s later
    (dossier / "content" / "articles" / "abime.md").write_text(BROKEN.replace("abîmé", "changé"), encoding="utf-8")
    cache.save()
    entries = json.loads((dossier / CACHE).read_text(encoding="utf-8"))["entries"]
    entry = entries["content/articles/un-sommet.md"]
    assert statcache.settled(entry["stat"], entry["checked"])
    assert "content/articles/abime.md" not in entries  # changed during the build: read again by the next one
    parsed.clear()
    again = read_all(dossier)
    assert parsed == ["abime.md"]
    assert same(again["un-sommet.md"], reads["un-sommet.md"])


@pytest.mark.parametrize("cache", [
    b"\x00\xff not json at all",
    b'{"kind": "articles", "entries": []}',
    b"[" * 100_000,
    None,  # a crafted cache: every stat right, every value of the wrong type
    "slug",  # a crafted cache: every stat right, a slug that leads out of the site
])
def test_a_corrupt_or_crafted_cache_is_ignored(dossier, later, parsed, cache):
    read_all(dossier)
    if cache is None or cache == "slug":
        record = json.loads((dossier / CACHE).read_text(encoding="utf-8"))
        for entry in record["entries"].values():
            if cache == "slug":
                entry["article"]["fields"] = entry["article"]["fields"].replace('"slug": "', '"slug": "../../')
            else:
                entry.update(text=7, warnings="x", errors=[1], article={"fields": "[]", "lines": [], "body": [10**9, 5],
                                                                        "body_line": "1", "dated": True})
        cache = json.dumps(record).encode()
    (dossier / CACHE).write_bytes(cache)
    parsed.clear()
    reads = read_all(dossier)
    assert sorted(parsed) == ["abime.md", "un-sommet.md"]
    for name, read in reads.items():
        assert same(read, read_source(dossier / "content" / "articles" / name, dossier))


def test_a_cache_larger_than_its_bound_is_not_read(dossier, later, parsed):
    read_all(dossier)
    data = (dossier / CACHE).read_bytes()
    (dossier / CACHE).write_bytes(data[:-2] + b" " * (source_cache.BOUND_MORE + 10_000) + data[-2:])
    parsed.clear()
    read_all(dossier)
    assert sorted(parsed) == ["abime.md", "un-sommet.md"]


def test_fields_json_cannot_give_back_are_read_every_time(dossier, later, parsed):
    path = dossier / "content" / "articles" / "un-sommet.md"
    path.write_text(ARTICLE.replace("date: '2024-06-19'", "date: 2024-06-19\nwhen: 2024-06-19 10:30:00+09:00\nextra: {1: a}"),
                    encoding="utf-8")
    read_all(dossier)
    parsed.clear()
    read_all(dossier)
    assert parsed == ["un-sommet.md"]  # a number as a key: JSON would give it back as text
    path.write_text(ARTICLE.replace("date: '2024-06-19'", "date: 2024-06-19\nwhen: 2024-06-19 10:30:00+09:00"), encoding="utf-8")
    read_all(dossier)
    parsed.clear()
    read = read_all(dossier)["un-sommet.md"]
    assert parsed == []  # dates, and dates with a time, come back as they were
    assert read.article.metadata["date"] == dt.date(2024, 6, 19)
    assert same(read, read_source(path, dossier))


def test_a_link_in_content_articles_is_never_taken_from_the_cache(dossier, later, parsed, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(ARTICLE, encoding="utf-8")
    link = dossier / "content" / "articles" / "lien.md"
    link.symlink_to(outside)
    read_all(dossier)
    parsed.clear()
    read = read_all(dossier)["lien.md"]
    assert "lien.md" in parsed and read.article is None and read.unreadable


def test_the_digests_of_files_follow_their_changes(tmp_path, later):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed = seeds / "a.txt"
    seed.write_text("Un texte.\n", encoding="utf-8")
    digests = statcache.Digests(tmp_path)
    first = digests.sha256(seed, tmp_path)
    digests.save()
    assert statcache.Digests(tmp_path).sha256(seed, tmp_path) == first
    before = seed.stat()
    time.sleep(0.05)
    seed.write_text("Un autre.\n", encoding="utf-8")
    os.utime(seed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert statcache.Digests(tmp_path).sha256(seed, tmp_path) != first
    (tmp_path / statcache.DIGESTS).write_text('{"kind": "sha256 1", "entries": {"seeds/a.txt": {"stat": 1}}}', encoding="utf-8")
    assert statcache.Digests(tmp_path).sha256(seed, tmp_path) == hashlib.sha256(seed.read_bytes()).digest()
