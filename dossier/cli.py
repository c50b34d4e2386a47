"""Command line: `python build.py [build|serve] [options]`."""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .errors import DossierError

DESCRIPTION = """\
Build a static site from the news articles in seeds/: each article annotated,
every person, organisation, country, place and event it names linked to a page
of its own, rendered by Pelican with the theme in themes/dossier.
"""
EPILOG = """\
commands:
  build   (default) ingest seeds/, annotate into content/articles/, render the site
  serve   build the site for http://localhost:PORT/ and serve it there for a reader;
          with --base-path /repo, under that path, exactly as GitHub Pages serves a project

examples:
  python build.py                          build into output/
  python build.py --output /tmp/site       build elsewhere
  python build.py --force SLUG             regenerate content/articles/SLUG.md from its seed
  python build.py serve --port 8000        preview in a browser
  python build.py serve --base-path /repo  preview under a GitHub Pages project path
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", nargs="?", default="build", choices=("build", "serve"), help="what to do (default: build)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the dossier's folder, holding seeds/ and content/ (default: the current folder)")
    parser.add_argument("--output", "-o", type=Path, default=None, help="where to write the site (default: ROOT/output)")
    parser.add_argument("--site-url", default=os.environ.get("SITEURL"), help="public address the site is built for, e.g. https://user.github.io/repo (default: $SITEURL, else links from the site's root)")
    parser.add_argument("--force", action="append", default=[], metavar="SLUG", help="regenerate content/articles/SLUG.md from its seed even if it was edited by hand (repeatable)")
    parser.add_argument("--port", type=int, default=8000, help="serve: port to listen on (default: 8000)")
    parser.add_argument("--bind", default="127.0.0.1", help="serve: address to listen on (default: 127.0.0.1)")
    parser.add_argument("--base-path", default="", metavar="PATH", help="serve: serve the site under this path, e.g. /repo, as on a GitHub Pages project site")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only warnings, errors and the summary line")
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse the arguments, run the command, return the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    root = args.root.resolve()
    output = (args.output or root / "output").resolve()
    os.environ.setdefault("TZ", "UTC")
    try:
        if args.command == "serve":
            base = "/" + args.base_path.strip("/") if args.base_path.strip("/") else ""
            host = "localhost" if args.bind == "127.0.0.1" else args.bind
            args.site_url = f"http://{host}:{args.port}{base}" if base else ""
            status = _build(args, root, output)
            return status or serve(output, args.bind, args.port, base)
        return _build(args, root, output)
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _build(args, root: Path, output: Path) -> int:
    from .pipeline import build

    report = build(root, output, site_url=args.site_url, force=tuple(args.force))
    for path in report.written.get("kept", []):
        print(f"{path}: edited by hand, kept as it is (python build.py --force SLUG regenerates it)")
    if not args.quiet:
        for status in ("new", "updated"):
            for path in report.written.get(status, []):
                print(f"{path}: {'written' if status == 'new' else 'updated from its seed'}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(
        f"{report.articles} articles, {report.entities} entities, {report.events} events, "
        f"{len(report.warnings)} warnings, {len(report.errors)} errors -> {_shown(output)}"
    )
    return 1 if report.errors else 0


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path) + "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under `base` only, and the site's 404 page for what it does not have."""

    base = ""

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if self.base and not (path == self.base or path.startswith(self.base + "/")):
            return str(Path(self.directory) / ".not-found")
        return super().translate_path(path[len(self.base):] or "/")

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(folder: Path, bind: str, port: int, base: str = "") -> int:
    """Serve `folder` over HTTP, under the path `base`, until interrupted."""
    handler = functools.partial(type("Handler", (_Handler,), {"base": base}), directory=str(folder))
    with http.server.ThreadingHTTPServer((bind, port), handler) as server:
        print(f"serving {_shown(folder)} on http://{'localhost' if bind == '127.0.0.1' else bind}:{port}{base}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
