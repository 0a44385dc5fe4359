"""Reading one content file: bytes → text (UTF-8, BOM, NFC) → YAML front matter and Markdown
body, with the line and column of every field so problems can point at them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_BYTES = 512 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a field path such as ("service", "running") or ("awards", 0, "year")


@dataclass
class Source:
    """One parsed file: its data, its Markdown body and where each field sits."""

    path: Path
    shown: str  # the path as problems print it
    data: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the Markdown body starts
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path_) -> tuple[int, int]:
        """Line and column of the nearest field on the path that exists in the file."""
        loc = tuple(loc)
        while loc and loc not in self.marks:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

    def problem(self, loc: Path_, code: str, **values) -> Problem:
        line, column = self.where(loc)
        return Problem.of(self.shown, line, column, dotted(loc), code, **values)


def dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


class _Walk:
    """Records each key's position, and refuses duplicate keys, aliases and deep nesting."""

    def __init__(self, source: Source, offset: int, problems: list[Problem]):
        self.source, self.offset, self.problems = source, offset, problems
        self.seen: set[int] = set()

    def mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def add(self, loc, node, code, **values):
        line, column = self.mark(node)
        self.problems.append(Problem.of(self.source.shown, line, column, dotted(loc), code, **values))

    def visit(self, node, loc: Path_) -> bool:
        if id(node) in self.seen:
            self.add(loc, node, "alias")
            return False
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            self.add(loc, node, "too_deep")
            return False
        ok = True
        if isinstance(node, yaml.MappingNode):
            keys: set = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    self.add(loc, key, "complex_key")
                    ok = False
                    continue
                name = key.value
                here = loc + (name,)
                if name in keys:
                    self.add(here, key, "duplicate_key", key=name)
                    ok = False
                keys.add(name)
                self.source.marks[here] = self.mark(key)
                ok = self.visit(value, here) and ok
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.source.marks[loc + (i,)] = self.mark(item)
                ok = self.visit(item, loc + (i,)) and ok
        return ok


def _yaml(source: Source, text: str, offset: int, problems: list[Problem]) -> Any:
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if not _Walk(source, offset, problems).visit(node, ()):
            return None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
        reason = error.problem or error.context or ""
        problems.append(Problem.of(source.shown, line, column, "", "yaml", reason=reason))
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        problems.append(Problem.of(source.shown, 1 + offset, 1, "", "yaml", reason=str(error)[:200]))
    finally:
        loader.dispose()
    return None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, body, line number where the body starts); None when there is none."""
    if not text.startswith("---"):
        return None, text, 1
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return "\n".join(lines[1:]), "", len(lines) + 1


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem.of(shown, 1, 1, "", "unreadable", reason=error.strerror or str(error)))
        return None
    if len(raw) > MAX_BYTES:
        problems.append(Problem.of(shown, 1, 1, "", "too_big", size=len(raw) // 1024, limit=MAX_BYTES // 1024))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem.of(shown, line, 1, "", "encoding"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        problems.append(Problem.of(shown, text[: text.index("\x00")].count("\n") + 1, 1, "", "encoding"))
        return None
    return unicodedata.normalize("NFC", text)


def read_source(path: Path, shown: str, problems: list[Problem]) -> Source | None:
    """Parse a `.md` (front matter + body) or `.yaml` file; None when it cannot be read at all."""
    text = read_text(path, shown, problems)
    if text is None:
        return None
    source = Source(path, shown)
    if path.suffix == ".md":
        front, source.body, source.body_line = split_front_matter(text)
        if front is None:
            problems.append(Problem.of(shown, 1, 1, "", "no_front_matter"))
            return None
        offset = 1
    else:
        front, offset = text, 0
    before = len(problems)
    data = _yaml(source, front, offset, problems)
    if len(problems) > before:
        return None
    if data is None:
        problems.append(Problem.of(shown, 1, 1, "", "empty_file"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem.of(shown, 1 + offset, 1, "", "not_mapping"))
        return None
    source.data = nfc(data)
    return source
