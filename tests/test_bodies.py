"""generator/bodies.py gives a body the HTML MkDocs' own Page.render gives it, with the same anchors
found, though it skips the work that changes nothing: for every body of the sample content, for
bodies that use each piece of Markdown the rules allow, and for generated text made of Markdown's
special characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.bodies import Converter, _Inline, _Paragraph, _Toc, _Triggered

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("ideas/online-leave.md", "ideas/other.md", "en/ideas/other.md", "teams/lgd-innovation-team.md")


@pytest.fixture(scope="module")
def site():
    config = load_config(str(ROOT / "mkdocs.yml"))
    files = Files([File(uri, None, config.site_dir, config.use_directory_urls) for uri in PAGES])
    converter = Converter(config, files)
    # the shortcuts are in place (a Python-Markdown whose patterns are not its own would have none)
    assert isinstance(converter.md.treeprocessors["inline"], _Inline)
    assert isinstance(converter.md.treeprocessors["toc"], _Toc)
    assert isinstance(converter.md.parser.blockprocessors[0], _Paragraph)
    assert all(isinstance(converter.md.preprocessors[name], _Triggered)
               for name in ("html_block", "mkdocs_raw_html", "fenced_code_block"))
    return config, files, converter


def converted(site, body: str, uri: str = "ideas/other.md") -> tuple:
    """The body as MkDocs converts it, and as the converter does (after another body, as in a worker)."""
    config, files, converter = site
    file = files.src_uris[uri]
    mkdocs = Page(None, file, config)
    mkdocs.markdown = body
    mkdocs.render(config, files)
    ours = Page(None, file, config)
    ours.markdown = body
    converter.convert(ours)
    # the table of contents MkDocs makes of toc's tokens (no page shows it, but toc's are kept)
    table = str(get_toc(converter.md.toc_tokens)) if body.strip() else ""
    return ((mkdocs.content, mkdocs.present_anchor_ids, mkdocs.links_to_anchors, str(mkdocs.toc)),
            (ours.content, ours.present_anchor_ids, ours.links_to_anchors, table))


def body_of(path: Path) -> str:
    """A content file's Markdown body: what follows its front matter."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def test_every_body_of_the_sample_content_is_converted_as_mkdocs_converts_it(site):
    bodies = sorted((ROOT / "content").rglob("*.md"))
    assert len(bodies) > 20
    for path in bodies:
        mkdocs, ours = converted(site, body_of(path))
        assert ours == mkdocs, path


CASES = {
    "headings": "## প্রেক্ষাপট\n\n## প্রেক্ষাপট\n\n### Results & *costs*\n\n## ধাপ 1 `code`\n\n# Title\n\n## _1\n",
    "plain headings": "## প্রেক্ষাপট\n\nলেখা\n\n## প্রেক্ষাপট\n\n### Results  and   costs \n\n#### ধাপ ১\n\n## প্রেক্ষাপট_1\n\n## ...\n",
    "toc marker": "[TOC]\n\n## এক\n\n### দুই\n\n## Three\n",
    "marker in a heading": "## [TOC]\n\ntext [TOC] text\n",
    "emphasis": "**গাঢ়** *বাঁকা* __bold__ _it_ snake_case_name 2 * 3 * 4\n",
    "links": "[দল](../teams/lgd-innovation-team.md#members) [এটি](other.md#how) [web](https://a.gov.bd/x?a=1&b=2)\n"
             "<https://a.gov.bd> <mail@a.gov.bd> [ref][r] ![ছবি](x.png)\n\n[r]: online-leave.md#top\n",
    "html": "<div id=\"box\" markdown>raw</div>\n\ntext <span id=\"s\">in</span> &amp; &copy; &#2453; &lt;\n",
    "escapes and breaks": "a \\* b \\[c\\] \\\\ d  \nnext line\n`a`` b` ``c`\n",
    "lists and tables": "- এক\n- দুই\n    1. তিন\n\n| ক | খ |\n|:--|--:|\n| ১ | ২ |\n\nপদ\n:   সংজ্ঞা\n",
    # a line that begins a block of another kind after a line of prose, which the paragraph
    # shortcut leaves to Markdown's own block processors
    "blocks after prose": "গদ্য\n# শিরোনাম\n\nগদ্য\nদুই\n===\n\nগদ্য\n- এক\n\nগদ্য\n+ এক\n\nগদ্য\n* * *\n\nগদ্য\n___\n\n"
                          "গদ্য\nতিন\n---\n\nগদ্য\n> উদ্ধৃতি\n\n"
                          "গদ্য\n[r]: other.md\n\nগদ্য\n:   সংজ্ঞা\n\nগদ্য\n!!! note\n\n    ভেতরে\n\nক | খ\n--|--\n১ | ২\n\n"
                          "১. এক\n\n2. দুই\n\n+ এক\n\n* দুই\n\n- তালিকা\n\n    তালিকার ভেতরে\n\n\tট্যাব\n\n_প্রথম_ শব্দ\n",
    "admonition and code": "!!! note \"নোট\"\n    ভেতরে **গাঢ়**\n\n```\n<b>code</b> [x](y)\n```\n\n    indented *code*\n",
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_each_kind_of_markdown_is_converted_as_mkdocs_converts_it(site, body):
    mkdocs, ours = converted(site, body)
    assert ours == mkdocs


def test_an_empty_body_is_no_html_and_no_anchors(site):
    for body in ("", " \n\n "):
        mkdocs, ours = converted(site, body)
        assert ours == mkdocs == ("", set(), {}, "")


PIECES = list("ab1 অআক্ষ৭`\\[]()<>&*_!#:|-.=~/\"'+\t") + ["১. ", "1. ", "!!! note\n", ": ", "[r]: other.md\n", "***\n",
    "  \n", "\n", "\n\n", "## ", "- ", "> ", "    ", "[TOC]", "](other.md#how)", "](../teams/lgd-innovation-team.md)",
    "https://a.gov.bd", "&amp;", "<a href=\"other.md\">", "<b>", "</b>", "**", "```\n", "~~~\n", "| ক | খ |\n|---|---|\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_any_text_of_markdown_s_special_characters_is_converted_as_mkdocs_converts_it(site, body):
    for uri in ("ideas/other.md", "en/ideas/other.md"):
        mkdocs, ours = converted(site, body, uri)
        assert ours == mkdocs
