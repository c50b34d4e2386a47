"""The build, top to bottom: registry, ingest, annotate, render, swap into place."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .annotate import Matcher, write_article
from .errors import DossierError, IngestError, RenderError
from .ingest import read_seed
from .registry import load_registry

SEED_SUFFIXES = (".txt",)


@dataclass
class Report:
    """What a build did, for the summary the CLI prints."""

    articles: int = 0
    entities: int = 0
    events: int = 0
    written: dict[str, list[str]] = field(default_factory=dict)  # status -> article files
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    output: Path | None = None


class _Collect(logging.Handler):
    """Keeps the warnings and errors Pelican and the plugin log during a render."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def build(root: Path, output: Path, site_url: str | None = None, force: tuple[str, ...] = ()) -> Report:
    """Build the dossier at `root` into `output`; problems with single seeds are reported, not raised."""
    report = Report(output=output)
    content = root / "content"

    # 1. Registry: the curated entities and events, validated as a whole (fatal if wrong).
    registry = load_registry(content, root)
    matcher = Matcher(registry)

    # 2. Ingest every seed; a bad seed is reported and the others go on.
    articles = []
    for path in sorted((root / "seeds").iterdir()) if (root / "seeds").is_dir() else []:
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in SEED_SUFFIXES:
            report.warnings.append(f"{path.relative_to(root).as_posix()}: not a seed format ({', '.join(SEED_SUFFIXES)}), ignored")
            continue
        try:
            article = read_seed(path, root)
        except IngestError as error:
            report.errors.append(str(error))
            continue
        report.warnings.extend(article.warnings)
        articles.append(article)
    _disambiguate_slugs(articles)

    # 3. Annotate: write content/articles/<slug>.md, keeping the curator's hand edits.
    for article in articles:
        status = write_article(article, matcher, content / "articles", force=article.slug in force)
        report.written.setdefault(status, []).append(f"content/articles/{article.slug}.md")

    # 4. Render with Pelican into a staging folder, then swap it into place.
    report.articles = len(list((content / "articles").glob("*.md")))
    report.entities, report.events = len(registry.entities), len(registry.events)
    report.warnings.extend(render(root, output, site_url))
    return report


def _disambiguate_slugs(articles) -> None:
    """Two seeds whose titles give one slug: the later seeds (by file name) get -2, -3…"""
    seen: dict[str, int] = {}
    for article in articles:
        base = article.slug
        if base in seen:
            seen[base] += 1
            article.slug = f"{base}-{seen[base]}"
            article.warnings.append(f"{article.seed}: slug {base!r} is taken; using {article.slug!r}")
        else:
            seen[base] = 1


def render(root: Path, output: Path, site_url: str | None) -> list[str]:
    """Run Pelican on `root` into a fresh folder beside `output`, then replace `output` with it."""
    from pelican import Pelican
    from pelican.settings import read_settings

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
    overrides = {
        "PATH": str(root / "content"),
        "THEME": str(root / "themes" / "dossier"),
        "OUTPUT_PATH": str(staging),
        "DOSSIER_ROOT": str(root),
        "DELETE_OUTPUT_DIRECTORY": False,
    }
    if site_url is not None:
        overrides["SITEURL"] = site_url.rstrip("/")
    collector = _Collect()
    logging.getLogger().addHandler(collector)
    try:
        settings = read_settings(str(root / "pelicanconf.py"), override=overrides)
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican prints its own summary
            Pelican(settings).run()
    except DossierError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except Exception as error:  # Pelican's own failures: template errors, unreadable pages
        shutil.rmtree(staging, ignore_errors=True)
        raise RenderError(f"rendering failed: {type(error).__name__}: {error}") from error
    finally:
        logging.getLogger().removeHandler(collector)
    _swap(staging, output)
    return [record.getMessage() for record in collector.records]


def _swap(staging: Path, output: Path) -> None:
    """Put the new site in place; the old one is removed only once the new one is there."""
    os.chmod(staging, 0o755)
    if output.exists():
        old = output.with_name(f".{output.name}.old-{os.getpid()}")
        output.rename(old)
        staging.rename(output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(output)
