"""Pictures come from content/media only. An innovation shows the pictures its `images:` list
names (the model allows only media/<name>; generator/load/tree.py decides which files media/ may
hold), so each must be there. None sit in the Markdown text: an address there would have to work
from two page depths (/ideas/x/ and /en/ideas/x/), and the sanitiser removes pictures from the
text anyway (generator/sanitise.py), so that no page loads anything from another host. A picture
no innovation lists is reported too: published, it would be a file at a public address that no
page shows (a photo added by mistake, or left behind when an innovation changed its pictures)."""

from __future__ import annotations

import re
from typing import Iterator

from .problems import Problem
from .tree import shown_path

# ![alt](…), ![alt][ref] and ![ref] start with "![", and raw HTML pictures with "<img".
_PICTURE = re.compile(r"!\[|<img\b", re.IGNORECASE)
_TAG = re.compile(r"<(?i:img)\b")  # (a search that starts at one character: many times faster)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")


def body_problems(bodies: dict[str, str], first_line: dict[str, int], shown: dict[str, str]) -> Iterator[Problem]:
    """A problem at each line of the Markdown bodies (lang → text, the file line it starts on and
    the file it is in) that places a picture, outside code."""
    for lang, text in bodies.items():
        if "![" not in text and not _TAG.search(text):
            continue  # nearly every body: two quick searches decide
        fence = ""
        for number, line in enumerate(text.split("\n")):
            marker = _FENCE.match(line)
            if fence:  # inside a code block, until a fence of the same kind, at least as long
                if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence) \
                        and not line[marker.end():].strip():
                    fence = ""
                continue
            if marker:
                fence = marker.group(1)
                continue
            picture = _PICTURE.search(_CODE_SPAN.sub(lambda span: " " * len(span.group()), line))
            if picture:
                yield Problem.of(shown[lang], first_line[lang] + number, picture.start() + 1, "body", "body_image")


def missing(bank) -> Iterator[Problem]:
    """Each image of an innovation whose file is not among the pictures of content/media."""
    for rec in bank.ideas.values():
        for i, src in enumerate(rec.facts.images):
            if src not in bank.media:
                yield rec.source.problem(("images", i, "src"), "missing_image", value=src)


def unused(bank, unloaded: frozenset) -> Iterator[Problem]:
    """Each picture of content/media that no innovation lists; none while an innovation did not
    load (`unloaded`: kind and slug of each file that failed), which may be the one that lists it."""
    if any(kind == "ideas" for kind, _ in unloaded):
        return
    shown = {src for rec in bank.ideas.values() for src in rec.facts.images}
    for name in sorted(bank.media - shown):
        yield Problem.of(shown_path(bank.root / name), 1, 1, "", "unused_image")
