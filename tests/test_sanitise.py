"""The ids of a contributor's body, as the site publishes them: Markdown's heading ids and those
written in raw HTML alike are the body's own (sanitise.ID_PREFIX), so a body cannot take an id of
the page it is on, and its #section links still reach its headings."""

from __future__ import annotations

import re

import pytest

from generator.load.body_links import renderer
from generator.sanitise import ID_PREFIX, allow_list, sanitise


def published(body: str) -> str:
    """A body as the site renders it: the site's Markdown (generator/load/body_links.py keeps its
    extensions equal to mkdocs.yml's), then the sanitiser."""
    return sanitise(renderer().convert(body))


def ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]*)"', html)


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a\s[^>]*?href="([^"]*)"', html)


# Ids the pages themselves give: the search box in every page's header, an innovation page's
# sections (its service box is labelled by "service"), a team page's, which an innovation page's
# "action plan" fact links to (#plan-2023), and Material's toggles.
PAGE_IDS = ["bank-search-input", "service", "impact", "links", "members", "plan-2023", "ideas", "__drawer", "__search"]


@pytest.mark.parametrize("taken", PAGE_IDS)
def test_a_body_cannot_give_an_id_the_page_uses(taken):
    body = f'<h2 id="{taken}">raw</h2>\n\n## {taken}\n\n<h3 id="{taken}" name="{taken}">again</h3>\n'
    html = published(body)
    assert taken not in ids(html)
    assert ids(html) and all(i.startswith(ID_PREFIX) for i in ids(html)), html


@pytest.mark.parametrize("heading", ["Service", "Impact", "Links", "Members", "Plan 2023", "__search"])
def test_markdown_headings_named_as_a_page_section_are_the_body_own(heading):
    """toc makes "## Members" the id "members", which a team page's own section has."""
    html = published(f"## {heading}\n\ntext\n")
    assert ids(html) == [ID_PREFIX + re.sub(r"\s+", "-", heading.lower())]


def test_no_id_is_given_twice_in_a_body():
    """A raw heading's id is not seen by toc, which gives a Markdown heading the same; the first
    keeps it, as a browser finds only the first."""
    html = published('<h2 id="how">raw</h2>\n\n## How\n\n<h3 id="how">third</h3>\n\n## How\n')
    assert ids(html) == [f"{ID_PREFIX}how", f"{ID_PREFIX}how_1"]
    assert "<h2>How</h2>" in html and "<h3>third</h3>" in html


@pytest.mark.parametrize("value", ["", " ", "a b", "a\tb"])
def test_an_id_html_does_not_allow_is_dropped(value):
    assert ids(sanitise(f'<h2 id="{value}">x</h2>')) == []


def test_only_headings_keep_an_id_and_no_element_keeps_a_name():
    html = sanitise('<p id="p"><span id="__search" name="q">x</span><a id="a" name="top" href="#p">y</a></p>'
                    '<div id="d" class="admonition note">z</div><table id="t"><tr><td id="c">1</td></tr></table>')
    assert ids(html) == [] and " name=" not in html
    assert hrefs(html) == ["#p"]  # no heading of the body has it: left to name the page's own


def test_section_links_follow_the_headings_of_the_body():
    body = ("See [how](#how), [the impact](#impact) (the page's own section), [বিবরণ](#%E0%A6%AC%E0%A6%BF), "
            "[raw](#বি) and [the team's members](https://example.gov.bd/teams/x/#how).\n\n"
            'Text that reads href="#how" stays as it is.\n\n'
            '## How\n\n<h2 id="বি">বিবরণ</h2>\n')
    html = published(body)
    assert hrefs(html) == [f"#{ID_PREFIX}how", "#impact", f"#{ID_PREFIX}%E0%A6%AC%E0%A6%BF", f"#{ID_PREFIX}বি",
                           "https://example.gov.bd/teams/x/#how"]
    assert ids(html) == [f"{ID_PREFIX}how", f"{ID_PREFIX}বি"]
    assert "Text that reads href=\"#how\" stays as it is." in html


def test_a_title_holding_quotes_does_not_hide_a_section_link():
    html = sanitise('<h2 id="x">x</h2><a title="a&quot;>b" href="#x">l</a><a title=\'say "#x"\' href="#y">m</a>')
    assert hrefs(html) == [f"#{ID_PREFIX}x", "#y"]


def test_the_form_preview_is_told_the_rule():
    assert allow_list()["id_prefix"] == ID_PREFIX and "-" in ID_PREFIX  # no name a script reads from window
