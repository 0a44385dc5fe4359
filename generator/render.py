"""Rendering the generated pages straight from their templates, outside MkDocs' per-page pipeline.

MkDocs makes a new Markdown converter for every page (loading its extensions again each time)
and sends every page through its events one after another, in one process: at 10,000
innovations that is most of a build. Here a process that renders makes one converter with
MkDocs' own processors (generator/bodies.py: the same relative links and anchor checks), and
renders the page's template with the context MkDocs would give it: the same Page (address,
canonical URL, title), the same variables, the same bytes. generator/parallel.py runs it in
worker processes forked after the one load, each rendering a share of the pages in both
languages."""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import urljoin, urlsplit

from markupsafe import escape
from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .bodies import Converter
from .load import ContentError
from .pages import LangPage, body_links, contribute, url_of
from .sanitise import sanitise
from .templating import strings


def meta(lang_page: LangPage) -> dict:
    """The page's meta as the templates read it. Material prints title and description
    unescaped: they are given escaped."""
    return {"template": lang_page.page.template, "lang": lang_page.lang, "hide": ["navigation", "toc"],
            "updated": lang_page.page.data.get("updated"),
            "title": str(escape(lang_page.title)), "description": str(escape(lang_page.description))}


def content(lang_page: LangPage, html: str, bank) -> str:
    """Contributors' HTML, sanitised, with links to the bank's pages resolved."""
    try:
        return sanitise(html, link=body_links.resolver(lang_page, bank))
    except ContentError as error:
        raise PluginError(str(error)) from None


def context(lang_page: LangPage, edit_url: str | None) -> dict:
    """What a page's template reads besides MkDocs' own variables."""
    return {**lang_page.page.data, "page_lang": lang_page.lang, "t": strings(lang_page.lang),
            "fallback": lang_page.fallback,
            "twin": url_of(lang_page.page.key, "en" if lang_page.lang == "bn" else "bn"),
            "page_key": lang_page.page.key, "edit_url": edit_url, "form_query": contribute.form_link(lang_page.page.key)}


def write_page(html: bytes, path: str) -> None:
    """mkdocs.utils.write_file for a page, whose folder is its own and new: one mkdir, where
    makedirs first looks for the parent (a stat as costly as the mkdir, on every page); and the
    file written unbuffered, where open() also asks for its size, whether it is a terminal and
    where it stands (three system calls more a page)."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:  # its parent is new too (the first page of a section)
        os.makedirs(folder, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        left = memoryview(html)
        while left:
            left = left[os.write(fd, left):]
    finally:
        os.close(fd)


# A page's address as File writes it (quoted, relative, no "." or ".." folder, no query): joined to
# the site's address, it is only appended to it
_PLAIN_URL = re.compile(r"(?:[\w~%-][\w~%.-]*/)*(?:[\w~%-][\w~%.-]*)?", re.ASCII)


class Pages:
    """MkDocs Pages made as Page.__init__ makes them, but for what every page of a build shares:
    Page.__init__ asks for the date and time and formats it (update_date), and joins and splits
    the page's canonical URL with urllib (3% of a page's render together). The first Page is
    MkDocs' own; each next one starts with the attributes that one had when it was made, and
    is given its own file, URLs and placeholders. A page whose address is not a plain one, or
    every page under a config that gives pages an edit link of MkDocs' (edit_uri), is MkDocs' own."""

    def __init__(self, config):
        self.config = config
        self.made: dict | None = None  # the first Page's attributes as Page.__init__ left them
        self.same = not (config.get("edit_uri") or config.get("edit_uri_template"))
        base = config.get("site_url") or None
        if base and not base.endswith("/"):
            base += "/"
        self.base = base and urljoin(base, "_")[:-1]  # what a plain relative address is appended to
        self.path = base and urlsplit(self.base).path

    def __call__(self, file) -> Page:
        url = file.url
        if self.made is None or not self.same or not (url and _PLAIN_URL.fullmatch(url)):
            page = Page(None, file, self.config)
            if self.made is None and self.same:
                self.made = dict(page.__dict__)
            return page
        page = Page.__new__(Page)
        page.__dict__.update(self.made)
        file.page, page.file = page, file
        page.toc, page.meta = [], {}
        if self.base:
            page.canonical_url, page.abs_url = self.base + url, self.path + url
        return page


class Renderer:
    """Renders LangPages into config.site_dir. `files` holds every generated page's File (the
    relative links of a body resolve against it); `edit_url` gives a page's "propose a change"
    link."""

    def __init__(self, config, env, files: Files, bank, edit_url):
        self.config, self.env, self.files, self.bank, self.edit_url = config, env, files, bank, edit_url
        self.converter: Converter | None = None  # made in the process that renders
        # read once: MkDocs' nested config options are descriptors, 2% of a page asked every time
        self.anchors = config.validation.links.anchors
        self.links = [posixpath.normpath(str(path)) for path in (*config.extra_css, *config.extra_javascript)]  # values()
        self.shared: dict[str, dict] = {}  # a folder's get_context, but its `page`
        self.pages = Pages(config)

    def values(self, page: Page) -> dict:
        """get_context(None, [], config, page), a new dict, made once for the pages of a folder
        (the innovation pages of a language, the pages of one listing): what it writes from the
        page, its links to the site's root (base_url) and styles (extra_css, extra_javascript),
        depends only on the page's depth and on the folders the page shares with them, the same
        for such pages unless a link leads into their folder. 1–2% of a page, made for each."""
        folder = page.url.rstrip("/").rpartition("/")[0]
        shared = self.shared.get(folder)
        if shared is None:
            shared = get_context(None, [], self.config, page)
            if folder and not any(path.startswith((folder + "/", "../")) for path in self.links):
                self.shared[folder] = shared
        return {**shared, "page": page}

    def render(self, lang_page: LangPage) -> bytes:
        """Writes the page; its bytes, which the caller keys for search without reading them back."""
        file = self.files.src_uris[lang_page.src_uri]  # already POSIX: get_file_from_path would parse it again
        page = self.pages(file)
        page.markdown, page.meta = lang_page.markdown, meta(lang_page)
        try:
            if self.converter is None:
                self.converter = Converter(self.config, self.files)
            self.converter.convert(page)
            page.content = content(lang_page, page.content, self.bank)
            values = self.values(page)
            values.update(context(lang_page, self.edit_url(lang_page)))
            html = self.env.get_template(page.meta["template"]).render(values)
        except Exception as error:
            raise PluginError(f"Error building page '{lang_page.src_uri}': {error}") from error
        written = html.encode("utf-8", errors="xmlcharrefreplace")
        write_page(written, file.abs_dest_path)
        if self.anchors:
            page.validate_anchor_links(files=self.files, log_level=self.anchors)
        file.page = None  # the page is written: let it go
        return written

