"""Editing an innovation file without losing what an officer wrote around the values.

ruamel.yaml reads the front matter as a round-trip document, so comments, key order and quoting
survive and only the values the import changes are rewritten; the Markdown body is kept byte for
byte. The loader reads files with PyYAML (YAML 1.1), which turns plain `yes`, `10:30` or `0123`
into a boolean or a number; every string written here is quoted wherever that would happen."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.representer import RoundTripRepresenter

_STR = "tag:yaml.org,2002:str"
_RESOLVER = pyyaml.resolver.Resolver()


class _Representer(RoundTripRepresenter):
    pass


class Word(str):
    """A yes/partly/no answer, written plain (`running: yes`) as the example file writes it; the
    loader reads a plain yes/no as true/false, which the model takes as the same answer."""


def _represent_str(representer, data: str):
    style = None
    if "\n" in data:
        style = "|"
    elif _RESOLVER.resolve(pyyaml.ScalarNode, data, (True, False)) != _STR:
        style = '"'
    return representer.represent_scalar(_STR, data, style=style)


_Representer.add_representer(str, _represent_str)
_Representer.add_representer(Word, lambda rep, data: rep.represent_scalar(_STR, str(data), style=None))


def _yaml() -> YAML:
    y = YAML()  # round-trip
    y.Representer = _Representer
    y.preserve_quotes = True
    y.width = 4096  # long Bengali lines stay on one line, as officers typed them
    y.indent(mapping=2, sequence=4, offset=2)
    return y


@dataclass
class Document:
    """An idea file: its front matter (a ruamel mapping) and its body exactly as it was."""

    data: CommentedMap
    body: str

    def text(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return "---\n" + out.getvalue() + "---\n" + self.body


class Unreadable(Exception):
    """The file's front matter cannot be read (the loader's problems say why)."""


def read(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError) as error:
        raise Unreadable(str(error)) from None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise Unreadable("no front matter")
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise Unreadable("front matter not closed")
    try:
        data = _yaml().load("\n".join(lines[1:end]) + "\n")
    except Exception as error:  # ruamel raises many kinds; all mean "cannot be read"
        raise Unreadable(str(error).split("\n")[0]) from None
    if not isinstance(data, CommentedMap):
        raise Unreadable("front matter is not a mapping")
    _keep_plain(data)
    return Document(data, "\n".join(lines[end + 1:]))


def _keep_plain(node) -> None:
    """Plain scalars that YAML 1.2 reads as text but the loader as something else (`running: no`)
    are written back plain, so the file keeps meaning what it meant."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        if type(value) is str and _RESOLVER.resolve(pyyaml.ScalarNode, value, (True, False)) != _STR:
            node[key] = Word(value)
        elif isinstance(value, (dict, list)):
            _keep_plain(value)


def drop_empty(data: CommentedMap, paths) -> None:
    """Remove the fields at `paths` that are null, unless a comment hangs on them (ruamel keeps
    the comment lines that follow a value with that value; removing it would lose them)."""
    for path in paths:
        parent = data
        for part in path[:-1]:
            parent = parent.get(part) if isinstance(parent, CommentedMap) else None
        key = path[-1]
        if isinstance(parent, CommentedMap) and key in parent and parent[key] is None and key not in parent.ca.items:
            del parent[key]


def new_map(pairs=()) -> CommentedMap:
    return CommentedMap(pairs)

