"""Place pages for divisions and districts: their offices, teams and innovations."""

from __future__ import annotations

from ..model import places
from ..model.common import Text
from . import SHOWN, Page
from .map import choropleth, implemented_by_district


def build(rel, settings):
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
        yield Page(f"places/{code}", "place.html", Text(bn=place.name_bn, en=place.name_en), data={
            "place": place, "division": everywhere[place.division],
            "districts": sorted(districts.get(code, []), key=lambda p: p.name_en) if place.level == "division" else [],
            "offices": rel.offices_by_place.get(code, []),
            "ideas": ideas[:SHOWN], "total": len(ideas),
            "map": choropleth(counts, code) if place.level == "division" else None,
        })


def build_index(rel, settings):
    """Divisions with their districts and how many innovations each has."""
    everywhere = places()
    divisions = sorted((p for p in everywhere.values() if p.level == "division"), key=lambda p: p.name_en)
    districts = {d.code: sorted((p for p in everywhere.values() if p.level == "district" and p.division == d.code),
                                key=lambda p: p.name_en) for d in divisions}
    counts = {code: len(recs) for code, recs in rel.ideas_by_place.items()}
    yield Page("places", "places.html", "nav.places", data={
        "divisions": divisions, "districts": districts, "counts": counts,
        "map": choropleth(implemented_by_district(rel))})
