"""content/seeds.yml (the curator's word on a seed's metadata) and content/proposals.yml (what the build suggests)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import frontmatter
import pytest
import yaml
from bs4 import BeautifulSoup

from dossier.core.model import PartialDate, Registry
from dossier.curate import provenance

from .conftest import run_build

UNDATED = ["000_1b84e7684d62385a.txt", "002_c509a4f1efc4622a.txt", "003_f667be46968b6bc2.txt"]
SEED_001, SEED_002, SEED_003 = "001_449effa3a6371411.txt", UNDATED[1], UNDATED[2]
MONTH_OR_YEAR = re.compile(r"^\d{4}(-\d{2})?$")


def load(tmp_path: Path, text: str) -> provenance.Overrides:
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / provenance.OVERRIDES).write_text(text, encoding="utf-8")
    return provenance.load_overrides(tmp_path)


@pytest.fixture
def project(built_dossier, tmp_path) -> Path:
    """A copy of the real dossier already built once (so no test pays for a build from scratch)."""
    return Path(shutil.copytree(built_dossier, tmp_path / "project", ignore=shutil.ignore_patterns("second", "again")))


def article_of(root: Path, seed_name: str) -> frontmatter.Post:
    for path in sorted((root / "content" / "articles").glob("*.md")):
        post = frontmatter.load(path)
        if post.get("seed") == f"seeds/{seed_name}":
            return post
    raise AssertionError(f"no article comes from seeds/{seed_name}")


def byline(root: Path, seed_name: str) -> str:
    page = root / "output" / "articles" / article_of(root, seed_name)["slug"] / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.find(class_="byline").get_text(" ", strip=True)


def seed_bytes(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "seeds").iterdir())}


# --- load_overrides -------------------------------------------------------------------------------------------


def test_a_valid_entry_gives_its_fields_and_where_the_date_was_read(tmp_path):
    overrides = load(
        tmp_path, '# mine\na.txt:\n  source: Le Monde\n  date: "2024-06"\n  authors: [Jean Dupont, Marie Curie]\n'
    )
    assert overrides.errors == []
    meta = overrides.fields["a.txt"]
    assert (meta["date"], meta["outlet"]) == (PartialDate(2024, 6), "Le Monde")
    assert meta["authors"] == ["Jean Dupont", "Marie Curie"]
    assert meta["date_source"] == "content/seeds.yml, line 4"  # the line of `date:`


def test_a_bad_date_is_reported_with_its_line_and_the_other_entries_still_load(tmp_path):
    overrides = load(tmp_path, 'a.txt:\n  source: Le Monde\nb.txt:\n  title: Un titre\n  date: "2024-13"\n')
    assert len(overrides.errors) == 1
    assert overrides.errors[0].startswith("content/seeds.yml:5:") and "'date'" in overrides.errors[0]
    assert list(overrides.fields) == ["a.txt"]


def test_an_entry_that_is_not_a_set_of_fields_is_reported_with_its_line(tmp_path):
    overrides = load(tmp_path, "a.txt:\n  source: Le Monde\nb.txt: Le Figaro\n")
    assert len(overrides.errors) == 1 and overrides.errors[0].startswith("content/seeds.yml:3:")
    assert list(overrides.fields) == ["a.txt"]


def test_a_yaml_syntax_error_is_reported_with_its_line(tmp_path):
    overrides = load(tmp_path, "a.txt:\n  source: Le Monde\n  title: un: deux\n")
    assert len(overrides.errors) == 1 and overrides.errors[0].startswith("content/seeds.yml:3:")
    assert overrides.fields == {}


def test_an_unknown_key_is_named_and_the_rest_of_the_entry_still_loads(tmp_path):
    overrides = load(tmp_path, "a.txt:\n  source: Le Monde\n  sourse: Le Figaro\n")
    assert [message for message in overrides.warnings if "'sourse'" in message]
    assert overrides.fields["a.txt"]["outlet"] == "Le Monde"


def test_agency_is_a_field_of_seeds_yml(tmp_path):
    overrides = load(tmp_path, "a.txt:\n  agency: AFP\n")
    assert overrides.errors == []
    assert overrides.fields["a.txt"]["agency"] == "AFP"


# --- propose --------------------------------------------------------------------------------------------------

FRENCH = "Le 4 décembre 2024, Moscou et Pyongyang ont ratifié le traité. En mars 2023, rien ne l'annonçait."


def test_an_undated_text_is_proposed_the_month_of_the_latest_date_it_names():
    proposals = provenance.propose(FRENCH, None, "Le Monde", [], Registry())
    assert list(proposals) == ["date"]
    assert proposals["date"]["value"] == "2024-12"
    assert "2024-12-04" in proposals["date"]["reason"]


@pytest.mark.parametrize("language, text, month", [
    ("en", "The treaty was signed on June 19, 2024, and ratified in November 2024. Yesterday the envoy left.", "2024-11"),
    ("de", "Der Vertrag wurde am 19. Juni 2024 unterzeichnet und im November 2024 ratifiziert. Gestern reiste er ab.", "2024-11"),
])
def test_an_undated_english_or_german_text_is_proposed_the_month_of_its_latest_date(language, text, month):
    proposals = provenance.propose(text, None, "The Daily Example", [], Registry(), language)
    assert proposals["date"]["value"] == month
    assert "November 2024" in proposals["date"]["reason"]


def test_a_known_date_is_not_proposed_again():
    assert provenance.propose(FRENCH, PartialDate(2024, 12, 5), "Le Monde", [], Registry()) == {}


def test_an_address_quoted_in_the_text_proposes_the_outlet():
    text = "Selon https://www.lemonde.fr/international/x.html, l'accord est signé."
    proposals = provenance.propose(text, PartialDate(2024), None, [], Registry())
    assert proposals["source"]["value"] == "Le Monde"
    assert proposals["url"]["value"] == "https://www.lemonde.fr/international/x.html"


@pytest.mark.parametrize("text", [FRENCH, "En mars 2023, rien.", "En 2022, rien.", "Le 1er mai 2024 à Moscou."])
def test_a_proposed_date_never_has_a_day(text):
    assert MONTH_OR_YEAR.match(provenance.propose(text, None, "X", [], Registry())["date"]["value"])


# --- the build, the `metadata` and `confirm` commands, on a copy of the real dossier --------------------------


def test_the_build_proposes_dates_for_the_three_undated_seeds(project):
    proposals = provenance.read_proposals(project)
    assert sorted(proposals) == UNDATED
    assert all(MONTH_OR_YEAR.match(fields["date"]["value"]) for fields in proposals.values())


def test_a_proposal_is_never_shown_to_readers(project):
    assert provenance.read_proposals(project)[SEED_002]["date"]["value"] == "2024-12"
    assert "date inconnue" in byline(project, SEED_002)
    assert "2024" not in byline(project, SEED_002)


def test_the_metadata_command_lists_the_proposals(project):
    result = run_build(project, "metadata")
    assert result.returncode == 0, result.stderr
    for seed_name in UNDATED:
        assert f"seeds/{seed_name}:" in result.stdout
    assert "date: 2024-12" in result.stdout


def test_confirm_writes_the_proposal_into_seeds_yml_and_keeps_the_curators_comments(project):
    curated = f"# Vérifié à la main.\n{SEED_001}:\n  source: Le Monde\n"
    (project / provenance.OVERRIDES).write_text(curated, encoding="utf-8")
    result = run_build(project, "confirm", SEED_002, "date")
    assert result.returncode == 0, result.stderr
    text = (project / provenance.OVERRIDES).read_text(encoding="utf-8")
    assert "# Vérifié à la main.\n" in text
    assert yaml.safe_load(text) == {SEED_001: {"source": "Le Monde"}, SEED_002: {"date": "2024-12"}}


def test_a_confirmed_date_is_published_at_the_next_build(project):
    assert run_build(project, "confirm", SEED_002, "date").returncode == 0
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    article = article_of(project, SEED_002)
    assert str(article["date"]) == "2024-12" and article["override_sha256"]
    assert "décembre 2024" in byline(project, SEED_002)
    assert sorted(provenance.read_proposals(project)) == [UNDATED[0], UNDATED[2]]


def test_confirm_and_build_leave_the_seeds_untouched(project):
    before = seed_bytes(project)
    assert run_build(project, "confirm", SEED_002).returncode == 0
    assert run_build(project).returncode == 0
    assert seed_bytes(project) == before


def test_an_outlet_set_by_hand_in_seeds_yml_is_shown_on_the_article_page(project):
    (project / provenance.OVERRIDES).write_text(f"{SEED_003}:\n  source: Le Monde diplomatique\n", "utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "Le Monde diplomatique" in byline(project, SEED_003)


def test_a_bad_entry_fails_the_build_naming_its_line_and_the_rest_is_built(project):
    (project / provenance.OVERRIDES).write_text(
        f"# Dates vérifiées.\n{SEED_003}:\n  source: Le Monde diplomatique\n  date: 31 février 2024\n", "utf-8"
    )
    result = run_build(project)
    assert result.returncode == 1
    assert "error: content/seeds.yml:4:" in result.stderr and "Traceback" not in result.stderr
    assert len(list((project / "output" / "articles").glob("*/index.html"))) == 5


def test_an_unknown_key_in_seeds_yml_is_a_warning_not_an_error(project):
    (project / provenance.OVERRIDES).write_text(f"{SEED_003}:\n  source: Le Monde diplomatique\n  sourse: x\n", "utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^warning: .*'sourse'", result.stderr, re.M)


def test_confirm_of_a_seed_without_proposals_fails_naming_the_seed(project):
    result = run_build(project, "confirm", SEED_001)
    assert result.returncode == 1
    assert SEED_001 in result.stderr and "Traceback" not in result.stderr
    assert not (project / provenance.OVERRIDES).exists()
