"""Contributors' Markdown bodies to HTML, as MkDocs' Page.render converts them (the same HTML),
on one converter a process keeps, and without Python-Markdown's work that changes nothing in a
body's HTML. At 2,000 innovations Markdown was a quarter of a render worker's page: each page
registered MkDocs' four processors again (and so sorted the registry again); every text, most of
them plain Bengali prose, was tried against each of the 14 inline patterns, and every block, most
of them plain paragraphs, against each block processor before the paragraph's; and toc built,
serialised and post-processed a table of contents for every body, which no page shows."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.toc import TocExtension, TocTreeprocessor, nest_toc_tokens, unique
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from markdown.treeprocessors import InlineProcessor
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page, _ExtractAnchorsTreeprocessor, _RawHTMLPreprocessor, _RelativePathTreeprocessor

# What a text must hold for any of Python-Markdown's own inline patterns to match in it (their
# regular expressions, markdown/inlinepatterns.py): a backtick (code), a backslash (escapes), "["
# (links, references, and pictures' "!["), "<" (autolinks, inline HTML), "&" (entities), "*" or
# "_" (emphasis), two spaces before a line's end (a line break).
_INLINE_TRIGGER = re.compile(r"[`\\\[<&*_]|  \n")
_OWN_PATTERNS = {"backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                 "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong"}


class _Inline(InlineProcessor):
    """Python-Markdown's inline processor, which leaves a text in which no pattern can match as it
    is instead of trying every pattern on it (registered only when the patterns are its own)."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if _INLINE_TRIGGER.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


# Python-Markdown's block processors (with the tables, def_list and admonition extensions), each
# tried in turn on every block before the paragraph's. None of them takes a block in which no
# line begins with whitespace, a digit (any script's: "১." begins a list) or one of "!#=-_*+>[:",
# and which has no "|" (a table's): such a block, most of a body, is a paragraph.
_BLOCK_TRIGGER = re.compile(r"(?:^|\n)[\s!#=\-_*+>\[:\d]|\|")
_OWN_BLOCKS = {"empty", "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote",
               "reference", "paragraph", "table", "defindent", "deflist", "admonition"}


class _Paragraph(BlockProcessor):
    """A block that is plainly a paragraph made one by the paragraph processor straight away
    (registered first, only when the block processors are those above)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(block) and _BLOCK_TRIGGER.search(block) is None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        self.parser.blockprocessors["paragraph"].run(parent, blocks)


# What a body must hold for a preprocessor to change it or find anything: raw HTML's "<" (or an
# entity's "&", which Python-Markdown's HTML parser reads) and a fence's backticks or tildes. Without
# them each gives back the lines it was given, after joining them, parsing or searching the whole
# body (and splitting it again): 2–3% of a page's render. (name, class, priority, trigger)
_PREPROCESSOR_TRIGGERS = (("html_block", HtmlBlockPreprocessor, 20, re.compile(r"[<&]")),
                          ("mkdocs_raw_html", _RawHTMLPreprocessor, 21, re.compile(r"<")),  # the ids of raw HTML
                          ("fenced_code_block", FencedBlockPreprocessor, 25, re.compile(r"```|~~~")))


class _Triggered(Preprocessor):
    """A preprocessor run only on a body in which it can find something to do."""

    def __init__(self, processor: Preprocessor, trigger: re.Pattern):
        super().__init__(processor.md)
        self.processor, self.trigger = processor, trigger

    def run(self, lines: list[str]) -> list[str]:
        if not any(self.trigger.search(line) for line in lines):
            return lines
        return self.processor.run(lines)


# What makes a heading's text other than its inner HTML as toc reads it: a child element, an
# entity or tag, and the placeholders of stashed HTML and escapes
_NOT_PLAIN = re.compile(r"[&<>\x02\x03]")


class _Toc(TocTreeprocessor):
    """toc's ids of headings (kept on the page) without its table of contents, which nothing reads
    (a page's `toc` stays empty) unless the body holds toc's marker, which the table replaces.
    md.toc is an empty table otherwise; md.toc_tokens are toc's own. A body whose headings are
    plain text (most of them) is given its ids without toc serialising each heading and running
    the postprocessors on it to read its text back (two fifths of toc's time)."""

    def run(self, doc: etree.Element) -> None:
        self.table = bool(self.marker) and any(self.marker in (el.text or "") for el in doc.iter())
        headings = [el for el in doc.iter() if isinstance(el.tag, str) and self.header_rgx.match(el.tag)]
        if (self.table or self.use_anchors or self.use_permalinks not in (False, None)
                or not all(len(el) == 0 and not el.attrib and not _NOT_PLAIN.search(el.text or "") for el in headings)):
            super().run(doc)
            return
        used_ids = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        tokens = []
        for el in headings:  # toc's run, for a heading whose inner HTML is its text
            self.set_level(el)
            inner = (el.text or "").strip()
            name = " ".join(inner.split())
            el.attrib["id"] = unique(self.slugify(name, self.sep), used_ids, counters)
            level = int(el.tag[-1])
            if self.toc_top <= level <= self.toc_bottom:
                tokens.append({"level": level, "id": el.attrib["id"], "name": name, "html": inner, "data-toc-label": ""})
        self.md.toc_tokens = nest_toc_tokens(tokens)
        self.md.toc = self.md.serializer(etree.Element("div"))  # build_toc_div's, with no table
        for postprocessor in self.md.postprocessors:
            self.md.toc = postprocessor.run(self.md.toc)

    def build_toc_div(self, toc_list: list) -> etree.Element:
        return super().build_toc_div(toc_list) if self.table else etree.Element("div")

    def replace_marker(self, root: etree.Element, elem: etree.Element) -> None:
        if self.table:
            super().replace_marker(root, elem)


class Converter:
    """One process's converter of bodies, with MkDocs' processors (relative links, the anchors a
    page has and links to) registered once and told each page's file."""

    def __init__(self, config, files: Files):
        self.md = md = markdown.Markdown(extensions=config.markdown_extensions,
                                         extension_configs=config.mdx_configs or {})
        if sum(name in md.inlinePatterns for name in _OWN_PATTERNS) == len(md.inlinePatterns):
            md.treeprocessors.register(_Inline(md), "inline", 20)
        blocks = md.parser.blockprocessors
        if sum(name in blocks for name in _OWN_BLOCKS) == len(blocks):
            blocks.register(_Paragraph(md.parser), "plain paragraph", 200)
        for extension in md.registeredExtensions:
            if type(extension) is TocExtension:
                md.treeprocessors.register(_Toc(md, extension.getConfigs()), "toc", 5)
        self.raw_html = _RawHTMLPreprocessor()
        self.raw_html._register(md)
        for name, kind, priority, trigger in _PREPROCESSOR_TRIGGERS:
            if name in md.preprocessors and type(md.preprocessors[name]) is kind:
                md.preprocessors.register(_Triggered(md.preprocessors[name], trigger), name, priority)
        self.anchors = _ExtractAnchorsTreeprocessor(None, files, config)
        self.anchors._register(md)
        self.relative = _RelativePathTreeprocessor(None, files, config)
        self.relative._register(md)
        # MkDocs' fourth, the title from a body's first heading, is left out: a page's title is its record's

    def convert(self, page: Page) -> None:
        """Page.render's work: page.content, and the anchors it has and links to. An empty body
        is no HTML (Markdown's convert returns "" for it before any processor runs)."""
        if not page.markdown.strip():
            page.content, page.present_anchor_ids, page.links_to_anchors = "", set(), {}
            return
        self.raw_html.present_anchor_ids, self.anchors.present_anchor_ids = set(), set()
        self.relative.file, self.relative.links_to_anchors = page.file, {}
        self.md.reset()
        page.content = self.md.convert(page.markdown)
        page.present_anchor_ids = self.anchors.present_anchor_ids | self.raw_html.present_anchor_ids
        page.links_to_anchors = self.relative.links_to_anchors
