"""Command line: `dossier COMMAND [options]`, one subcommand per task, each with its own `--help`.

The same commands run as `python build.py …` in a checkout of the tool and as
`python -m dossier …`; every hint names the command the curator typed. Exit status: 0 when
all went well, 1 when something in the dossier is wrong (a bad seed, an invalid entity: the
rest is built), 2 when the command itself is wrong (an unknown option, a folder that is not
a dossier).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import gc
import os
import sys
from pathlib import Path

from . import __version__
from .core.errors import FULL, DossierError, UsageError, reason, shown

DESCRIPTION = """\
Build a static site from the news articles in seeds/: each article annotated, every
person, organisation, country, place and event it names linked to a page of its own,
rendered by Pelican with the dossier's theme, in French, English or German.
"""

# Options that take a value, wherever they are: a command name after one is its value, not the command.
_VALUED = {"--root", "--output", "-o", "--site-url", "--force", "--port", "--bind", "--base-path", "--title", "--lang",
           "--timeout"}


def program() -> str:
    """How the curator ran the tool: the installed command, the module, or the project's script."""
    name = Path(sys.argv[0]).name
    if name == "__main__.py":
        return "python -m dossier"
    if name == "build.py":
        return "python build.py"
    return "dossier"


# Each command: its one-line help, what it does, and its examples ({prog}: the command as the curator runs it).
COMMANDS = {
    "init": (
        "start a new dossier in a folder",
        "Start a new dossier in DIR: seeds/, content/, the settings, the GitHub Pages workflow and\n"
        "the requirement that installs this very tool there. It asks nothing; a folder that holds\n"
        "files is refused unless --force, and even then no file already there is overwritten.",
        "  {prog} init ~/sudan --lang en --title 'War in Sudan'\n"
        "  {prog} init . --force          add what is missing to the current folder",
    ),
    "build": (
        "read the seeds, annotate them, render the site (the default command)",
        "Read the seeds that are new or changed, annotate them into content/articles/, propose\n"
        "new entities, and render the site into output/ (replaced only once complete).\n"
        "An article edited by hand is kept as it is unless --force names it.",
        "  {prog} build\n"
        "  {prog} build --output /tmp/site\n"
        "  {prog} build --force SLUG         write content/articles/SLUG.md again from its seed\n"
        "  {prog} build --site-url https://user.github.io/repo",
    ),
    "serve": (
        "build, then serve the site on this machine for a reader",
        "Build the site for http://localhost:PORT/ and serve it there. With --base-path /repo it\n"
        "is served under that path, as GitHub Pages serves a project; with --watch it is built\n"
        "again when seeds/, content/ or the settings change, and the open pages reload.",
        "  {prog} serve\n"
        "  {prog} serve --watch --port 8001\n"
        "  {prog} serve --base-path /repo",
    ),
    "add": (
        "add articles to seeds/ from web addresses or files",
        "Add articles to seeds/: a web address is fetched and the page saved as it is, under a\n"
        "name made of its date and title, its address recorded in content/seeds.yml; a file is\n"
        "copied in. An article already in seeds/ is refused, naming the seed that has it.",
        "  {prog} add https://www.example.com/news/2024/06/19/summit.html\n"
        "  {prog} add ~/Downloads/article.html notes.txt",
    ),
    "candidates": (
        "list the entities the last builds proposed",
        "List the names the builds found in the articles that the registry does not know yet\n"
        "(content/candidates.yml), with the id to accept or reject each by.",
        "  {prog} candidates",
    ),
    "accept": (
        "add proposed entities to the registry",
        "Add proposed entities to the registry: content/entities/ID.md is created with the name,\n"
        "type and variants found; write its description, then build.",
        "  {prog} accept kim-yo-jong sergei-shoigu",
    ),
    "reject": (
        "never propose these names again",
        "Never propose these names again (they go to content/rejected.yml).",
        "  {prog} reject seoul-afp",
    ),
    "metadata": (
        "list the seeds whose date or outlet is unknown",
        "List the seeds whose date or outlet the build could not read, with what their text\n"
        "suggests (content/proposals.yml). Set any seed's metadata in content/seeds.yml.",
        "  {prog} metadata",
    ),
    "confirm": (
        "take the build's proposals for a seed's metadata",
        "Take the proposals for a seed (all of them, or the fields named: date, source, url) into\n"
        "content/seeds.yml; the next build shows them.",
        "  {prog} confirm article.txt\n"
        "  {prog} confirm article.txt date",
    ),
    "pin": (
        "make the publishing workflow install the tool that runs now",
        "Write into requirements.txt the tool that runs this command, as GitHub Pages will install\n"
        "it: a release by its version, a git install by its commit, a local checkout as a wheel\n"
        "built into .dossier/wheels/ (commit it). Run it after upgrading the tool.",
        "  {prog} pin",
    ),
}


def _commands(prog: str) -> dict[str, tuple[str, str, str]]:
    """Each command's help, description and examples, naming the command as `prog`."""
    return {name: (summary, description, examples.format(prog=prog)) for name, (summary, description, examples) in COMMANDS.items()}


class _Help(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples as written; option help in a wider column than argparse's default."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)
        # argparse measures the commands' names without their indent: "candidates" would wrap.
        self._action_max_length = len("    candidates")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a port number") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def _shared_options() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The options several commands take: --root (every command but init), and those of build and serve."""
    dossier = argparse.ArgumentParser(add_help=False)
    dossier.add_argument("--root", type=Path, default=Path.cwd(), metavar="DIR",
                         help="the dossier's folder, holding seeds/ and content/ (default: the current folder)")
    building = argparse.ArgumentParser(add_help=False)
    building.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                          help="where to write the site (default: ROOT/output)")
    building.add_argument("--force", action="append", default=[], metavar="SLUG",
                          help="write content/articles/SLUG.md again from its seed even if it was edited by hand (repeatable)")
    building.add_argument("--no-propose", action="store_true",
                          help="build without proposing new entities (spaCy); the next build without it proposes them")
    said = building.add_mutually_exclusive_group()
    said.add_argument("--quiet", "-q", action="store_true", help="print only warnings, errors and the summary")
    said.add_argument("--verbose", "-v", action="store_true", help="also list every article file written or kept")
    return dossier, building


def _parser(prog: str) -> argparse.ArgumentParser:
    commands = _commands(prog)
    parser = argparse.ArgumentParser(
        prog=prog,
        description=DESCRIPTION,
        epilog=f"Run `{prog} COMMAND --help` for a command's options and examples. Without a command: build.",
        formatter_class=_Help,
    )
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    dossier, building = _shared_options()

    def command(name: str, parents=(), **kwargs) -> argparse.ArgumentParser:
        summary, description, examples = commands[name]
        return sub.add_parser(
            name, parents=list(parents), help=summary, description=description, epilog=f"examples:\n{examples}",
            formatter_class=_Help, **kwargs,
        )

    from .core.settings import LANGUAGES  # not render.i18n: Babel is loaded by the commands that need it

    init = command("init")
    init.add_argument("folder", type=Path, metavar="DIR", help="where to create it (an empty or new folder)")
    init.add_argument("--title", help="the dossier's title (default: from the folder's name)")
    init.add_argument("--lang", default="fr", choices=LANGUAGES, help="the language of the site's pages (default: fr)")
    init.add_argument("--site-url", default="", metavar="URL", help="the address it will be published at, for publishconf.py")
    init.add_argument("--force", action="store_true", help="write into a folder that holds files, adding only what is missing")

    build = command("build", (dossier, building))
    build.add_argument("--site-url", default=os.environ.get("SITEURL"), metavar="URL",
                       help="the public address the site is built for, e.g. https://user.github.io/repo "
                            "(default: $SITEURL, else links from the site's root)")

    serve = command("serve", (dossier, building))
    serve.add_argument("--port", type=_port, default=8000, help="the port to listen on (default: 8000)")
    serve.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--base-path", default="", metavar="PATH",
                       help="serve the site under this path, e.g. /repo, as on a GitHub Pages project site")
    serve.add_argument("--watch", action="store_true",
                       help="build again when a seed, the registry, content/ or the settings change, and reload the open pages")

    add = command("add", (dossier,))
    add.add_argument("sources", nargs="+", metavar="URL|FILE", help="web addresses (http, https) and files to add")
    add.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="how long to wait for a page (default: 30)")

    command("candidates", (dossier,))
    command("accept", (dossier,)).add_argument("ids", nargs="+", metavar="ID", help="ids of proposed entities, as `candidates` lists them")
    command("reject", (dossier,)).add_argument("ids", nargs="+", metavar="ID", help="ids of proposed entities, as `candidates` lists them")
    command("metadata", (dossier,))
    confirm = command("confirm", (dossier,))
    confirm.add_argument("seed", metavar="SEED", help="the seed's file name in seeds/, as `metadata` lists it")
    confirm.add_argument("fields", nargs="*", metavar="FIELD", help="the fields to take (default: all that are proposed)")
    command("pin", (dossier,))
    return parser


def _with_command(argv: list[str], names) -> list[str]:
    """`argv` with its command first: `--root DIR serve` is `serve --root DIR`; no command is `build`."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in ("-h", "--help", "--version"):
            return argv
        if token == "--":
            break
        if token.startswith("-"):
            index += 2 if token in _VALUED else 1
            continue
        if token in names:
            return [token, *argv[:index], *argv[index + 1:]]
        break
    return ["build", *argv]


YOUNG_COLLECTION = 50_000


def run() -> None:
    """The `dossier` command, `python build.py` and `python -m dossier`: `main`, then the process ends
    at once with its status. Python would otherwise free every object the build made, one by one,
    before ending (0.4 s after a rebuild of 1,000 articles); the build has written, synced and closed
    all it writes, and its processes have ended.

    The cyclic garbage collector looks at the young objects every YOUNG_COLLECTION allocations, not every 700
    (Python's default): a build allocates millions of objects that live to its end (the articles, the registry,
    the linked dossier) or that reference counting frees (most of the rest). The collector's walks over them took
    0.15 s of a 3.5 s rebuild of 1,000 articles (one added), in 648 collections; 5 now, and the build's peak
    memory is 2 % higher (244 MB, not 240, for a first build of them).

    numpy's OpenBLAS keeps one thread per core, spinning when idle, in the build's process and each one it forks;
    the build multiplies no matrix with it (spaCy's models use their own library): one thread, unless the curator
    set another number."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    gc.set_threshold(YOUNG_COLLECTION, *gc.get_threshold()[1:])
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`dossier build | head`): nothing more to say
            stream.flush()
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse the arguments, run the command, return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    prog = program()
    parser = _parser(prog)
    args = parser.parse_args(_with_command(argv, _commands(prog)))
    os.environ.setdefault("TZ", "UTC")
    try:
        _check_site_url(args, argv)
        if args.command == "init":
            return _init(args, prog)
        root = args.root.resolve()
        if args.command in ("build", "serve"):
            output = (args.output or root / "output").resolve()
            if args.command == "serve":
                return _serve(args, root, output, prog)
            return _build(args, root, output, prog)
        if args.command == "add":
            return _add(args, root, prog)
        if args.command == "pin":
            return _pin(root, prog)
        if args.command in ("candidates", "accept", "reject"):
            return _review(args, root, prog)
        return _metadata(args, root, prog)
    except UsageError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    except DossierError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # what read the output stopped reading (`dossier candidates | head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that exiting does not raise again
        return 141
    except OSError as error:
        if error.errno not in _REFUSED_BY_THE_SYSTEM:
            raise  # a fault of the tool: its traceback is what to report
        print(f"error: {_system_refusal(error)}", file=sys.stderr)
        return 1


# What the system refuses for want of room or rights, wherever a command meets it: said, never a traceback.
_REFUSED_BY_THE_SYSTEM = FULL | {errno.EACCES, errno.EPERM, errno.EROFS}


def _system_refusal(error: OSError) -> str:
    """An OSError of the system's refusal, said: the file, what the system said; the command stopped."""
    name = error.filename2 or error.filename
    where = f"{_shown(Path(os.fsdecode(name))).rstrip('/')}: " if name else ""
    return f"{where}{reason(error)}; the command stopped there"


def _check_site_url(args, argv: list[str]) -> None:
    """Refuse a --site-url (or $SITEURL) that is no web address: every link of the site starts with it."""
    from .core.settings import check_site_url

    if args.command in ("build", "init") and args.site_url:
        given = any(arg == "--site-url" or arg.startswith("--site-url=") for arg in argv)
        check_site_url(args.site_url, "--site-url" if given or args.command == "init" else "$SITEURL")


def _dossier_at(root: Path, prog: str) -> None:
    """Refuse a folder that is not a dossier, before anything is read or written in it."""
    if not (root / "seeds").is_dir() and not (root / "content").is_dir():
        raise UsageError(
            f"{root}: not a dossier (no seeds/ nor content/ in it); run this in a dossier's folder, "
            f"give --root DIR, or start one with: {prog} init DIR"
        )


def _init(args, prog: str) -> int:
    """`init DIR`: write a new dossier into DIR, with the requirement that installs this tool."""
    from .init import create

    result = create(args.folder, title=args.title, lang=args.lang, site_url=args.site_url, force=args.force, command=prog)
    folder = _shown(args.folder.resolve())
    for name, written in result.files:
        print(f"{folder}{name}: {'written' if written else 'already there, kept'}")
    if result.requirement:
        print(f"requirements.txt: {result.requirement.note}")
    else:
        print(f"requirements.txt: already there, kept; `{prog} pin` writes the running tool into it")
    where = folder.rstrip("/") or "."
    # The new dossier has no build.py of its own: the script is named by its path there.
    there = f"python {Path(sys.argv[0]).resolve()}" if prog == "python build.py" else prog
    print(f"next: put articles into {folder}seeds/ ({there} add URL|FILE), then: cd {where} && {there} build")
    return 0


def _progress(args):
    from .core import progress

    return progress.for_stream(sys.stdout, quiet=args.quiet)


def _build(args, root: Path, output: Path, prog: str, site_url: str | None = None) -> int:
    from .curate.pattern_cache import kept_compiled

    _dossier_at(root, prog)
    display = _progress(args)
    # The patterns the build compiles (as it imports the tool, and reads the articles) made from its .cache/.
    try:
        with kept_compiled(root, build=True):
            from .pipeline import build

            report = build(
                root, output, site_url=args.site_url if site_url is None else site_url, force=tuple(args.force),
                propose=not args.no_propose, command=prog, progress=display,
            )
    finally:
        display.close()
    _say_articles(report, args, prog)
    _say_candidates(report, prog)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(_summary(report, display, output))
    return 1 if report.errors else 0


def _say_articles(report, args, prog: str) -> None:
    """What the build did to content/articles/: counted, and listed with --verbose."""
    written = report.written
    counts = []
    for status, said in (("new", "new"), ("updated", "updated from their seeds")):
        if written.get(status):
            counts.append(f"{len(written[status])} {said}")
    if counts and not args.quiet:
        print(f"content/articles/: {', '.join(counts)}")
    if args.verbose:
        for status, said in (("new", "written"), ("updated", "updated from its seed")):
            for path in written.get(status, []):
                print(f"  {path}: {said}")
    kept = written.get("kept", [])
    if kept:
        count = f"{len(kept)} {'article' if len(kept) == 1 else 'articles'} edited by hand"
        print(f"content/articles/: {count} kept as {'it is' if len(kept) == 1 else 'they are'} "
              f"({prog} build --force SLUG writes one again from its seed)")
        if args.verbose or len(kept) <= 5:
            for path in kept:
                print(f"  {path}: kept")
    if report.recognised and not args.quiet:
        count = report.recognised
        print(f"{count} {'article' if count == 1 else 'articles'} read for names the registry lacks (entity recognition)")


def _summary(report, display, output: Path) -> str:
    """The last line: what the site holds, what went wrong, and where the time went."""
    counts = ", ".join(_count(number, word) for number, word in (
        (report.articles, "article"), (report.entities, "entity"), (report.events, "event"),
        (len(report.warnings), "warning"), (len(report.errors), "error"),
    ))
    nothing = not report.rendered and not any(report.written.get(s) for s in ("new", "updated"))
    if nothing:
        return f"{counts} -> {_shown(output)}; nothing to do, the site is up to date ({display.elapsed():.1f} s)"
    slowest = ", ".join(f"{stage.label} {stage.seconds:.1f} s" for stage in display.slowest())
    return f"{counts} -> {_shown(output)}; built in {display.elapsed():.1f} s" + (f" ({slowest})" if slowest else "")


def _serve(args, root: Path, output: Path, prog: str) -> int:
    from .core.settings import check_site_url
    from .publish.serve import Watch, listen, public_host, serve

    base = "/" + args.base_path.strip("/") if args.base_path.strip("/") else ""
    check_site_url(base, "--base-path", path=True)
    _dossier_at(root, prog)
    server = listen(args.bind, args.port)  # a port in use is said before the build
    bind, port = server.server_address[:2]
    site_url = f"http://{public_host(bind)}:{port}{base}" if base else ""
    try:
        status = _build(args, root, output, prog, site_url=site_url)
    except BaseException:
        server.server_close()
        raise
    if status and not args.watch:  # watching, the curator fixes what the build said
        server.server_close()
        return status
    rebuild = functools.partial(_build, args, root, output, prog, site_url=site_url)
    watch = Watch(root, rebuild) if args.watch else None
    return serve(server, output, base, watch)


def _add(args, root: Path, prog: str) -> int:
    from .add import add

    _dossier_at(root, prog)
    results = add(root, args.sources, timeout=args.timeout)
    for result in results:
        if result.error:
            print(f"error: {result.error}", file=sys.stderr)
        else:
            origin = f" (from {result.url})" if result.url else ""
            print(f"{result.seed}: added{origin}")
    added = sum(1 for result in results if not result.error)
    if added:
        print(f"next: {prog} build")
    return 1 if any(result.error for result in results) else 0


def _pin(root: Path, prog: str) -> int:
    from .publish.installed import pin

    _dossier_at(root, prog)
    requirement = pin(root, prog)
    print(f"requirements.txt: {requirement.note}")
    return 0


def _review(args, root: Path, prog: str) -> int:
    """The commands that review proposed entities."""
    from .core import settings
    from .curate import candidate_files
    from .curate.proposing import CANDIDATES

    _dossier_at(root, prog)
    if args.command == "candidates":
        proposed = candidate_files.read_candidates(root / CANDIDATES)
        if not proposed:
            print(f"no proposed entities ({CANDIDATES} is empty or missing)")
        for candidate in proposed:
            print(_candidate_line(candidate))
        return 0
    language = settings.load(root).get("DEFAULT_LANG") if args.command == "accept" else None
    for candidate_id in args.ids:
        if args.command == "accept":
            path = candidate_files.accept(candidate_id, root / "content", language)
            print(f"{path.relative_to(root).as_posix()}: created; add a description, then: {prog} build")
        else:
            candidate_files.reject(candidate_id, root / "content")
            print(f"{candidate_id}: rejected, will not be proposed again")
    return 0


def _metadata(args, root: Path, prog: str) -> int:
    """The commands that review the metadata the build proposes for seeds."""
    from .curate import provenance

    _dossier_at(root, prog)
    if args.command == "metadata":
        proposals = provenance.read_proposals(root)
        if not proposals:
            print(f"every seed states its date and its outlet, or has them in {provenance.OVERRIDES} (nothing in {provenance.PROPOSALS})")
        for seed_name, fields in sorted(proposals.items()):
            print(f"seeds/{seed_name}:")
            for key, proposal in sorted(fields.items()):
                print(f"  {key}: {proposal['value']}  ({proposal['reason']})")
        if proposals:
            print(f"  confirm with: {prog} confirm SEED [FIELD …]   or set the fields in {provenance.OVERRIDES}")
        return 0
    seed_name = args.seed.removeprefix("seeds/")
    chosen = provenance.confirm(root, seed_name, args.fields)
    for key, value in chosen.items():
        print(f"{provenance.OVERRIDES}: seeds/{seed_name}: {key}: {value}")
    print(f"next: {prog} build")
    return 0


def _count(number: int, word: str) -> str:
    """"1 article", "2 articles", "3 entities"."""
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{number} {word if number == 1 else plural}"


# After a build, the candidates said at most, and the articles of each: `candidates` lists them all.
SAID_CANDIDATES, SAID_ARTICLES = 20, 3


def _say_candidates(report, prog: str) -> None:
    """The names a build proposes, the first SAID_CANDIDATES of them, and how to review them."""
    if report.candidates:
        count = len(report.candidates)
        print(f"{count} {'name' if count == 1 else 'names'} not in the registry found (review in content/candidates.yml):")
        for candidate in report.candidates[:SAID_CANDIDATES]:
            print(_candidate_line(candidate, SAID_ARTICLES))
        if count > SAID_CANDIDATES:
            print(f"  and {count - SAID_CANDIDATES} more: {prog} candidates lists them all")
        print(f"  accept with: {prog} accept ID …   reject with: {prog} reject ID …")


def _candidate_line(candidate, articles: int | None = None) -> str:
    """One candidate: its id, name, other names, type, count and articles (the first `articles` of them)."""
    variants = f" (also {', '.join(candidate.variants)})" if candidate.variants else ""
    shown = candidate.articles if articles is None else candidate.articles[:articles]
    more = f" and {len(candidate.articles) - len(shown)} more" if len(shown) < len(candidate.articles) else ""
    return f"  {candidate.id}: {candidate.name}{variants}, {candidate.type}, {candidate.count}× in {', '.join(shown)}{more}"


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path) + "/"
