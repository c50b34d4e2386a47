"""The house shows the pipeline: each stage's modules live in its subpackage, and no stage imports a later one.

core < seeds, analysis < curate < render < sections < publish < the entry points (cli, pipeline, the
Pelican plugin, init, add). A module may import its own stage and the stages below it, at the top of
the file or inside a function alike; an import of a later stage is a cycle waiting to happen and a
sign that a job is in the wrong room.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dossier"
RANKS = {"core": 0, "seeds": 1, "analysis": 1, "curate": 2, "render": 3, "sections": 4, "publish": 5}
TOP = 6  # the modules directly in dossier/: the entry points that run the stages


def stage_of(module: str) -> int:
    """The rank of a dotted module name inside the package ("dossier.render.site" -> 3)."""
    parts = module.split(".")
    if module == "dossier.__version__":
        return 0  # the package's version, a constant every stage may name
    if len(parts) > 2 and parts[1] in RANKS:
        return RANKS[parts[1]]
    if len(parts) == 2 and parts[1] in RANKS:  # `from dossier import render` style: the subpackage itself
        return RANKS[parts[1]]
    return TOP


def dotted(path: Path) -> str:
    """"dossier.render.link" for dossier/render/link.py; "dossier.render" for its __init__.py."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("dossier", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module of the package that `path` imports, with the line: absolute and relative, at any depth."""
    here = dotted(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]  # what `from .` means in this file
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if not module.startswith("dossier"):
                continue
            names = [f"{module}.{alias.name}" for alias in node.names]
            # `from .core import model` imports a module; `from .core.model import Article`, a name of one.
            for name in names:
                is_module = (PACKAGE.parent / (name.replace(".", "/") + ".py")).exists()
                target = name if is_module or not node.module else module  # `from .. import __version__`: that name
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("dossier")]
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "theme" not in p.parts and "skeleton" not in p.parts)


def test_every_module_is_in_a_stage_or_is_an_entry_point():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "__main__", "add", "cli", "init", "pelican_plugin", "pipeline"]
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(RANKS)


def test_no_stage_imports_a_later_one():
    upward = []
    for path in modules():
        rank = stage_of(dotted(path))
        for line, target in imports_of(path):
            if stage_of(target) > rank:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {target}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The test above could pass by reading nothing: it must see an upward import where there is one."""
    fake = tmp_path / "dossier"
    (fake / "core").mkdir(parents=True)
    (fake / "render").mkdir()
    for folder in (fake, fake / "core", fake / "render"):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    (fake / "render" / "site.py").write_text("", encoding="utf-8")
    (fake / "core" / "model.py").write_text("def f():\n    from ..render import site\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)
    path = fake / "core" / "model.py"
    assert imports_of(path) == [(2, "dossier.render.site")]
    assert stage_of("dossier.render.site") > stage_of(dotted(path))


def test_every_import_of_the_package_resolves_even_inside_a_function():
    """A module moved to another stage keeps working: every relative import, those a function makes
    only when it runs included, names a module or a name that exists."""
    import importlib

    missing = []
    for path in modules():
        if path.name == "__main__.py":
            continue
        for line, target in imports_of(path):
            module, _, name = target.rpartition(".")
            try:
                importlib.import_module(target)
            except ModuleNotFoundError:
                try:
                    if not hasattr(importlib.import_module(module), name):
                        missing.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {target}")
                except ModuleNotFoundError:
                    missing.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {target}")
    assert missing == []
