"""Plain words for the YAML mistakes officers make. A parser says "found character that cannot
start any token" about a tab, in English; an officer needs to hear "indent with spaces" in both
languages. Each common mistake has its own catalogue message (problem.yaml_*); the parser's words
stay in it only as a detail, and what is not recognised gets the general problem.yaml."""

from __future__ import annotations

import re
import unicodedata

# What the parser said (libyaml's problem and context, or yaml-rs's message) → the mistake, in order.
_MISTAKES = (
    ("yaml_tab", r"\btabs?\b"),
    ("yaml_escape", r"escape"),
    ("yaml_tag", r"constructor for the tag|tag handle"),
    ("yaml_document", r"document start|another document|directive"),
    ("yaml_quote", r"quoted scalar|after (double|single)-quote"),
    ("yaml_bracket", r"flow (sequence|mapping|node)|expected ',' or [\]}]|unclosed bracket"),
    ("yaml_colon", r"could not find expected ':'|simple key expect ':'"),
    ("yaml_value_colon", r"mapping values are not allowed"),
    ("yaml_indent", r"did not find expected (key|'-' indicator)|block (mapping|collection)|indentation"),
)
_QUOTES = "\"'"
# Typographic quotation marks, which word processors put in and YAML reads as text: “অনলাইন সেবা”
# pasted as a value would be the title with its quotes, shown in the page's heading.
CURLY_OPEN, CURLY_CLOSE = "“‘«„", "”’»“"
CURLY = CURLY_OPEN + CURLY_CLOSE


def syntax_code(error: Exception, text: str) -> str:
    """The problem code for a YAML syntax error in text: problem.yaml_<mistake>, or "yaml". A line
    with a typographic quotation mark (“…”) gets problem.yaml_curly: the officer thinks the value
    is quoted, and what the parser says about it (put the value in quotes) would puzzle them."""
    said = " ".join(str(part) for part in (getattr(error, "problem", None), getattr(error, "context", None))
                    if part) or str(error)
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        line = (text.split("\n")[mark.line:mark.line + 1] or [""])[0]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent or line[mark.column:mark.column + 1] == "\t":
            return "yaml_tab"
        if any(unicodedata.category(c) == "Cf" for c in line[:mark.column + 1]):
            return "yaml_invisible"  # a byte-order mark or zero-width space before the field name
        if any(quote in line for quote in CURLY):
            return "yaml_curly"
        before, at = line[:mark.column].rstrip(), line[mark.column:mark.column + 1]
        if before[-1:] and before[-1] in _QUOTES and at not in ": ":
            return "yaml_quote"  # text right after a closing quote: title: "ab"c", or a quote left open above
    for code, words in _MISTAKES:
        if re.search(words, said):
            return code
    return "yaml"


def curly_quoted(value: str) -> bool:
    """Whether a whole value is in typographic quotation marks (“…”, ‘…’, «…», „…“); such marks
    inside the text are the officer's own."""
    value = value.strip()
    return len(value) > 1 and value[0] in CURLY_OPEN and value[-1] in CURLY_CLOSE
