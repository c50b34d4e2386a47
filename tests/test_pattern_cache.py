"""The long regular expressions of a spaCy load, kept in the dossier's .cache/ (curate/pattern_cache): the
Pattern made from the stored code is the one the standard library compiles (same code: Pattern's `==`
compares it), and a file that is not one the cache wrote (cut, crafted, huge, a link, another Python's)
is not used, never fails a load, and is replaced."""

from __future__ import annotations

import itertools
import json
import os
import re
import re._compiler
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.curate import pattern_cache
from dossier.curate.pattern_cache import FILE, LONG, MAX_BYTES, kept_compiled

from .conftest import ROOT, copy_project, run_build

HYPHENS = "[-–—‐‑]"
LETTERS = "[a-zàâäçéèêëîïôöûùüÿœæ\\uFF41-\\uFF5A]"
SYLLABLES = ("ba", "cé", "di", "fo", "gu", "la", "mè", "no", "pi", "ré", "sa", "tu")
PREFIXES = ("anti", "arc", "ex", "mi", "non", "post", "pro", "sud", "nord", "grand", "porte", "saint", "trans")
# Shaped as spaCy's French TOKEN_MATCH (a word, a hyphen, letters), with named groups, and longer than LONG.
WORDS = [*PREFIXES, *("".join(parts) for parts in itertools.product(SYLLABLES, repeat=3))]
PATTERN = f"(?iu)^(?P<prefix>{'|'.join(WORDS)}){HYPHENS}(?P<rest>{LETTERS}+(?:{HYPHENS}{LETTERS}+)*)$"
TOKENS = (
    "anti-missile", "Porte-Parole", "pro‑russe", "ex—président", "arc-en-ciel", "badifo-rien", "SUD-CORÉEN",
    "Moscou", "", "anti-", "-missile", "nord-coréen!", "tutusa-ｐｙ", "mi-juin", "non prolifération",
)


def test_the_pattern_of_the_tests_is_long_and_matches_some_tokens():
    assert len(PATTERN) > LONG
    assert 0 < sum(bool(re.match(PATTERN, token)) for token in TOKENS) < len(TOKENS)


@pytest.fixture(autouse=True)
def fresh():
    """re's own cache emptied (else re.compile returns the pattern it holds), the counts cleared."""
    re.purge()
    pattern_cache.counts.clear()
    yield
    re.purge()


def standard(pattern: str = PATTERN, flags: int = 0) -> re.Pattern:
    """The pattern as the standard library compiles it."""
    re.purge()
    assert re._compiler.compile.__module__ == "re._compiler"  # not kept_compiled's
    return re.compile(pattern, flags)


def compiled(root: Path, pattern: str = PATTERN, flags: int = 0) -> re.Pattern:
    """The pattern as re.compile gives it within `kept_compiled(root)`."""
    re.purge()
    with kept_compiled(root) as patterns:
        assert patterns is not None
        result = re.compile(pattern, flags)
    re.purge()
    return result


def assert_same(made: re.Pattern, expected: re.Pattern) -> None:
    """Two Patterns of the same code (Pattern == compares it), attributes and matches."""
    assert made is not expected
    assert made == expected
    assert (made.pattern, made.flags, made.groups, dict(made.groupindex)) == (
        expected.pattern, expected.flags, expected.groups, dict(expected.groupindex))
    for token in TOKENS:
        found, wanted = made.match(token), expected.match(token)
        assert (found and (found.span(), found.groupdict())) == (wanted and (wanted.span(), wanted.groupdict()))


def test_a_long_pattern_is_made_again_from_its_stored_code(tmp_path):
    expected = standard()
    assert_same(compiled(tmp_path), expected)
    assert pattern_cache.counts == {"compiled": 1}
    stored = json.loads((tmp_path / FILE).read_text(encoding="utf-8"))
    assert list(stored["python"]) == ["version", "magic", "codesize"] and len(stored["patterns"]) == 1

    assert_same(compiled(tmp_path), expected)
    assert pattern_cache.counts == {"compiled": 1, "stored": 1}
    assert json.loads((tmp_path / FILE).read_text(encoding="utf-8")) == stored  # nothing new: not written again


def test_each_flag_and_pattern_has_its_entry(tmp_path):
    other = PATTERN.replace("(?iu)", "(?u)") + "|^x" * 10
    compiled(tmp_path)
    compiled(tmp_path, flags=re.MULTILINE)
    compiled(tmp_path, other)
    assert pattern_cache.counts == {"compiled": 3}
    assert len(json.loads((tmp_path / FILE).read_text(encoding="utf-8"))["patterns"]) == 3
    assert_same(compiled(tmp_path, flags=re.MULTILINE), standard(flags=re.MULTILINE))
    assert_same(compiled(tmp_path, other), standard(other))
    assert_same(compiled(tmp_path), standard())
    assert pattern_cache.counts == {"compiled": 3, "stored": 3}


def test_short_and_bytes_patterns_are_compiled_as_usual(tmp_path):
    with kept_compiled(tmp_path):
        assert re.compile("(?i)kim[- ]jong").match("Kim-Jong")
        assert re.compile(b"|".join(b"word%d" % number for number in range(2000))).match(b"word1999")
    assert pattern_cache.counts == {}
    assert not (tmp_path / ".cache").exists()


def test_an_invalid_long_pattern_fails_as_the_standard_library_says(tmp_path):
    invalid = "(" + PATTERN
    with pytest.raises(re.error) as expected:
        standard(invalid)
    with pytest.raises(re.error) as given, kept_compiled(tmp_path):
        re.compile(invalid)
    assert str(given.value) == str(expected.value)
    assert not (tmp_path / FILE).exists()


def test_the_compile_of_re_is_put_back_whatever_happens(tmp_path):
    original = re._compiler.compile
    with pytest.raises(OSError), kept_compiled(tmp_path):
        assert re._compiler.compile is not original
        re.compile(PATTERN)
        raise OSError("the model is missing")
    assert re._compiler.compile is original
    assert (tmp_path / FILE).is_file()  # what was compiled is kept all the same


@pytest.mark.parametrize("change", ["another version", "a name missing"])
def test_another_python_compiles_as_usual(tmp_path, monkeypatch, change):
    if change == "another version":
        monkeypatch.setattr(pattern_cache, "_KNOWN", ((3, 10),))
    else:
        monkeypatch.delattr(re._compiler._sre, "MAGIC")
    original = re._compiler.compile
    with kept_compiled(tmp_path) as patterns:
        assert patterns is None and re._compiler.compile is original
        assert re.compile(PATTERN).match("anti-missile")
    assert not (tmp_path / ".cache").exists()


def test_no_folder_given_compiles_as_usual():
    original = re._compiler.compile
    with kept_compiled(None) as patterns:
        assert patterns is None and re._compiler.compile is original


# --- files that are not one the cache wrote -------------------------------------------------------------------


def _entry(data: dict) -> dict:
    return next(iter(data["patterns"].values()))


def _recheck(data: dict) -> dict:
    """The checksum of the (one) entry made again: its values reach the checks of their own, and _sre's validator."""
    key, entry = next(iter(data["patterns"].items()))
    entry["check"] = pattern_cache._checksum(key, entry["flags"], entry["groups"], entry["groupindex"], entry["code"])
    return data


def _code(change):
    def crafted(data):
        change(_entry(data)["code"])
        return _recheck(data)
    return crafted


def _field(name, value, check=True):
    def crafted(data):
        _entry(data)[name] = value
        return _recheck(data) if check else data
    return crafted


CRAFTED = {
    # The code of the entry: an opcode no code has, a jump out of the code, cut, a word of each wrong type or range.
    "an unknown opcode": _code(lambda code: code.__setitem__(slice(0, 1), [999])),
    "a jump past the end": _code(lambda code: code.__setitem__(1, len(code) + 50)),
    "code cut short": _code(lambda code: code.__delitem__(slice(len(code) // 2, None))),
    "a word doubled": _code(lambda code: code.insert(7, code[7])),
    "a word that is a string": _code(lambda code: code.__setitem__(3, "17")),
    "a word that is a float": _code(lambda code: code.__setitem__(3, 17.0)),
    "a word that is a bool": _code(lambda code: code.__setitem__(3, True)),
    "a negative word": _code(lambda code: code.__setitem__(3, -1)),
    "a word past the code size": _code(lambda code: code.__setitem__(3, 2**32)),
    "a list in the code": _code(lambda code: code.__setitem__(3, [1, 2])),
    "an empty code": _field("code", []),
    "code that is a string": _field("code", "[14, 4]"),
    # The rest of the entry.
    "no flags": _field("flags", None),
    "flags lost": _field("flags", 0, check=False),
    "groups of another pattern": _field("groups", 1),
    "a group out of range": _field("groupindex", {"prefix": 1, "rest": 99}),
    "a group named twice": _field("groupindex", {"prefix": 1, "rest": 1}),
    "groups that are a list": _field("groupindex", [["prefix", 1]]),
    "a checksum that does not hold": _field("check", "0" * 64, check=False),
    "a word changed, its checksum not": lambda data: _entry(data)["code"].__setitem__(40, _entry(data)["code"][40] + 1) or data,
    "an entry that is a list": lambda data: {**data, "patterns": {key: [1, 2] for key in data["patterns"]}},
    "an entry under another key": lambda data: {**data, "patterns": {"0" * 64: _entry(data)} | {
        pattern_cache._key(PATTERN, 0): {**_entry(data), "flags": _entry(data)["flags"] + 1}}},
    # The file.
    "another Python's": lambda data: {**data, "python": {**data["python"], "version": "3.11.0"}},
    "another engine's": lambda data: {**data, "python": {**data["python"], "magic": 20171005}},
    "patterns that are a list": lambda data: {**data, "patterns": list(data["patterns"].items())},
    "a list": lambda data: [data],
    "not JSON": lambda data: json.dumps(data)[:-100],
    "nested too deep": lambda data: "[" * 100_000 + "]" * 100_000,
    "bytes of no text": lambda data: b"\xff\xfe\x00garbage",
    "a huge file": lambda data: json.dumps(data) + " " * MAX_BYTES,
    "empty": lambda data: "",
}


@pytest.mark.parametrize("name", CRAFTED)
def test_a_file_not_written_by_the_cache_is_not_used_and_is_replaced(tmp_path, name):
    expected = standard()
    compiled(tmp_path)
    path = tmp_path / FILE
    written = path.read_bytes()
    crafted = CRAFTED[name](json.loads(written))
    path.write_bytes(crafted if isinstance(crafted, bytes) else (crafted if isinstance(crafted, str) else json.dumps(crafted)).encode())
    pattern_cache.counts.clear()

    assert_same(compiled(tmp_path), expected)
    assert pattern_cache.counts["stored"] == 0 and pattern_cache.counts["compiled"] == 1
    assert json.loads(path.read_bytes())["patterns"][pattern_cache._key(PATTERN, 0)] == _entry(json.loads(written))
    assert_same(compiled(tmp_path), expected)  # the entry written again is used
    assert pattern_cache.counts["stored"] == 1


def test_an_entry_refused_by_the_engine_is_counted(tmp_path):
    compiled(tmp_path)
    path = tmp_path / FILE
    path.write_text(json.dumps(CRAFTED["an unknown opcode"](json.loads(path.read_bytes()))), encoding="utf-8")
    pattern_cache.counts.clear()
    with pytest.raises(RuntimeError, match="invalid SRE code"):  # what the checks leave to _sre: its validator
        data = json.loads(path.read_bytes())
        key, entry = next(iter(data["patterns"].items()))
        pattern_cache._rebuilt(re._compiler, key, PATTERN, 0, entry)
    assert_same(compiled(tmp_path), standard())
    assert pattern_cache.counts == {"refused": 1, "compiled": 1}


def test_a_link_out_of_the_dossier_is_neither_read_nor_written(tmp_path):
    outside, root = tmp_path / "outside", tmp_path / "dossier"
    compiled(outside)
    written = (outside / FILE).read_bytes()
    (root / ".cache").mkdir(parents=True)
    (root / FILE).symlink_to(outside / FILE)
    pattern_cache.counts.clear()
    assert_same(compiled(root), standard())
    assert pattern_cache.counts == {"compiled": 1}
    assert (outside / FILE).read_bytes() == written and (root / FILE).is_symlink()

    (root / FILE).unlink()
    (root / ".cache").rmdir()
    (root / ".cache").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    assert_same(compiled(root), standard())
    assert list((tmp_path / "elsewhere").iterdir()) == []


@pytest.mark.parametrize("kind", ["a folder", "a FIFO", ".cache a file"])
def test_what_is_not_a_file_fails_nothing(tmp_path, kind):
    if kind == "a folder":
        (tmp_path / FILE).mkdir(parents=True)
    elif kind == "a FIFO":
        (tmp_path / ".cache").mkdir()
        os.mkfifo(tmp_path / FILE)  # opened, it would wait for a writer: never opened
    else:
        (tmp_path / ".cache").write_text("a file", encoding="utf-8")
    assert_same(compiled(tmp_path), standard())
    assert pattern_cache.counts == {"compiled": 1}


def test_a_file_too_large_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setattr(pattern_cache, "MAX_BYTES", 1000)
    assert_same(compiled(tmp_path), standard())
    assert not (tmp_path / FILE).exists()


def test_entries_of_earlier_loads_are_dropped_past_the_size_limit(tmp_path, monkeypatch):
    other = PATTERN.replace("(?iu)", "(?u)")
    compiled(tmp_path)
    one = (tmp_path / FILE).stat().st_size
    monkeypatch.setattr(pattern_cache, "MAX_BYTES", one + one // 2)
    compiled(tmp_path, other)
    assert list(json.loads((tmp_path / FILE).read_bytes())["patterns"]) == [pattern_cache._key(other, 0)]


# --- spaCy's French model, loaded in a process of its own -----------------------------------------------------

FRENCH_WORDS = (
    "porte-parole", "prud'homme", "Saint-Pétersbourg", "Nord-Coréens", "vis-à-vis", "entr'ouvert", "non-prolifération",
    "ex-président", "arc-en-ciel", "mi-juin", "pro-russe", "aujourd'hui", "l'OTAN", "c'est-à-dire", "week-end",
    "peut-être", "Moscou", "quelqu'un", "A-T-IL", "dit-on",
)
FRENCH_TEXT = (
    "Aujourd'hui, le porte-parole du Kremlin a dit qu'un accord pro-russe avait été signé à Saint-Pétersbourg. "
    "L'ex-président sud-coréen, vis-à-vis de l'OTAN, s'est-il entr'ouvert à la non-prolifération ? "
    "Kim Jong-un et Vladimir Poutine se sont rencontrés mi-juin à Pyongyang, c'est-à-dire avant le week-end."
)
# Loads the model of DEFAULT_LANG as a build does (load_early), then says what came out of it.
LOAD = """
import hashlib, json, re, sys
from pathlib import Path
from dossier.curate import pattern_cache
from dossier.curate.recognition import load_early

nlp = load_early(Path(sys.argv[1]))["fr"]
matcher = nlp.tokenizer.token_match.__self__  # spacy.lang.fr's TOKEN_MATCH
words, text = json.loads(sys.stdin.read())
doc = nlp(text)
said = {
    "counts": dict(pattern_cache.counts),
    "pattern": [hashlib.sha256(matcher.pattern.encode()).hexdigest(), len(matcher.pattern), matcher.flags, dict(matcher.groupindex)],
    "matches": [bool(matcher.match(word)) for word in words],
    "tokens": [token.text for token in doc],
    "entities": [(entity.text, entity.label_) for entity in doc.ents],
}
if "--standard" in sys.argv:  # and the pattern as the standard library compiles it: the same code?
    re.purge()
    said["standard"] = re.compile(matcher.pattern) == matcher
print(json.dumps(said))
"""


def load_french(root: Path, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", LOAD, str(root), *args], input=json.dumps([FRENCH_WORDS, FRENCH_TEXT]),
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """A dossier in French, its model loaded once (no cache yet): (its folder, what the load gave, the file written)."""
    root = tmp_path_factory.mktemp("french")
    (root / "pelicanconf.py").write_text('DEFAULT_LANG = "fr"\n', encoding="utf-8")
    (root / "content").mkdir()
    cold = load_french(root)
    return root, cold, (root / FILE).read_bytes()


@pytest.mark.slow
def test_the_french_model_loads_its_token_match_from_the_cache(french, tmp_path):
    root, cold, written = french
    assert cold["counts"] == {"compiled": 3}  # TOKEN_MATCH, and spaCy's prefixes and suffixes
    assert cold["pattern"][1] > 1_000_000
    matches = dict(zip(FRENCH_WORDS, cold["matches"], strict=True))
    assert matches["porte-parole"] and matches["Saint-Pétersbourg"] and not matches["Moscou"] and not matches["l'OTAN"]
    assert 5 < sum(cold["matches"]) < len(FRENCH_WORDS) - 5
    assert "porte-parole" in cold["tokens"] and "Saint-Pétersbourg" in cold["tokens"]

    shutil.copytree(root, tmp_path / "warm")
    warm = load_french(tmp_path / "warm", "--standard")
    assert warm.pop("counts") == {"stored": 3} and warm.pop("standard") is True
    assert warm == {key: value for key, value in cold.items() if key != "counts"}
    assert (tmp_path / "warm" / FILE).read_bytes() == written


@pytest.mark.slow
@pytest.mark.parametrize("crafted", ["token match refused by the engine", "not JSON"])
def test_the_french_model_with_a_crafted_cache_is_the_same(french, tmp_path, crafted):
    root, cold, written = french
    shutil.copytree(root, tmp_path / "dossier")
    path = tmp_path / "dossier" / FILE
    if crafted == "not JSON":
        path.write_bytes(written[: len(written) // 2])
    else:
        data = json.loads(written)
        key = max(data["patterns"], key=lambda key: len(data["patterns"][key]["code"]))
        entry = data["patterns"][key]
        entry["code"][0] = 999
        entry["check"] = pattern_cache._checksum(key, entry["flags"], entry["groups"], entry["groupindex"], entry["code"])
        path.write_text(json.dumps(data), encoding="utf-8")
    given = load_french(tmp_path / "dossier")
    expected = {"compiled": 3} if crafted == "not JSON" else {"refused": 1, "compiled": 1, "stored": 2}
    assert given.pop("counts") == expected
    assert given == {key: value for key, value in cold.items() if key != "counts"}
    assert json.loads(path.read_bytes()) == json.loads(written)  # written again as a cold load writes it


# --- the build ------------------------------------------------------------------------------------------------


def new_dossier(root: Path) -> Path:
    """The five seeds, with an empty registry and nothing read for proposals yet: every name spaCy finds is proposed."""
    copy_project(root, with_articles=False)
    for folder in ("entities", "events"):
        shutil.rmtree(root / "content" / folder)
        (root / "content" / folder).mkdir()
    (root / "content" / ".candidates-read.yml").unlink()
    return root


@pytest.mark.site
def test_the_proposals_of_the_five_seeds_are_the_same_with_the_cache(tmp_path):
    cold = new_dossier(tmp_path / "cold")
    result = run_build(cold)
    assert result.returncode == 0, result.stderr
    candidates = (cold / "content" / "candidates.yml").read_bytes()
    assert candidates.count(b"\n- id: ") > 20 and b"name: Kim Jong Un" in candidates  # the model read the seeds
    cache = (cold / FILE).read_bytes()
    assert len(json.loads(cache)["patterns"]) == 3  # written by the build's load of the French model

    warm = new_dossier(tmp_path / "warm")
    (warm / ".cache").mkdir()
    (warm / FILE).write_bytes(cache)
    stamp = (warm / FILE).stat().st_mtime_ns
    result = run_build(warm)
    assert result.returncode == 0, result.stderr
    assert (warm / "content" / "candidates.yml").read_bytes() == candidates
    # Every long pattern made from the file: nothing was compiled, so nothing written to it.
    assert (warm / FILE).stat().st_mtime_ns == stamp and (warm / FILE).read_bytes() == cache


def test_the_builds_patterns_are_kept_apart_from_the_models(tmp_path, monkeypatch):
    """`build=True`: every pattern of BUILD_SHORTEST characters or more, in BUILD_FILE; written again with the entries the
    block used and those it compiled (not those of earlier blocks it did not use), and only when what it compiled took
    BUILD_SAVE_AFTER or more."""
    monkeypatch.setattr(pattern_cache, "BUILD_SAVE_AFTER", 0.0)
    first, second = "(?i)kim[- ]jong[- ]un|vladimir poutine", "(?i)sergue[iï] lavrov|choe son[- ]hui"
    assert pattern_cache.BUILD_SHORTEST <= len(first) < LONG and len(second) >= pattern_cache.BUILD_SHORTEST
    with kept_compiled(tmp_path, build=True):
        expected = re.compile(first)
        assert re.compile("kim").match("kim")  # shorter than BUILD_SHORTEST: compiled as usual, not kept
    assert pattern_cache.counts == {"compiled": 1} and not (tmp_path / FILE).exists()
    kept = json.loads((tmp_path / pattern_cache.BUILD_FILE).read_text(encoding="utf-8"))["patterns"]
    assert len(kept) == 1

    re.purge()
    with kept_compiled(tmp_path, build=True):
        assert re.compile(first) == expected
        re.compile(second)
    assert pattern_cache.counts == {"compiled": 2, "stored": 1}
    assert len(json.loads((tmp_path / pattern_cache.BUILD_FILE).read_text(encoding="utf-8"))["patterns"]) == 2

    re.purge()
    third = second + "|pak jong[- ]chon"
    with kept_compiled(tmp_path, build=True):
        re.compile(third)
    # Only what this block used or compiled: the entries of the first two patterns are dropped, the file does not grow.
    kept = json.loads((tmp_path / pattern_cache.BUILD_FILE).read_text(encoding="utf-8"))["patterns"]
    assert list(kept) == [pattern_cache._key(third, 0)]

    monkeypatch.setattr(pattern_cache, "BUILD_SAVE_AFTER", 60.0)
    stamp = (tmp_path / pattern_cache.BUILD_FILE).stat().st_mtime_ns
    re.purge()
    with kept_compiled(tmp_path, build=True):
        re.compile(first)  # compiled again, in less than a minute: the file is not written for it
    assert (tmp_path / pattern_cache.BUILD_FILE).stat().st_mtime_ns == stamp


COUNTED_BUILD = """
import json, sys
from dossier import cli
from dossier.curate import pattern_cache
status = cli.main(sys.argv[1:])
print(json.dumps(dict(pattern_cache.counts)))
sys.exit(status)
"""


def counted_build(root: Path) -> tuple[dict, subprocess.CompletedProcess]:
    """A build of `root` without proposals, and where its patterns came from (pattern_cache.counts)."""
    result = subprocess.run([sys.executable, "-c", COUNTED_BUILD, "build", "--root", str(root), "--no-propose", "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def site_files(output: Path) -> dict[str, bytes]:
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


@pytest.mark.site
def test_a_build_makes_its_patterns_from_the_last_ones_and_the_site_is_the_same(tmp_path):
    """The build's process keeps the patterns it compiles (BUILD_FILE); a build of another dossier given that file makes
    them from it, compiles none of those kept, writes nothing to it, and its site is the same, byte for byte."""
    cold = copy_project(tmp_path / "cold", with_articles=False)
    counts, _ = counted_build(cold)
    assert counts.get("compiled", 0) > 100 and not counts.get("stored")  # the tool's patterns, and the seeds' own
    cache = (cold / pattern_cache.BUILD_FILE).read_bytes()
    assert 100 < len(json.loads(cache)["patterns"]) <= counts["compiled"]  # a pattern compiled twice has one entry

    warm = copy_project(tmp_path / "warm", with_articles=False)
    (warm / ".cache").mkdir()
    (warm / pattern_cache.BUILD_FILE).write_bytes(cache)
    stamp = (warm / pattern_cache.BUILD_FILE).stat().st_mtime_ns
    counts, _ = counted_build(warm)
    # Compiled again: only patterns whose text changes from run to run (alternatives taken from a set, as in Babel's
    # plural rules); not enough of them to have the file written again.
    assert counts.get("stored", 0) > 100 and counts.get("compiled", 0) <= 3 and not counts.get("refused")
    assert (warm / pattern_cache.BUILD_FILE).stat().st_mtime_ns == stamp
    assert site_files(warm / "output") == site_files(cold / "output")
