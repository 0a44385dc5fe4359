"""JSON as the site writes it, every file of it (the open data, the web form's lists and
bundles, the search index's entry and shard lists): compact, and its text as it is (a Bengali
letter is three bytes of UTF-8, six of a \\u escape), except the characters a reader that splits
text into lines breaks at which JSON leaves as they are: U+2028 and U+2029 (a quoted paragraph
may hold them) and NEL (a content file's own text may, in the form's source bundles). JSON allows
them in a string, but Python's str.splitlines, and a JavaScript older than ES2019 that evaluates
JSON as code, saw a bulk NDJSON line holding one as two lines, neither of them a record. Outside
the layers (as sanitise.py is), so that pages/ writes it as publish/ does."""

from __future__ import annotations

import json

_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if "\u2028" in text or "\u2029" in text or "\x85" in text:  # nearly never: three looks, no copy
        text = text.translate(_LINE_BREAKS)
    return text
