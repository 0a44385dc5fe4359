"""The comment the pull-request check leaves for the officer: every problem in Bengali and English
(file, line, what to do), the pages the pull request adds, changes or removes, and where to find
the preview of the built site.

The check's job (.github/workflows/pr.yml, no write token) writes it as Markdown into an artifact;
.github/workflows/pr-comment.yml posts it as one comment on the pull request, edited on every push.
Everything an officer wrote that the comment repeats (a file name, a value quoted in a message)
is escaped, so the comment shows it as text: it formats nothing, links nowhere, mentions nobody."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path, PurePosixPath

from ..i18n import LANGUAGES, t
from ..load import Bank, Problem
from ..pages import url_of

SHOWN = 100  # problems listed; the rest are in the check's log (a comment holds 65,536 characters)
_STATES = ("added", "changed", "removed")


@dataclass
class PageChange:
    key: str  # the page's address without the language prefix, e.g. "ideas/online-leave"
    state: str  # added | changed | removed
    languages: list[str] = field(default_factory=list)


def changed_files(root: Path, base: str) -> list[tuple[str, str]]:
    """(A, M or D, path) of every file under content/ that HEAD changes from base."""
    out = subprocess.run(["git", "-C", str(root), "diff", "--name-status", "--no-renames", "-z", base, "HEAD",
                          "--", "content/"], capture_output=True, check=True).stdout.decode("utf-8", "replace")
    fields = out.split("\0")
    return [(fields[i][:1], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]


def page_changes(changes: list[tuple[str, str]], bank: Bank) -> list[PageChange]:
    """The pages of the changed files, in both languages (an English text changes the English page
    only); a changed picture changes the pages of the innovations that show it."""
    found: dict[str, PageChange] = {}

    def note(key: str, state: str, languages, whole: bool = True) -> None:
        """whole: the page's own file (it is added or removed with it); else only its English text."""
        page = found.setdefault(key, PageChange(key, state))
        if whole:
            page.state = state
        page.languages = [lang for lang in LANGUAGES if lang in page.languages or lang in languages]

    for status, path in changes:
        parts = PurePosixPath(path).parts
        if len(parts) != 3 or parts[0] != "content":
            continue
        folder, name = parts[1], parts[2]
        if folder == "media":
            for slug, rec in bank.ideas.items():
                if any(image.src == f"media/{name}" for image in rec.item.images):
                    note(f"ideas/{slug}", "changed", LANGUAGES)
        elif folder in ("ideas", "teams", "offices"):
            if name.endswith(".en.md"):
                note(f"{folder}/{name[:-len('.en.md')]}", "changed", ["en"], whole=False)
            else:
                note(f"{folder}/{name.rsplit('.', 1)[0]}", {"A": "added", "D": "removed"}.get(status, "changed"),
                     LANGUAGES)
    return sorted(found.values(), key=lambda p: (_STATES.index(p.state), p.key))


_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")
# What GitHub makes a link of in text: an address that starts with www. or a scheme's :// (GFM's
# extended autolinks: `www.evil-phish.example/login` needs neither), an e-mail address, an
# @mention and an issue's #number. A WORD JOINER (U+2060, invisible) after the www, the colon, the
# @ and the # breaks each; a backslash would not: GitHub finds e-mail addresses, mentions and
# issue numbers in the text the Markdown has become, where the escape is gone.
_LINKED = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?<=[@#])")


def _text(value: str) -> str:
    """Markdown that shows value as it is: no formatting, no HTML, no link, no @mention."""
    value = " ".join(str(value).split())
    return _LINKED.sub("\u2060", _SPECIAL.sub(r"\\\1", value))


def _code(value: str, cell: bool = False) -> str:
    """A code span holding value, however many backticks it has. In a table's cell (cell=True) a
    | ends the cell even in a code span, unless escaped: GitHub's tables take the backslash away."""
    value = " ".join(str(value).split()).replace("@", "@\u2060")
    if cell:
        value = value.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    return f"{fence} {value} {fence}"


def _both(key: str, sep: str = " ", **values) -> str:
    """Bengali, then English: sentences one after the other, labels with sep=" · "."""
    return f"{t(key, 'bn', **values)}{sep}{t(key, 'en', **values)}"


def _problems(problems: list[Problem]) -> list[str]:
    lines = []
    for file, group in groupby(problems, key=lambda p: p.file):
        lines.append(f"\n**{_code(file)}**\n")
        for p in group:
            where = f"{t('pr.line', 'bn', line=p.line)} · {t('pr.line', 'en', line=p.line)}"
            lines.append(f"- **{where}**" + (f" · {_code(p.field)}" if p.field else ""))
            lines.append(f"  - {_text(p.bn)}")
            lines.append(f"  - {_text(p.en)}")
    return lines


def comment(problems: list[Problem], pages: list[PageChange], preview: str | None) -> str:
    """The comment's Markdown. `problems` are the validation's, errors and warnings; `preview` is
    the address of the check's run, whose artifacts hold the built site, or None when it was not
    built."""
    errors = sorted(p for p in problems if p.error)
    warnings = sorted(p for p in problems if not p.error)
    lines = [f"### {_both('pr.title', ' · ')}", ""]
    lines.append(f"**{_both('pr.errors', count=len(errors))}**" if errors else f"**{_both('pr.valid')}**")
    if errors:
        lines += ["", _both("pr.fix")]
        lines += _problems(errors[:SHOWN])
    if warnings:
        lines += ["", f"#### {_both('pr.warnings', ' · ')}"]
        lines += _problems(warnings[:max(0, SHOWN - len(errors))])
    hidden = max(0, len(errors) - SHOWN) + max(0, len(warnings) - max(0, SHOWN - len(errors)))
    if hidden:
        lines += ["", _both("pr.more", count=hidden)]
    lines += ["", f"#### {_both('pr.pages', ' · ')}", ""]
    if pages:
        lines += [f"| {_both('pr.change', ' · ')} | {_both('pr.page_bn', ' · ')} | {_both('pr.page_en', ' · ')} |", "|---|---|---|"]
        for page in pages:
            cells = [_code("/" + url_of(page.key, lang), cell=True) if lang in page.languages else "" for lang in LANGUAGES]
            lines.append(f"| {_both('pr.' + page.state, ' · ')} | {' | '.join(cells)} |")
        lines += ["", _both("pr.lists")]
    else:
        lines.append(_both("pr.no_pages"))
    lines.append("")
    if preview:
        lines.append(f"{t('pr.preview', 'bn', link=preview)}\n\n{t('pr.preview', 'en', link=preview)}")
    else:
        lines.append(_both("pr.no_preview"))
    return "\n".join(lines) + "\n"
