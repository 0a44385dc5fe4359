"""Place pages for divisions and districts: their offices, teams and innovations."""

from __future__ import annotations

from ..model import places
from ..model.common import Text
from . import SHOWN, Page
from .map import choropleth, implemented_by_district


def build(rel, settings):
    """A place's page shows its offices, its first innovations and how many it has, and a
    division's its districts' counts on the map; the places themselves never change between
    builds (Relations.again)."""
    everywhere = places()
    counts = implemented_by_district(rel)
    districts = {}
    for place in everywhere.values():
        if place.level == "district":
            districts.setdefault(place.division, []).append(place)
    for code, place in everywhere.items():
        if place.level == "upazila":
            continue
        ideas = rel.ideas_by_place.get(code, [])
        offices = rel.offices_by_place.get(code, [])
        division = place.level == "division"
        yield rel.again(("places", code), (offices, ideas[:SHOWN], len(ideas), counts if division else None),
                        lambda: _page(place, everywhere, districts, offices, ideas, counts))


def _page(place, everywhere, districts, offices, ideas, counts) -> Page:
    division = place.level == "division"
    return Page(f"places/{place.code}", "place.html", Text(bn=place.name_bn, en=place.name_en), data={
        "place": place, "division": everywhere[place.division],
        "districts": sorted(districts.get(place.code, []), key=lambda p: p.name_en) if division else [],
        "offices": offices, "ideas": ideas[:SHOWN], "total": len(ideas),
        "map": choropleth(counts, place.code) if division else None,
    })


def build_index(rel, settings):
    """Divisions with their districts and how many innovations each has."""
    counts = {code: len(recs) for code, recs in rel.ideas_by_place.items()}
    implemented = implemented_by_district(rel)
    yield rel.again(("places",), (counts, implemented), lambda: _index(counts, implemented))


def _index(counts, implemented) -> Page:
    everywhere = places()
    divisions = sorted((p for p in everywhere.values() if p.level == "division"), key=lambda p: p.name_en)
    districts = {d.code: sorted((p for p in everywhere.values() if p.level == "district" and p.division == d.code),
                                key=lambda p: p.name_en) for d in divisions}
    return Page("places", "places.html", "nav.places", data={
        "divisions": divisions, "districts": districts, "counts": counts, "map": choropleth(implemented)})
