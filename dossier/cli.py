"""Command line: `python build.py [build|serve] [options]`."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from pathlib import Path

from . import __version__
from .errors import DossierError

DESCRIPTION = """\
Build a static site from the news articles in seeds/: each article annotated,
every person, organisation, country, place and event it names linked to a page
of its own, rendered by Pelican with the dossier's theme (dossier/theme/ in the package,
or a copy in the dossier's themes/dossier/), in French or English (DEFAULT_LANG).
"""
EPILOG = """\
commands:
  init DIR  start a new dossier in DIR: seeds/, content/, settings, GitHub Pages workflow
            (init --help: --title, --lang fr|en, --site-url, --force)
  build   (default) ingest seeds/, annotate into content/articles/, render the site
  serve   build the site for http://localhost:PORT/ and serve it there for a reader;
          with --base-path /repo, under that path, exactly as GitHub Pages serves a project;
          with --watch, build again when seeds/, content/ or the settings change,
          and reload the pages open in the browser
  candidates          list the entities proposed by the last builds (content/candidates.yml)
  accept ID [ID…]     add proposed entities to the registry (content/entities/ID.md)
  reject ID [ID…]     never propose these names again (content/rejected.yml)
  metadata            list the seeds whose date or outlet is unknown, with what their text suggests
                      (content/proposals.yml); set any seed's metadata in content/seeds.yml
  confirm SEED [FIELD…]  take the proposals for a seed (all, or the fields named: date, source, url)
                      into content/seeds.yml; the next build shows them

examples:
  dossier init ../ukraine --lang en        a new dossier, with English pages
  python build.py                          build into output/
  python build.py --output /tmp/site       build elsewhere
  python build.py --force SLUG             regenerate content/articles/SLUG.md from its seed
  python build.py serve --port 8000        preview in a browser
  python build.py serve --base-path /repo  preview under a GitHub Pages project path
  python build.py serve --watch            preview, built again and reloaded as you edit
"""


COMMANDS = ("init", "build", "serve", "candidates", "accept", "reject", "metadata", "confirm")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_program(),
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS, help="what to do (default: build)")
    parser.add_argument("ids", nargs="*", metavar="ID", help="accept, reject: ids of proposed entities, as listed by `candidates`; confirm: a seed's file name, then fields")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the dossier's folder, holding seeds/ and content/ (default: the current folder)")
    parser.add_argument("--output", "-o", type=Path, default=None, help="where to write the site (default: ROOT/output)")
    parser.add_argument("--site-url", default=os.environ.get("SITEURL"), help="public address the site is built for, e.g. https://user.github.io/repo (default: $SITEURL, else links from the site's root)")
    parser.add_argument("--force", action="append", default=[], metavar="SLUG", help="regenerate content/articles/SLUG.md from its seed even if it was edited by hand (repeatable)")
    parser.add_argument("--port", type=int, default=8000, help="serve: port to listen on (default: 8000)")
    parser.add_argument("--bind", default="127.0.0.1", help="serve: address to listen on (default: 127.0.0.1)")
    parser.add_argument("--base-path", default="", metavar="PATH", help="serve: serve the site under this path, e.g. /repo, as on a GitHub Pages project site")
    parser.add_argument("--watch", action="store_true", help="serve: build again when a seed, the registry, content/ or the settings change, and reload the pages open in the browser")
    parser.add_argument("--no-propose", action="store_true", help="build without proposing new entities (spaCy); the next build without it proposes them")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only warnings, errors and the summary line")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse the arguments, run the command, return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["init"]:
        return _init(argv[1:])
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    output = (args.output or root / "output").resolve()
    os.environ.setdefault("TZ", "UTC")
    try:
        if args.command == "serve":
            base = "/" + args.base_path.strip("/") if args.base_path.strip("/") else ""
            host = "localhost" if args.bind == "127.0.0.1" else args.bind
            args.site_url = f"http://{host}:{args.port}{base}" if base else ""
            status = _build(args, root, output)
            if status and not args.watch:  # watching, the curator fixes what the build said
                return status
            from .serve import Watch, serve

            watch = Watch(root, functools.partial(_build, args, root, output)) if args.watch else None
            return serve(output, args.bind, args.port, base, watch)
        if args.command in ("candidates", "accept", "reject"):
            return _review(args, root)
        if args.command in ("metadata", "confirm"):
            return _metadata(args, root)
        if args.ids:
            raise DossierError(f"{args.command}: unexpected arguments {' '.join(args.ids)}")
        return _build(args, root, output)
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _program() -> str:
    """How the curator ran the tool: the installed command, or the project's script."""
    return "dossier" if Path(sys.argv[0]).name == "dossier" else "python build.py"


def _init(argv: list[str]) -> int:
    """`init DIR`: write a new dossier into DIR."""
    from .init import LANGUAGES, create

    parser = argparse.ArgumentParser(
        prog=f"{_program()} init",
        description="Start a new dossier: seeds/, content/, the settings, the GitHub Pages workflow.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="where to create it (an empty or new folder)")
    parser.add_argument("--title", help="the dossier's title (default: from the folder's name)")
    parser.add_argument("--lang", default="fr", choices=LANGUAGES, help="the language of the site's pages (default: fr)")
    parser.add_argument("--site-url", default="", help="the address it will be published at, for publishconf.py")
    parser.add_argument("--force", action="store_true", help="write into a folder that holds files, adding only what is missing")
    args = parser.parse_args(argv)
    try:
        files = create(args.folder, title=args.title, lang=args.lang, site_url=args.site_url, force=args.force)
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    folder = _shown(args.folder.resolve())
    for name, written in files:
        print(f"{folder}{name}: {'written' if written else 'already there, kept'}")
    print(f"next: put articles into {folder}seeds/, then build the site: cd {folder.rstrip('/') or '.'} && dossier build")
    return 0


def _build(args, root: Path, output: Path) -> int:
    from .pipeline import build

    report = build(root, output, site_url=args.site_url, force=tuple(args.force), propose=not args.no_propose)
    for path in report.written.get("kept", []):
        print(f"{path}: edited by hand, kept as it is (python build.py --force SLUG regenerates it)")
    if not args.quiet:
        for status in ("new", "updated"):
            for path in report.written.get(status, []):
                print(f"{path}: {'written' if status == 'new' else 'updated from its seed'}")
        if report.recognised:
            count = report.recognised
            print(f"{count} {'article' if count == 1 else 'articles'} read for names the registry lacks (entity recognition)")
    if report.candidates:
        count = len(report.candidates)
        print(f"{count} {'name' if count == 1 else 'names'} not in the registry found (review in content/candidates.yml):")
        for candidate in report.candidates:
            print(_candidate_line(candidate))
        print("  accept with: python build.py accept ID …   reject with: python build.py reject ID …")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(
        f"{report.articles} articles, {report.entities} entities, {report.events} events, "
        f"{len(report.warnings)} warnings, {len(report.errors)} errors -> {_shown(output)}"
    )
    return 1 if report.errors else 0


def _review(args, root: Path) -> int:
    """The commands that review proposed entities."""
    from . import candidates
    from .pipeline import CANDIDATES

    if args.command == "candidates":
        proposed = candidates.read_candidates(root / CANDIDATES)
        if not proposed:
            print(f"no proposed entities ({CANDIDATES} is empty or missing)")
        for candidate in proposed:
            print(_candidate_line(candidate))
        return 0
    if not args.ids:
        raise DossierError(f"{args.command}: name the ids to {args.command} (python build.py candidates lists them)")
    for candidate_id in args.ids:
        if args.command == "accept":
            path = candidates.accept(candidate_id, root / "content")
            print(f"{path.relative_to(root).as_posix()}: created; add a description, then build")
        else:
            candidates.reject(candidate_id, root / "content")
            print(f"{candidate_id}: rejected, will not be proposed again")
    return 0


def _metadata(args, root: Path) -> int:
    """The commands that review the metadata the build proposes for seeds."""
    from . import provenance

    if args.command == "metadata":
        proposals = provenance.read_proposals(root)
        if not proposals:
            print(f"every seed states its date and its outlet, or has them in {provenance.OVERRIDES} (nothing in {provenance.PROPOSALS})")
        for seed_name, fields in sorted(proposals.items()):
            print(f"seeds/{seed_name}:")
            for key, proposal in sorted(fields.items()):
                print(f"  {key}: {proposal['value']}  ({proposal['reason']})")
        if proposals:
            print(f"  confirm with: python build.py confirm SEED [FIELD …]   or set the fields in {provenance.OVERRIDES}")
        return 0
    if not args.ids:
        raise DossierError("confirm: name a seed (python build.py metadata lists those with proposals)")
    seed_name = args.ids[0].removeprefix("seeds/")
    chosen = provenance.confirm(root, seed_name, args.ids[1:])
    for key, value in chosen.items():
        print(f"{provenance.OVERRIDES}: seeds/{seed_name}: {key}: {value}")
    print("build again to publish it")
    return 0


def _candidate_line(candidate) -> str:
    variants = f" (also {', '.join(candidate.variants)})" if candidate.variants else ""
    return f"  {candidate.id}: {candidate.name}{variants}, {candidate.type}, {candidate.count}× in {', '.join(candidate.articles)}"


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path) + "/"
