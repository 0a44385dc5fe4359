"""A link in a contributor's body to another innovation, team or office (see
generator/load/body_links.py) becomes that page's address in the language of the page it is on,
relative to that page, so the site works under any path (/innobank/)."""

from __future__ import annotations

import posixpath
from typing import Callable

from ..load import ContentError, Problem, shown_path
from ..load.body_links import PageLink, find, hrefs, parse, renamed, renderer
from . import LangPage, url_of


def resolver(lang_page: LangPage, bank) -> Callable[[str], str]:
    """The function that gives each link address of this page's body its published address."""
    folder = lang_page.page.key.split("/", 1)[0]
    here = url_of(lang_page.page.key, lang_page.lang)

    def resolve(href: str) -> str:
        link = parse(href, folder)
        slug = find(bank, link) if isinstance(link, PageLink) else None
        if slug is not None:
            address = posixpath.relpath(url_of(f"{link.kind}/{slug}", lang_page.lang), here) + "/"
            return address + (f"#{link.fragment}" if link.fragment else "")
        if link is None or link == "url_scheme" or href.partition("#")[0].endswith("/"):
            # another website, a #section, an address the sanitiser refuses; or a page's address
            # MkDocs made of a .md file it knows
            return href
        # The loader refuses every other link, and sees the links this renderer sees; should the
        # two ever differ, the build stops rather than publish a broken link.
        source = lang_page.page.source
        raise ContentError([Problem.of(shown_path(source) if source else lang_page.src_uri, 1, 1, "body",
                                       "unknown_link", value=href)])

    return resolve


def targets(rel, record, folder: str) -> tuple:
    """Where the links of a record's bodies to the bank's pages lead: another file's change can
    move one (an innovation renamed, its old name kept in its aliases), so a page shows them in
    its data, and a build that compares its inputs or its fingerprint sees the move. Only the
    bodies that may link are read (load.facts), and nearly none do."""
    if not record.facts.linking:
        return ()
    if "body links" not in rel.derived:
        rel.derived["body links"] = renderer(), renamed(rel.bank)
    md, old_names = rel.derived["body links"]
    found = []
    for lang in record.facts.linking:
        for href in hrefs(record.body[lang], md):
            link = parse(href, folder)
            if isinstance(link, PageLink):
                found.append((link.kind, find(rel.bank, link, old_names)))
    return tuple(found)
