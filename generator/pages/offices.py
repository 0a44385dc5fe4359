"""One page per office: its teams and innovations. Ministry websites link here."""

from __future__ import annotations

from ..model import places
from ..model.office import OfficeKind
from ..load.link_report import broken_links
from ..stats import summarise
from . import SHOWN, Page, listing
from .review import listed, stale
from .scorecard import COLUMNS, recounted, rows
from .showcase import embed_height


def build(rel, settings):
    bank = rel.bank
    cutoff = rel.cutoff
    scores = rows(rel, cutoff)
    counting = recounted(rel)  # the offices whose own innovations or row changed, if only innovations did
    if counting is not None:
        counting = counting | {rec.item.office for slug in rel.changed
                               for rec in (bank.ideas[slug], rel.last_bank.ideas[slug])}
    for oid, rec in bank.offices.items():
        office = rec.item
        broken = broken_links(rel.links, oid)  # with the innovations that use them, by slug:
        broken_ideas = {slug: bank.ideas[slug] for e in broken for slug in e.get("ideas", []) if slug in bank.ideas}
        if counting is not None and oid not in counting and (page := rel.as_before(("offices", oid), broken_ideas)):
            yield page
            continue
        ideas = rel.ideas_by_office.get(oid, [])
        waiting = listed(rel, stale(rel, ideas, cutoff))  # with their dates
        inputs = (rec, bank.offices.get(office.parent) if office.parent else None, rel.child_offices.get(oid, []),
                  ideas, rel.teams_by_office.get(oid, []), scores[oid], tuple(broken_ideas.values()), rel.links,
                  waiting["needs_review"], waiting["needs_review_total"])
        yield rel.again(("offices", oid), inputs, lambda: _page(rel, rec, scores[oid], broken, broken_ideas, waiting))


def _page(rel, rec, score, broken, broken_ideas, waiting) -> Page:
    bank, office, oid = rel.bank, rec.item, rec.slug
    ideas = rel.ideas_by_office.get(oid, [])
    teams = rel.teams_by_office.get(oid, [])
    return Page(
        f"offices/{oid}", "office.html", office.name, source=rec.source.path,
        english=office.name.has("en"), data={
            "record": rec, "office": office, "oid": oid,
            "parent": bank.offices.get(office.parent) if office.parent else None,
            "children": rel.child_offices.get(oid, []),
            "place": places().get(office.place) if office.place else None,
            "teams": teams, "ideas": ideas[:SHOWN], "total": len(ideas), "embed_height": embed_height(ideas),
            "summary": summarise((r.item for r in ideas), len(teams), 1),
            "broken_links": broken, "broken_ideas": broken_ideas,
            "scorecard_rows": [score], "scorecard_columns": COLUMNS,
            **waiting,
        })


def build_index(rel, settings):
    """All offices, ministries first, paginated, each with its number of innovations:
    an edit to an innovation leaves the pages as they were (Relations.again)."""
    order = list(OfficeKind)
    records = sorted(rel.bank.offices.values(), key=lambda r: (order.index(r.item.kind), r.item.name.bn))
    counts = {oid: len(found) for oid, found in rel.ideas_by_office.items()}
    return rel.again(("offices",), (records, counts), lambda: list(listing(
        "offices", "offices.html", "nav.offices", records, settings.page_size, counts=counts)))
