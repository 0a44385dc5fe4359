"""What a body asks of the site's Markdown renderer, bounded before anything renders it.

Python-Markdown scans on from some marks until it finds their partner: from "[" to its "]" (and
from a link's "(" to its ")"), from a run of backticks to one as long, from "<" to the end of the
tag, comment or CDATA section; and a heading, rule, note or definition line in the middle of a
paragraph makes every block processor read the rest of that paragraph again. A mark with no
partner costs a scan to the end of its paragraph, or of the whole body for "<": in 36 KB, 2,000
"[x](" took 3 s and 4,000 "<![CDATA[" 29 s, and a 512 KB file of them would take hours. Lists,
notes and definitions nested a few hundred deep exhaust Python's stack instead: the build failed
with "maximum recursion depth exceeded" and no line.

So the work is counted here, in one pass that costs what the text is long, as the length each
mark makes the renderer scan; a body over the bound, or nested deeper than a page needs, is
refused where it goes over, with its line. Validate and the build read bodies through the same
load, so they agree, and a refused body is never rendered (the link check in validate included).
The bound is far above any real body's work (bench/README.md, "Bodies' Markdown")."""

from __future__ import annotations

import re
from bisect import bisect_right

from .problems import Problem

# The most work a body may ask for, in characters scanned: about a second of the renderer's time
# on the costliest marks ("[" with no "]"), some 350 times the most any real body asked for.
WORK = 5_000_000
# The deepest a body's lists, notes and definitions may nest (the renderer's recursion runs out
# at about 250 levels of lists and 500 definitions, fewer inside a build).
DEPTH = 48

# What an inline pattern may match from (emphasis, entities, escapes, code, links, HTML, a line
# break), and how many copied characters cost as much as one scanned (measured: bench/README.md).
_INLINE = ("*", "_", "&", "\\", "`", "[", "<", "  \n")
COPY = 256
_TEXT = re.compile(r"\S")
_ANY_MARK = re.compile(r"[\[`<\n*_&\\]")  # the first character of every mark counted here

# A blank line ends a paragraph (the renderer blanks lines of spaces and tabs).
_BLANK = re.compile(r"\n[ \t]*(?=\n)")
# Each mark the renderer scans on from, and the escapes that make a mark plain text.
_MARK = re.compile(r"""
    \\.                                         # an escaped character: no mark
  | (?P<open>\[) | (?P<close>\]) | (?P<paren>\() | (?P<shut>\))
  | (?P<ticks>`+)
  | (?P<tag><[A-Za-z/!?])
  | ^[ \t]*(?P<line>\#|!!!|\?\?\?|:|[-=]+[ \t]*$|(?:[-*_][ \t]*){3,}$)
""", re.VERBOSE | re.DOTALL | re.MULTILINE)
# Where the renderer ends what a "<" opens, by what follows it.
_TAG_ENDS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">"), ("</", ">"))
_IN_TAG = re.compile(r"""[>'"]""")
# A line that opens a list item, a note or a definition, and how far it is indented.
_NESTS = re.compile(r"(?m)^([ \t]*)(!!!|\?\?\?\+?|[-*+]|\d+[.)]|:)[ \t]")
# A line that may nest at all: a definition, or one indented more than DEPTH tabs.
_MAY_NEST = re.compile(rf"\n(?: {{0,3}}:[ \t]|[ \t]{{{DEPTH + 1}}})")


def body_problems(bodies: dict[str, str], first_line: dict[str, int], shown: dict[str, str]) -> dict[str, Problem]:
    """lang → the problem of each body (lang → Markdown, the file line it starts on and the file it
    is in) that asks the renderer for more work or deeper nesting than the bounds allow."""
    found = {}
    for lang, text in bodies.items():
        at = _over_work(text)
        if at is not None:
            line, column = _line_column(text, at)
            found[lang] = Problem.of(shown[lang], first_line[lang] + line, column, "body", "body_work")
            continue
        deep = _over_depth(text)
        if deep is not None:
            at, depth = deep
            line, column = _line_column(text, at)
            found[lang] = Problem.of(shown[lang], first_line[lang] + line, column, "body", "body_depth",
                                     depth=depth, limit=DEPTH)
    return found


def _line_column(text: str, at: int) -> tuple[int, int]:
    """The 0-based line and 1-based column of a place in the text."""
    start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at), at - start + 1


def _over_work(text: str) -> int | None:
    """Where the work the text asks for goes over WORK, or None."""
    # Each mark makes at most two scans to the text's end ("[" and its address) and a copy of
    # the text: nearly every body has too few marks to matter.
    marks = len(_ANY_MARK.findall(text))
    if (2 * marks + marks // COPY + 1) * len(text) <= WORK:
        return None
    work, at = work_until(text, WORK)
    return at if work > WORK else None


def work_until(text: str, limit: int) -> tuple[int, int]:
    """The work the text asks for, counted until it goes over the limit, and where it went over:
    the first mark so far that nothing closed, or else the mark that took it over."""
    work, start, first_open = 0, 0, len(text)
    for end in [blank.start() for blank in _BLANK.finditer(text)] + [len(text)]:
        done, at, opened = _paragraph(text, start, end, limit - work)
        work, first_open = work + done, min(first_open, opened)
        if work > limit:
            return work, min(at, first_open)
        start = end
    return work, len(text)


def _paragraph(text: str, start: int, end: int, budget: int) -> tuple[int, int, int]:
    """The work of one paragraph (text[start:end]), counted until it goes over the budget; where it
    did (the mark that took it over, the first that nothing closed, or the paragraph); and its
    first mark that nothing closed (or the text's end)."""
    work, opened = 0, len(text)
    brackets: list[int] = []  # the "[" still open
    parens: list[int] = []  # the "(" still open: where a link's address starts, -1 for any other
    runs: list[tuple[int, int]] = []  # each run of backticks: where, how long
    after_bracket = -1  # where the last "]" that closed a "[" ended: a "(" there starts an address
    start_tags = 0  # the paragraph's start tags so far, each one a tag a comment looks for the close of
    for mark in _MARK.finditer(text, start, end):
        at, kind = mark.start(), mark.lastgroup
        if kind == "open":
            brackets.append(at)
        elif kind == "close":
            if brackets:
                work += at - brackets.pop()
                after_bracket = mark.end()
        elif kind == "paren":
            parens.append(at if at == after_bracket else -1)
        elif kind == "shut":
            if parens and (address := parens.pop()) >= 0:
                work += at - address
        elif kind == "ticks":
            runs.append((at, mark.end() - at))
        elif kind == "tag":
            tag_end = _tag_end(text, at)
            work += tag_end - at
            if tag_end == len(text):
                opened = min(opened, at)
            if text.startswith("<!--", at):  # searched for, for each start tag, to the paragraph's end,
                work += (start_tags * (end - at) + len(text) - at) // COPY  # in a copy of the text's rest
            elif text[at + 1] != "/":
                start_tags += 1
        elif kind == "line":
            work += end - at
        if work > budget:
            return work, at, opened
    left = [at for at in brackets + parens if at >= 0]
    ticks, first = _code_spans(runs, end)
    work += sum(end - at for at in left) + ticks + _copies(text, start, end)
    opened = min(left + first + [opened])
    if opened < len(text):
        return work, opened, opened
    begins = _TEXT.search(text, start, end)  # its copies: the paragraph is where it goes over
    return work, begins.start() if begins else start, opened


def _copies(text: str, start: int, end: int) -> int:
    """The work of a paragraph's inline marks: each one an inline pattern matches makes the
    renderer copy the paragraph's text (with a placeholder for what it matched), about 1/COPY of
    a scanned character's cost: 125,000 "**a*" in one 500 KB paragraph took 26 s."""
    return sum(text.count(mark, start, end) for mark in _INLINE) * (end - start) // COPY


def _code_spans(runs: list[tuple[int, int]], end: int) -> tuple[int, list[int]]:
    """The work of a paragraph's code spans, and where the first one with no end starts, if any.
    Python-Markdown (3.11) looks from a run of k backticks for the next run of exactly k; when
    there is none it scans to the paragraph's end, then goes on 2k after the run's start, which
    may be inside the next run: "``a`" repeated makes every run such a scan."""
    of_length: dict[int, list[int]] = {}
    for i, (_, length) in enumerate(runs):
        of_length.setdefault(length, []).append(i)
    work, first, resume, i = 0, [], 0, 0
    while i < len(runs):
        at, length = runs[i]
        if at + length <= resume:  # skipped over
            i += 1
            continue
        begin = max(at, resume)
        ticks = at + length - begin
        later = of_length.get(ticks, [])
        j = bisect_right(later, i)
        if j < len(later):
            closing = runs[later[j]][0]
            work += closing - begin
            resume, i = closing + ticks, later[j] + 1
        else:
            work += end - begin
            first = first or [begin]
            resume, i = begin + 2 * ticks, i + 1
    return work, first


def _tag_end(text: str, at: int) -> int:
    """Where the tag, comment, CDATA section or instruction a "<" opens ends (quoted attribute
    values may hold ">"), or the text's end when nothing ends it."""
    for opening, closing in _TAG_ENDS:
        if text.startswith(opening, at):
            found = text.find(closing, at + len(opening))
            return len(text) if found < 0 else found + len(closing)
    at += 1
    while (found := _IN_TAG.search(text, at)) is not None:
        if found.group() == ">":
            return found.end()
        closing = text.find(found.group(), found.end())
        if closing < 0:
            break
        at = closing + 1
    return len(text)


def _over_depth(text: str) -> tuple[int, int] | None:
    """Where the text nests lists, notes and definitions deeper than DEPTH, and how deep, or None.
    A level is four columns of indentation (a tab is four); each definition in a paragraph is
    nested in the one before it."""
    if not _MAY_NEST.search("\n" + text):
        return None
    ends = [blank.start() for blank in _BLANK.finditer(text)] + [len(text)]
    block = definitions = 0
    for line in _NESTS.finditer(text):
        at = line.start()
        if at > ends[block]:
            block, definitions = bisect_right(ends, at - 1), 0
        indent = len(line.group(1).expandtabs(4))
        definitions += line.group(2) == ":" and indent <= 3
        if indent // 4 + definitions > DEPTH:
            return at, indent // 4 + definitions
    return None
