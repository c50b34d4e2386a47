"""Registry: entities and events read from content/, validated as a whole."""

from __future__ import annotations

import pytest

from dossier.core.errors import RegistryError
from dossier.core.model import PartialDate
from dossier.curate.registry import load_registry

from .helpers import SAMPLE_ENTITIES, SAMPLE_EVENTS, make_registry, write_entry

ROOT_CONTENT = __import__("pathlib").Path(__file__).resolve().parent.parent / "content"


def test_reads_entities_and_events(tmp_path):
    registry = make_registry(tmp_path, SAMPLE_ENTITIES, SAMPLE_EVENTS)
    kim = registry.entities["kim-jong-un"]
    assert (kim.name, kim.type, kim.aliases) == ("Kim Jong-un", "person", ("Kim Jong Un", "Kim"))
    assert kim.description == "Une description."
    assert kim.path == "content/entities/kim-jong-un.md"
    summit = registry.events["sommet-hanoi-2019"]
    assert (summit.start, summit.end, summit.place) == (PartialDate(2019, 2, 27), PartialDate(2019, 2, 28), "hanoi")


def problems(tmp_path, entities, events=None) -> list[str]:
    with pytest.raises(RegistryError) as error:
        make_registry(tmp_path, entities, events)
    return error.value.problems


def test_every_problem_is_reported_with_file_and_field(tmp_path):
    found = problems(
        tmp_path,
        {
            "a": {"name": "A", "type": "persn"},
            "b": {"name": "B", "type": "person", "wikidata": "7747"},
            "c": {"name": "C", "type": "person", "alias": ["x"]},
        },
        {"e": {"name": "E", "start": "2024-13", "participants": ["nobody"]}},
    )
    assert "content/entities/a.md:3: field 'type': 'persn' is not one of person, organisation, country, place" in found
    assert any(p.startswith("content/entities/b.md:4: field 'wikidata'") for p in found)
    assert any(p.startswith("content/entities/c.md:4: field 'alias': unknown field") for p in found)
    assert any(p.startswith("content/events/e.md:3: field 'start': month 13") for p in found)


def test_alias_claimed_by_two_entities(tmp_path):
    found = problems(
        tmp_path,
        {
            "kim-jong-un": {"name": "Kim Jong-un", "type": "person", "aliases": ["Kim"]},
            "kim-yo-jong": {"name": "Kim Yo-jong", "type": "person", "aliases": ["kim"]},
        },
    )
    assert found == ["content/entities/kim-yo-jong.md:4: field 'aliases': 'kim' is already a name of content/entities/kim-jong-un.md ('Kim')"]


def test_event_references_must_exist(tmp_path):
    found = problems(
        tmp_path,
        {"kim": {"name": "Kim", "type": "person"}},
        {"e": {"name": "E", "start": "2024-06-19", "end": "2024-06-18", "place": "kim", "participants": ["kim", "ghost"]}},
    )
    assert sorted(found) == [
        "content/events/e.md:4: field 'end': 2024-06-18 is before the start 2024-06-19",
        "content/events/e.md:5: field 'place': 'kim' is not a place or a country",
        "content/events/e.md:6: field 'participants': unknown entity 'ghost'",
    ]


def test_invalid_yaml_names_file_and_line(tmp_path):
    folder = tmp_path / "content" / "entities"
    folder.mkdir(parents=True)
    (folder / "broken.md").write_text("---\nname: Kim\ntype: [person\n---\nTexte.\n", encoding="utf-8")
    (tmp_path / "content" / "events").mkdir()
    with pytest.raises(RegistryError) as error:
        load_registry(tmp_path / "content", tmp_path)
    assert error.value.problems[0].startswith("content/entities/broken.md:")
    assert "invalid front matter" in error.value.problems[0]


def test_empty_description_is_an_error(tmp_path):
    write_entry(tmp_path / "content" / "entities", "x", description="", name="X", type="place")
    (tmp_path / "content" / "events").mkdir()
    with pytest.raises(RegistryError, match="content/entities/x.md:5: the description"):
        load_registry(tmp_path / "content", tmp_path)


def test_the_dossier_registry_is_valid_and_complete():
    registry = load_registry(ROOT_CONTENT)
    assert len(registry.entities) >= 40
    for event_id in (
        "rencontre-vostochny-2023", "visite-poutine-pyongyang-2024", "entree-en-vigueur-traite-2024",
        "deploiement-troupes-koursk-2024", "invasion-ukraine-2022", "sommet-hanoi-2019", "sommet-vladivostok-2019",
    ):
        event = registry.events[event_id]
        assert event.place and event.participants and event.description
    visit = registry.events["visite-poutine-pyongyang-2024"]
    assert (visit.start, visit.end) == (PartialDate(2024, 6, 18), PartialDate(2024, 6, 19))
    assert {e.type for e in registry.entities.values()} == {"person", "organisation", "country", "place"}
