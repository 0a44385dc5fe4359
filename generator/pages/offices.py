"""One page per office: its teams and innovations. Ministry websites link here."""

from __future__ import annotations

from ..model import places
from ..model.office import OfficeKind
from ..officers.links import broken_links
from ..stats import summarise
from . import SHOWN, Page, listing


def build(rel, settings):
    bank = rel.bank
    for oid, rec in bank.offices.items():
        office = rec.item
        ideas = rel.ideas_by_office.get(oid, [])
        teams = rel.teams_by_office.get(oid, [])
        yield Page(
            f"offices/{oid}", "office.html", office.name, source=rec.source.path,
            english=office.name.has("en"), data={
                "record": rec, "office": office, "oid": oid,
                "parent": bank.offices.get(office.parent) if office.parent else None,
                "children": rel.child_offices.get(oid, []),
                "place": places().get(office.place) if office.place else None,
                "teams": teams, "ideas": ideas[:SHOWN], "total": len(ideas),
                "summary": summarise((r.item for r in ideas), len(teams), 1),
                "broken_links": broken_links(rel.links, oid),
            })


def build_index(rel, settings):
    """All offices, ministries first, paginated."""
    order = list(OfficeKind)
    records = sorted(rel.bank.offices.values(), key=lambda r: (order.index(r.item.kind), r.item.name.bn))
    return listing("offices", "offices.html", "nav.offices", records, settings.page_size,
                   ideas=rel.ideas_by_office, teams=rel.teams_by_office)
