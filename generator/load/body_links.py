"""Links inside contributors' Markdown bodies. A link to another innovation, team or office is
written as its file (`../teams/mopa-innovation-team.md`, `online-leave.md`, `../offices/mopa.yaml`)
or in short as `idea:online-leave`, `team:…`, `office:…`; the site shows it as that page in the
language being read (generator/pages/body_links.py). Validation refuses a link to a page that
does not exist or to a file that is no page, with the file and line it is written on. Other links
go to a #section of the same page or to another website, which the sanitiser allows for https,
http and mailto only.

The links checked are the ones the site's Markdown renderer finds (the same Python-Markdown, with
the extensions mkdocs.yml enables), so a link in a code span is not a link here either. Rendering
costs milliseconds, so only a body that may hold a link to something other than a web address or
a #section is rendered: nearly every body is decided by looking for two characters."""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from urllib.parse import unquote

from ..model.common import web_address
from .problems import Problem
from .translate import suggest

# The short forms, and the content folder each names.
SCHEMES = {"idea": "ideas", "team": "teams", "office": "offices"}
# The schemes of the links to other websites a page may hold.
WEB_SCHEMES = {"http", "https", "mailto"}
# The endings of a page's file in each folder: the first is how it is named; an English body's
# file stands for the same page.
_FILES = {"ideas": (".md", ".en.md"), "teams": (".md", ".en.md"), "offices": (".yaml", ".yml")}
# mkdocs.yml's markdown_extensions and those MkDocs always adds (toc, tables, fenced_code), so this
# renderer finds the links the site's does (a test keeps the two equal).
MARKDOWN_EXTENSIONS = ("toc", "tables", "fenced_code", "def_list", "admonition")

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
_IGNORED = re.compile(r"[\x00-\x20]")  # browsers drop these from an address: "java\tscript:" is javascript:
# A web address whose host is plainly a name the fields' rule (model.common) accepts: English
# letters, no "xn--" label, a last label that starts with a letter (no IP address), a port below
# 10000. Any other host is checked with the rule itself.
_PLAIN = r"https?://(?:(?!xn--)[a-z0-9_][a-z0-9_\-]*\.)*(?!xn--)[a-z_][a-z0-9_\-]*\.?(?::[1-9][0-9]{0,3})?(?=[/?#)\s>\"']|$)"
_WEB = rf"(?!{_PLAIN}|mailto:|#)"
# Where Python-Markdown can make a link whose address is not a plain web address or a #section: an
# inline link, a reference definition, raw HTML, an autolink. Possessive, so the whitespace
# before an address cannot be given back to make the look-ahead see a space.
_MAY_LINK = re.compile(rf"\]\(\s*+<?+{_WEB}|\]:\s*+<?+{_WEB}|<(?:a\b|(?!{_PLAIN}|mailto:)[a-z][a-z0-9+.\-]*:)", re.I)
# Where an address is written: after "](", "]:" or href=; and the address, when plainly written.
_WRITTEN = re.compile(r"(?:\]\(\s*+<?|\]:\s*+<?|href\s*=\s*[\"']?)([^\s\"'<>()]*)", re.I)
# "Did you mean" compares a name with every page's (a second at 10,000 innovations): a load gives
# it to this many links at most.
SUGGESTIONS = 20


@dataclass(frozen=True)
class PageLink:
    """A link to a page of the bank, as written: the folder it names, the file name (slug) and
    the #fragment (kept, without the "#")."""

    kind: str
    name: str
    fragment: str
    short: bool  # written as idea:/team:/office:, not as a file


def scheme(href: str) -> str | None:
    """The scheme of an address as a browser reads it ("https", "idea"), lowercase; None for a
    relative address."""
    found = _SCHEME.match(_IGNORED.sub("", href))
    return found.group(1).lower() if found else None


def off_site(address: str) -> bool:
    """Whether an address with no scheme leads to another host: "//host/…", or "/\\host/…", which a
    browser reads as the same."""
    return _IGNORED.sub("", address).replace("\\", "/").startswith("//")


def parse(href: str, folder: str) -> PageLink | str | None:
    """What a link in a body of content/<folder>/ leads to: a page of the bank (a PageLink,
    which may not exist), nothing of the bank's (None: another website, a #section), "url_scheme":
    an address the site does not publish (any scheme but https, http and mailto; a host a field
    could not hold, model.common.web_address; a host without its scheme, "//host", which a
    browser opens as a website), or "unknown_link": a file that is no page. A path is read from
    the file's folder, or from content/ when it starts with "/"."""
    path, _, fragment = _IGNORED.sub("", href).partition("#")
    name = scheme(path)
    if name:
        if name in SCHEMES:
            return PageLink(SCHEMES[name], path[len(name) + 1:], fragment, short=True)
        if name == "mailto" or name in WEB_SCHEMES and web_address(_IGNORED.sub("", href)):
            return None
        return "url_scheme"
    if not path:  # a #section
        return None
    if off_site(path):
        return "url_scheme"
    kind, _, name = posixpath.normpath(posixpath.join(folder, unquote(path))).lstrip("/").partition("/")
    for suffix in sorted(_FILES.get(kind, ()), key=len, reverse=True):
        if name.endswith(suffix) and "/" not in name:
            return PageLink(kind, name[: -len(suffix)], fragment, short=False)
    return "unknown_link"


def find(bank, link: PageLink, old_names: dict[str, str] | None = None) -> str | None:
    """The slug of the page a link leads to; an innovation's old name (aliases) still leads to it.
    Pass `old_names(bank)` when many links may lead nowhere."""
    if link.name in getattr(bank, link.kind):
        return link.name
    if link.kind != "ideas":
        return None
    return (old_names or renamed(bank)).get(link.name)  # a link to a renamed innovation, or none


def renamed(bank) -> dict[str, str]:
    """Old name → slug, for every innovation's aliases."""
    return {alias: slug for slug, rec in bank.ideas.items() for alias in rec.facts.aliases}


def may_link(body: str) -> bool:
    """False when every link the body can hold leads to a web address or a #section."""
    # Most bodies hold neither character, and looking for one is many times faster than the pattern.
    return ("]" in body or "<" in body) and _MAY_LINK.search(body) is not None


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)


def hrefs(body: str, md) -> list[str]:
    """Every link address of the body as rendered, in order."""
    md.reset()
    anchors = _Anchors()
    anchors.feed(md.convert(body))
    anchors.close()
    return anchors.hrefs


def renderer():
    """A Python-Markdown renderer (`md` of hrefs). Imported here: a load renders only the bodies
    that may link to a page, and nearly none do."""
    import markdown

    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))


class _Places:
    """Where each address is written in a body, and where its lines start, found in one pass (a
    body may hold thousands of links)."""

    def __init__(self, body: str):
        self.starts: list[int] = []
        self.of: dict[str, list[int]] = {}
        for match in _WRITTEN.finditer(body):
            self.starts.append(match.start(1))
            self.of.setdefault(match.group(1), []).append(match.start(1))
        self.lines = [0] + [m.end() for m in re.finditer("\n", body)]

    def line_column(self, at: int) -> tuple[int, int]:
        """The 0-based line and 1-based column of a place in the body."""
        line = bisect_right(self.lines, at) - 1
        return line, at - self.lines[line] + 1

    def find(self, href: str, start: int) -> int:
        """Where the address is written: its first place from `start` (links come in order), or
        its first place (a reference used twice is defined once). An address written with escapes
        is not found as rendered: then the next place any address is written."""
        places = self.of.get(href, [])
        i = bisect_left(places, start)
        if i < len(places):
            return places[i]
        if places:
            return places[0]
        i = bisect_left(self.starts, start)
        return self.starts[i] if i < len(self.starts) else start


def _suggestion(bank, href: str, folder: str, link: PageLink | str) -> str:
    """The address as it should probably have been written, in the form it was written in."""
    if isinstance(link, PageLink):
        close = suggest(link.name, list(getattr(bank, link.kind)))
        if not close:
            return ""
        written = _IGNORED.sub("", href).partition("#")[0]  # put right, and written as it was
        head, slash, base = written.rpartition("/")
        if link.short:
            path = written[: written.index(":") + 1] + close
        elif base.startswith(link.name):
            path = head + slash + close + base[len(link.name):]
        else:  # the name was written with %-escapes
            path = posixpath.relpath(f"{link.kind}/{close}{_FILES[link.kind][0]}", folder)
        return path + (f"#{link.fragment}" if link.fragment else "")
    # A file that is no page: the page of any kind whose name is closest to the file's.
    kinds = {slug: kind for kind in reversed(_FILES) for slug in getattr(bank, kind)}
    close = suggest(posixpath.basename(href.partition("#")[0].rstrip("/")).split(".")[0], list(kinds))
    return posixpath.relpath(f"{kinds[close]}/{close}{_FILES[kinds[close]][0]}", folder) if close else ""


def link_problems(bank, unloaded: frozenset[tuple[str, str]] = frozenset()) -> list[Problem]:
    """Every link in every body that leads to no page of the bank and to no other website, with
    the file and line where it is written; not one to a file there with problems of its own
    (`unloaded`: (folder, name))."""
    check = _Check(bank, unloaded)
    for folder in ("ideas", "teams"):
        for rec in getattr(bank, folder).values():
            for lang in rec.facts.linking:  # may_link(body)
                check.body(rec.body[lang], folder, rec.source.body_shown(lang), rec.body_line[lang])
    return check.found


class _Check:
    """What checking the bodies of one bank needs once: the renderer, the innovations' old
    names, and the "did you mean"s given so far."""

    def __init__(self, bank, unloaded: frozenset[tuple[str, str]]):
        self.bank, self.unloaded = bank, unloaded
        self.found: list[Problem] = []
        self.suggestions: dict[tuple[str, str], str] = {}  # (folder, address) → suggestion

    @cached_property
    def md(self):
        return renderer()

    @cached_property
    def old_names(self) -> dict[str, str]:
        return renamed(self.bank)

    def body(self, body: str, folder: str, shown: str, first_line: int) -> None:
        places, start = None, 0
        for href in hrefs(body, self.md):
            link = parse(href, folder)
            if link is None or isinstance(link, PageLink) and (
                    find(self.bank, link, self.old_names) or (link.kind, link.name) in self.unloaded):
                continue
            places = places or _Places(body)
            at = places.find(href, start)
            start = at + 1
            key = (folder, href)
            if key not in self.suggestions and len(self.suggestions) < SUGGESTIONS:
                self.suggestions[key] = _suggestion(self.bank, href, folder, link)
            line, column = places.line_column(at)
            self.found.append(Problem.of(shown, first_line + line, column, "body",
                                         link if isinstance(link, str) else "unknown_link", value=href,
                                         suggestion=self.suggestions.get(key, "")))
