"""The theme's templates kept compiled between builds (render/template_cache.py): used when intact, never
when their bytes or the settings they were compiled with differ, and never a reason for a build to fail."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from dossier.render import template_cache


def environment(root: Path, templates: Path, **settings) -> jinja2.Environment:
    cache = template_cache.bytecode_cache(root, settings)
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache, **settings)


@pytest.fixture
def site(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    return tmp_path, templates


def cached(root: Path) -> list[Path]:
    return sorted((root / template_cache.FOLDER).rglob("__jinja2_*"))


def compiles(env: jinja2.Environment, monkeypatch) -> list[str]:
    """The templates `env` compiles from their source while rendering page.html."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def test_a_template_compiled_once_is_taken_from_the_cache_by_the_next_build(site, monkeypatch):
    root, templates = site
    compiled = compiles(None, monkeypatch)
    assert environment(root, templates, autoescape=True).get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
    assert compiled == ["page.html"] and len(cached(root)) == 1
    assert environment(root, templates, autoescape=True).get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
    assert compiled == ["page.html"]  # the second environment read the code from the cache


def test_a_template_edited_is_compiled_again(site, monkeypatch):
    root, templates = site
    compiled = compiles(None, monkeypatch)
    environment(root, templates, autoescape=True).get_template("page.html")
    (templates / "page.html").write_text("<div>{{ text }}</div>", encoding="utf-8")
    assert environment(root, templates, autoescape=True).get_template("page.html").render(text="x") == "<div>x</div>"
    assert compiled == ["page.html", "page.html"]


def test_other_settings_never_read_the_code_compiled_with_others(site, monkeypatch):
    """Autoescape is compiled into a template: a cache made with it on must not serve one with it off."""
    root, templates = site
    environment(root, templates, autoescape=True).get_template("page.html")
    assert environment(root, templates, autoescape=False).get_template("page.html").render(text="<b>") == "<p><b></p>"
    assert environment(root, templates, autoescape=True).get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
    assert len({path.parent for path in cached(root)}) == 2


@pytest.mark.parametrize("damage", ["cut", "flipped", "empty", "garbage", "folder"])
def test_a_damaged_cache_file_is_not_used(site, monkeypatch, damage):
    root, templates = site
    environment(root, templates, autoescape=True).get_template("page.html")
    (path,) = cached(root)
    data = path.read_bytes()
    if damage == "cut":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        path.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    else:
        path.unlink()
        path.mkdir()
    compiled = compiles(None, monkeypatch)
    assert environment(root, templates, autoescape=True).get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
    assert compiled == ["page.html"]  # compiled from its source, not read from the damaged file


def test_a_cache_that_cannot_be_written_costs_only_the_compile(site):
    root, templates = site
    (root / ".cache").write_text("a file where the folder would be", encoding="utf-8")
    assert environment(root, templates, autoescape=True).get_template("page.html").render(text="x") == "<p>x</p>"
    assert not cached(root)
