"""Bytes a reader does not need, left out of the built sample site: a card on a listing of one
office's own innovations does not name that office again (every card of its office page, its
team's page and its browse listing would), while every other listing still does; the listings that
show an innovation again (a facet value's, most adopted first, needing review) leave out its
summary, which its page and the listing of every innovation show."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from generator.i18n import t
from sitebuild import html
from test_site import BANK


CARD = re.compile(r'<li><a href="[^"]*ideas/([^/"]+)/">[^<]*</a>\n<div>(.*?)</div>(?:\n<p>(.*?)</p>)?</li>')


def _cards(page: str) -> dict[str, str]:
    """slug → the facts line (badges, then the office) of each card on a page."""
    return {slug: facts for slug, facts, _ in CARD.findall(page)}


def _summaries(page: str) -> dict[str, str]:
    """slug → the summary of each card on a page ("" for a card without one)."""
    return {slug: summary for slug, _, summary in CARD.findall(page)}


def _office_name(oid: str, lang: str) -> str:
    """As the page writes it (an apostrophe escaped)."""
    return str(escape(BANK.offices[oid].item.name.get(lang)))


def _busiest_office() -> str:
    counts: dict[str, int] = {}
    for rec in BANK.ideas.values():
        counts[rec.item.office] = counts.get(rec.item.office, 0) + 1
    return max(counts, key=lambda oid: (counts[oid], oid))


@pytest.mark.parametrize("lang, prefix", [("bn", ""), ("en", "en/")])
def test_an_offices_own_listings_do_not_repeat_its_name_on_every_card(lang, prefix):
    oid = _busiest_office()
    name = _office_name(oid, lang)
    own = [rec.slug for rec in BANK.ideas.values() if rec.item.office == oid]
    teams = {rec.item.team for rec in BANK.ideas.values() if rec.item.office == oid and rec.item.team}
    assert teams, "the busiest office has a team's innovations"
    pages = {"office page": f"{prefix}offices/{oid}/", "browse listing": f"{prefix}browse/office/{oid}/",
             **{f"team page {team}": f"{prefix}teams/{team}/" for team in teams}}
    for what, path in pages.items():
        page = html(path)
        assert name in page, f"the {what} names its office once"
        cards = _cards(page)
        assert cards, f"no cards on the {what}"
        for slug, facts in cards.items():
            office = BANK.ideas[slug].item.office
            if office == oid:
                assert name not in facts and t(f"status.{BANK.ideas[slug].item.status.value}", lang) in facts, (what, slug)
            else:  # a team's innovation filed under another office still says which
                assert _office_name(office, lang) in facts, (what, slug)
    # the listing of every innovation names each card's office, this office's among them
    everything = _cards(html(f"{prefix}browse/"))
    shown = [slug for slug in own if slug in everything]
    assert shown, "none of the office's innovations on the first page of every innovation"
    for slug in shown:
        assert everything[slug].endswith(" " + name), slug


@pytest.mark.parametrize("lang, prefix", [("bn", ""), ("en", "en/")])
def test_listings_that_show_an_innovation_again_leave_out_its_summary(lang, prefix):
    oid = _busiest_office()
    rec = next(r for r in BANK.ideas.values() if r.item.office == oid and r.item.team)
    idea = rec.item
    summary = str(escape(idea.summary.get(lang)))
    again = [f"browse/status/{idea.status.value}/", f"browse/kind/{idea.kind.value}/", f"browse/office/{oid}/",
             "browse/adopted/"] + [f"browse/sector/{sector.value}/" for sector in idea.sectors]
    for path in again:
        page = html(prefix + path)
        cards = _summaries(page)
        assert rec.slug in cards and _cards(page)[rec.slug], path
        assert set(cards.values()) == {""} and summary not in page, path
    # with its summary: its own page, the listing of every innovation, its office's and team's pages
    for path in ("browse/", f"offices/{oid}/", f"teams/{idea.team}/"):
        assert _summaries(html(prefix + path)).get(rec.slug) == summary, path
    assert summary in html(f"{prefix}ideas/{rec.slug}/")
