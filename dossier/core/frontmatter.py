"""Front matter: the YAML between two '---' lines at the top of a Markdown file, each field with its line.

The one reader of front matter, for Markdown seeds, the registry's entries, the annotated
articles and content/seeds.yml. A curator's mistake in it is a `FrontMatterError` carrying the
line of the file it is on, so that every message can name the file and the line.

Two readings of a value:
- typed (YAML's own: `date: 2024-06-19` is a date, `count: 3` a number), for the files the tool
  writes and the registry;
- as text (`TextLoader`), for what a curator pastes into a seed: YAML 1.1 would read `title: Non`
  as False, `title: 1984` as a number and `date: 2024-13-02` as a crash inside the parser; as text,
  each field is checked and reported by name.

Two degrees of strictness:
- strict: a key given twice or a value YAML cannot build is an error;
- lenient: a value YAML cannot build ("date: 2024-02-31") and the second of a repeated key are left
  out and listed in `refused`, so that the rest of the file is still read.

YAML's aliases let a few hundred bytes stand for billions of values (`&a [x, x, …]`, `&b [*a, *a,
…]`, …): anything that walks the value (a message that quotes it, a check of each item) would then
take gigabytes. Every document is measured before it is built: one whose values, aliases expanded,
outnumber its own nodes by far (`_expanded_size`) is refused, with the line of the first alias.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import yaml

from .errors import shown


class FrontMatterError(ValueError):
    """Front matter that cannot be read; `line` is the line of the file, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


# libyaml's parser where PyYAML has it: much faster, and linear where the pure-Python scanner is
# quadratic in the depth of nesting (a few kilobytes of "[[[[" take it seconds). Its messages name
# the same problem and line, in libyaml's words.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextLoader(_FAST_LOADER):
    """YAML's safe loader, but every scalar stays the text the curator wrote (bar `null`)."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# A document may repeat what it has (an anchor used a few times), not multiply it.
EXPANSION_ALLOWANCE = 10_000  # values beyond the document's own nodes…
EXPANSION_FACTOR = 10  # …or this many times them, whichever is more


@dataclass
class FrontMatter:
    """A file's front matter and the text after it."""

    fields: dict = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> the line of the file it is on
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # (line, key, reason): lenient reading only
    body: str = ""  # the text after the closing line, as written
    body_line: int = 1  # the line of the file the body starts on
    found: bool = False  # whether the file opens with front matter at all


def read(text: str, *, as_text: bool = False, strict: bool = False) -> FrontMatter:
    """The front matter of `text` (a file's decoded text) and its body.

    Front matter opens with a '---' line (blank lines before it are allowed) and closes with a
    '---' or '...' line; a file that does not open so has none: its body is the whole text.
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or lines[start].rstrip() != "---":
        return FrontMatter(body=text)
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise FrontMatterError("the opening '---' has no closing '---' line", start + 1)
    fields, where, refused = read_mapping("\n".join(lines[start + 1 : end]), start + 2, as_text=as_text, strict=strict)
    return FrontMatter(fields, where, refused, "\n".join(lines[end + 1 :]), end + 2, True)


def read_mapping(source: str, first_line: int = 1, *, as_text: bool = False, strict: bool = False):
    """The 'key: value' lines of the YAML `source`, whose first line is `first_line` of its file:
    (fields, the line of each, the refused values)."""
    return _mapping(TextLoader if as_text else _FAST_LOADER, source, first_line, strict)


def load_yaml(text: str, *, as_text: bool = False, first_line: int = 1):
    """A whole YAML document (a file the tool keeps: content/candidates.yml, content/proposals.yml),
    with the same bounds as front matter. Raises FrontMatterError, with the line where known."""
    with _reading(TextLoader if as_text else _FAST_LOADER, text, first_line) as loader:
        node = bounded_node(loader, first_line, "*" in text)
        return None if node is None else _construct(loader, node)


@contextlib.contextmanager
def _reading(loader_class: type, source: str, first_line: int):
    """A loader of `source`, whose errors become FrontMatterError with their line, disposed of after."""
    loader = _loader(loader_class, source, first_line)
    try:
        yield loader
    except FrontMatterError:
        raise
    except RecursionError:
        raise FrontMatterError("nested too deeply", first_line) from None
    except yaml.reader.ReaderError as error:
        raise _unacceptable(error, loader_class, source, first_line) from None
    except yaml.MarkedYAMLError as error:
        raise _marked(error, first_line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(str(error), first_line - 1) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as error:
        raise FrontMatterError(f"a value cannot be read ({_reason(error)})", first_line) from None
    finally:
        loader.dispose()


def _loader(loader_class: type, source: str, first_line: int) -> yaml.SafeLoader:
    try:
        return loader_class(source)
    except yaml.reader.ReaderError as error:  # a character YAML does not take ("\x1f"), seen by PyYAML's own reader
        raise _unacceptable(error, loader_class, source, first_line) from None


def _unacceptable(error: yaml.reader.ReaderError, loader_class: type, source: str, first_line: int) -> FrontMatterError:
    """A character YAML does not take, on its line: PyYAML's reader counts characters, libyaml's bytes of UTF-8."""
    if issubclass(loader_class, yaml.SafeLoader):
        line = source[: error.position].count("\n")
    else:
        line = source.encode("utf-8", "surrogatepass")[: error.position].count(b"\n")
    character = f"#x{error.character:04x}" if isinstance(error.character, int) else repr(error.character)
    return FrontMatterError(f"unacceptable character {character}: {error.reason}", first_line + line)


def bounded_node(loader: yaml.SafeLoader, first_line: int = 1, aliases: bool = True) -> yaml.Node | None:
    """The document's node, refused when its aliases expand it beyond the allowance; `aliases` False
    when its text has no "*", so no alias: nothing is counted."""
    node = loader.get_single_node()
    if node is not None and aliases:
        distinct, expanded, alias = _expanded_size(node)
        if expanded > max(EXPANSION_ALLOWANCE + distinct, EXPANSION_FACTOR * distinct):
            line = alias.start_mark.line + first_line if alias is not None else first_line
            raise FrontMatterError("its aliases (*name) repeat its values too many times; write the values out", line)
    return node


def _expanded_size(root: yaml.Node) -> tuple[int, int, yaml.Node | None]:
    """(distinct nodes, nodes once every alias is expanded, the first node reached twice), counted
    without expanding anything; a node that contains itself counts as too many."""
    sizes: dict[int, int] = {}
    reached: set[int] = set()
    again = None
    limit = 1 << 62
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            sizes[key] = min(limit, 1 + sum(sizes.get(id(child), limit) for child in children))
            continue
        if key in reached:
            again = again or node
            if key not in sizes:  # still being counted: the node contains itself
                sizes[key] = limit
            continue
        reached.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    return len(reached), sizes[id(root)], again


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _marked(error: yaml.MarkedYAMLError, first_line: int) -> FrontMatterError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "not YAML"
    return FrontMatterError(problem, mark.line + first_line if mark else first_line - 1)


def _mapping(loader_class: type, source: str, first_line: int, strict: bool):
    fields: dict = {}
    lines: dict[str, int] = {}
    refused: list[tuple[int, str, str]] = []
    with _reading(loader_class, source, first_line) as loader:
        node = bounded_node(loader, first_line, "*" in source)
        if node is None:
            return fields, lines, refused
        if not isinstance(node, yaml.MappingNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise FrontMatterError(f"expected 'key: value' lines, found {found}", node.start_mark.line + first_line)
        loader.flatten_mapping(node)  # "<<: *anchor" merges
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + first_line
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError("a key must be a word, not a list or a mapping", line)
            key = key_node.value
            if key in lines:
                twice = f"key {shown(key)} given twice (first on line {lines[key]})"
                if strict:
                    raise FrontMatterError(twice, line)
                refused.append((line, key, twice.removeprefix(f"key {shown(key)} ") + "; the first is kept"))
                continue
            try:
                fields[key] = _construct(loader, value_node)
            except (yaml.YAMLError, ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as error:
                # A tag YAML cannot build ("!!int abc", "!!timestamp 2024-13-45"): PyYAML's own errors.
                if strict:
                    raise FrontMatterError(f"{shown(key)} cannot be read ({_reason(error) or 'empty'})", line) from None
                fields.pop(key, None)
                refused.append((line, key, _reason(error)))
            lines[key] = line
        return fields, lines, refused


def _construct(loader: yaml.SafeLoader, node: yaml.Node):
    """The value of `node`, built as YAML builds a document: nested lists and mappings are filled in
    a loop, not by recursion, so that deep nesting that YAML itself reads is no crash. A value of a
    type no file of a dossier holds is a ValueError (see `_foreign`)."""
    value = loader.construct_object(node)
    while loader.state_generators:
        generators, loader.state_generators = loader.state_generators, []
        for generator in generators:
            for _ in generator:
                pass
    foreign = _foreign(value)
    if foreign:
        raise ValueError(foreign)
    return value


# What YAML's own tags build that no file of a dossier holds: `!!binary` (bytes: "!!binary ~~~" is
# b"", an empty title said nowhere), `!!set`, `!!omap` and `!!pairs` (tuples).
_FOREIGN = {bytes: "binary data (!!binary), not text", set: "a set (!!set), not a list", tuple: "pairs (!!omap, !!pairs), not a mapping"}


def _foreign(value) -> str | None:
    """Why `value`, or a value inside it, is of a type no dossier file holds; None when none is. Each
    value is seen once (an alias repeats a value, the bounded loader has limited how often)."""
    stack, seen = [value], set()
    while stack:
        item = stack.pop()
        if type(item) in _FOREIGN:
            return _FOREIGN[type(item)]
        if isinstance(item, list | dict) and id(item) not in seen:
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return None


def _reason(error: Exception) -> str:
    if isinstance(error, yaml.YAMLError):
        return str(getattr(error, "problem", None) or error)
    return f"{error}" if str(error) else type(error).__name__
