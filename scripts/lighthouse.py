#!/usr/bin/env python3
"""Lighthouse report of the dossier site: one run per page kind, a Markdown table of the scores.

    python scripts/lighthouse.py [--output DIR] [--url-base URL] [--base-path PATH] [--no-site-url | --both]

By default the dossier is copied to a temporary folder, built for
http://127.0.0.1:PORT/dossier/ (a sub-path, as GitHub Pages serves a project site)
and served there. With --no-site-url it is built without a site address, as
`python build.py` builds it by default (links from the site's root, no canonical
address), and served at the root of http://127.0.0.1:PORT/; --both measures the
two builds one after the other. With --url-base, the site already served at that
address is measured instead. Lighthouse comes from the project's node_modules (installed from
package.json with `npm ci` when it is missing) and drives Debian's chromium
($CHROME_PATH, default /usr/bin/chromium).

Prints a Markdown table (page kind x performance, accessibility, best practices,
SEO, from 0 to 100) and, under it, the failing audits of every score below 100;
with --both, one table for each build.
The JSON reports go to --output (kept) or to a temporary folder (deleted).
Exits 0 once the report is printed, 1 when the site or Lighthouse could not be run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import copy_project, free_port  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_TITLES = ("Performance", "Accessibility", "Best practices", "SEO")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
# Page kind -> path under the site's address; one of each kind the reader meets.
# (The 404 page is left out: its HTTP status is 404 by design, which Lighthouse's SEO audit fails.)
PAGES = (
    ("home", "/"),
    ("article", "/articles/alliance-strategique-entre-la-russie-et-la-coree-du-nord-une/"),
    ("actor", "/acteurs/kim-jong-un/"),
    ("place", "/lieux/pyongyang/"),
    ("event", "/evenements/visite-poutine-pyongyang-2024/"),
    ("timeline", "/chronologie/"),
    ("network", "/reseau/"),
    ("search", "/recherche/?q=Koursk"),
    ("index (articles)", "/articles/"),
    ("index (actors)", "/acteurs/"),
    ("index (places)", "/lieux/"),
    ("index (events)", "/evenements/"),
    ("about", "/a-propos/"),
    ("data", "/donnees/"),
    ("who said what", "/qui-a-dit-quoi/"),
)
# Audits that say nothing about a failure (diagnostics shown for information).
NOT_SCORED = {"informative", "manual", "notApplicable", "error"}


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


# ---------- The site ----------

def build_site(folder: Path, site_url: str | None) -> Path:
    """Copy what a build reads into `folder`, build it for `site_url` (None: without a site address,
    links from the site's root); return the output folder."""
    copy_project(folder)
    command = [sys.executable, str(ROOT / "build.py"), "--root", str(folder), "--quiet"]
    env = {key: value for key, value in os.environ.items() if key != "SITEURL"}  # the build's default
    if site_url is not None:
        command += ["--site-url", site_url + "/"]
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the build failed:\n{result.stdout}{result.stderr}")
    return folder / "output"


def serve(output: Path, port: int, base_path: str) -> http.server.ThreadingHTTPServer:
    """Serve `output` under `base_path` on 127.0.0.1:`port`, in a background thread."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            if base_path and not (path == base_path or path.startswith(base_path + "/")):
                return str(output / "does-not-exist")
            return super().translate_path(path[len(base_path):] or "/")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------- Lighthouse ----------

def ensure_lighthouse() -> None:
    """Install the npm devDependencies (Lighthouse) when node_modules lacks them."""
    if (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        return
    if shutil.which("npm") is None:
        raise RuntimeError("npm is not installed (Node.js 18.16 or newer is needed for Lighthouse)")
    command = ["npm", "ci"] if (ROOT / "package-lock.json").exists() else ["npm", "install"]
    print(f"installing Lighthouse: {' '.join(command)}", file=sys.stderr)
    result = subprocess.run(command + ["--no-audit", "--no-fund"], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def run_lighthouse(url: str, report: Path) -> dict:
    """Run Lighthouse on `url`, write its JSON report to `report`, return it parsed."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(
        [
            "npx", "--no-install", "lighthouse", url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json", f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    if result.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stdout}{result.stderr}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(lhr: dict) -> dict[str, int | None]:
    return {
        key: None if lhr["categories"][key]["score"] is None else round(lhr["categories"][key]["score"] * 100)
        for key in CATEGORIES
    }


def failing_audits(lhr: dict, category: str) -> list[str]:
    """The audits of `category` that did not pass: 'id — title (value)'; weighted ones first."""
    found = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        if audit.get("scoreDisplayMode") in NOT_SCORED or audit.get("score") is None or audit["score"] >= 1:
            continue
        value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        weight = "" if ref.get("weight") else " [not weighted]"
        where = ""
        if ref.get("weight") and audit["scoreDisplayMode"] == "binary":
            places = [describe(item) for item in (audit.get("details") or {}).get("items", [])]
            where = (": " + "; ".join(places[:3]) + (f" … (+{len(places) - 3})" if len(places) > 3 else "")) if places else ""
        found.append((not ref.get("weight"), f"`{audit['id']}` — {audit['title']}{value}{weight}{where}"))
    return [line for _, line in sorted(found, key=lambda item: item[0])]


def describe(item: dict) -> str:
    """What one item of an audit's details is about: a message and its URL, or an element."""
    node = item.get("node") or {}
    url = (item.get("sourceLocation") or {}).get("url") or item.get("url") or ""
    text = item.get("description") or node.get("snippet") or node.get("selector") or ""
    return " ".join(part for part in (text, f"<{url}>" if url else "") if part) or json.dumps(item)[:120]


def report(results: list[tuple[str, str, dict]]) -> str:
    lines = [
        "| page | path | " + " | ".join(CATEGORY_TITLES) + " |",
        "|---|---|" + "---:|" * len(CATEGORIES),
    ]
    for kind, path, lhr in results:
        values = scores(lhr)
        cells = ["–" if values[key] is None else str(values[key]) for key in CATEGORIES]
        lines.append(f"| {kind} | `{path}` | " + " | ".join(cells) + " |")
    details = []
    for kind, _path, lhr in results:
        if lhr.get("runtimeError"):
            details.append(f"- **{kind}**: runtime error {lhr['runtimeError'].get('code')}: {lhr['runtimeError'].get('message')}")
        for key, title in zip(CATEGORIES, CATEGORY_TITLES, strict=True):
            value = scores(lhr)[key]
            if value is not None and value < 100:
                audits = failing_audits(lhr, key)
                details.append(f"- **{kind}**, {title} {value}:" + ("" if audits else " (no failing audit listed)"))
                details.extend(f"  - {line}" for line in audits)
    if details:
        lines += ["", "Failing audits:", "", *details]
    return "\n".join(lines)


def measure(base: str, reports: Path) -> list[tuple[str, str, dict]]:
    """Run Lighthouse on every page kind of the site served at `base`; its JSON reports go to `reports`."""
    reports.mkdir(parents=True, exist_ok=True)
    results = []
    for kind, path in PAGES:
        print(f"lighthouse: {kind} ({base}{path})", file=sys.stderr)
        name = "-".join("".join(c if c.isalnum() else " " for c in kind).split())
        results.append((kind, path, run_lighthouse(base + path, reports / f"{name}.json")))
    return results


def measure_a_build(work: Path, reports: Path, with_site_url: bool, base_path: str) -> list[tuple[str, str, dict]]:
    """Build the dossier into `work` (for its address, or without one, served at the root), serve it, measure it."""
    base_path = "/" + base_path.strip("/") if with_site_url and base_path.strip("/") else ""
    port = free_port()
    base = f"http://127.0.0.1:{port}{base_path}"
    if with_site_url:
        print(f"building the dossier for {base}/", file=sys.stderr)
    else:
        print(f"building the dossier without a site address, served at {base}/", file=sys.stderr)
    output = build_site(work, base if with_site_url else None)
    server = serve(output, port, base_path)
    try:
        return measure(base, reports)
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, metavar="DIR", help="keep the JSON reports in DIR (default: a temporary folder, deleted)")
    parser.add_argument("--url-base", metavar="URL", help="measure the site already served at URL (e.g. http://localhost:8000/repo) instead of building one")
    parser.add_argument("--base-path", default="/dossier", metavar="PATH",
                        help="when building for a site address: serve the site under PATH (default: /dossier; '' for the root)")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--no-site-url", action="store_true",
                       help="build without a site address (links from the site's root, as `python build.py` by default) "
                            "and serve it at the root")
    modes.add_argument("--both", action="store_true", help="measure a build for a site address, then one without")
    args = parser.parse_args(argv)
    if args.url_base and (args.no_site_url or args.both):
        parser.error("--url-base measures a site already served: --no-site-url and --both build one")

    work = Path(tempfile.mkdtemp(prefix="dossier-lighthouse-"))
    try:
        ensure_lighthouse()
        reports = args.output or work / "reports"
        if args.url_base:
            print(report(measure(args.url_base.rstrip("/"), reports)))
        else:
            runs = [True, False] if args.both else [not args.no_site_url]
            for number, with_site_url in enumerate(runs):
                folder = ("with" if with_site_url else "without") + "-site-url"
                results = measure_a_build(work / folder, reports / folder if args.both else reports, with_site_url, args.base_path)
                if args.both:
                    print(("\n" if number else "") + ("## With a site address\n" if with_site_url else "## Without a site address\n"))
                print(report(results), flush=True)
        if args.output:
            print(f"\nJSON reports: {args.output}", file=sys.stderr)
        return 0
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as error:
        return fail(str(error))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
