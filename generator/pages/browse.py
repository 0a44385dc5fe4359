"""Browse: every innovation, and one listing per facet value (office, place, status, kind,
sector, award level, year, running service), as plain pre-rendered pages that need no
JavaScript; every innovation again, most adopted first; and those that need review. Each listing
is paginated. A facet's own folder (browse/status/, the address a reader gets by shortening a
listing's) lists its values with their counts; the office facet's, which would name every office
on one page, sends the reader to the index of offices (publish/redirects.py)."""

from __future__ import annotations

from collections import defaultdict

from ..i18n import LANGUAGES, localise_digits, t
from ..load.adoption import adopters
from ..model import places
from ..model.common import Text
from . import Page, listing
from .review import stale

FACETS = ("status", "kind", "sector", "award", "year", "service", "place", "office")
_CATALOGUE_PREFIX = {"award": "award_level"}
MENU = 12  # values per facet in the filter menu; offices and places have full index pages
INDEXED = tuple(f for f in FACETS if f != "office")  # the facets whose folder lists their values


def _values(rel, rec) -> dict[str, list[str]]:
    idea = rec.item
    when = idea.dates.implemented or idea.dates.started
    return {
        "status": [idea.status.value],
        "kind": [idea.kind.value],
        "sector": [s.value for s in idea.sectors],
        "award": sorted({a.level.value for a in idea.awards}),
        "year": [str(when.year)] if when else [],
        "service": ["running" if idea.service.running else "not_running"],
        "place": [c for c in rel.place_chain(idea.place) if places()[c].level != "upazila"],
        "office": [idea.office],
    }


def year_label(year: str) -> Text:
    """A year as the page writes it: Bengali digits on Bengali pages."""
    return Text(bn=localise_digits(year, "bn"), en=year)


def label(rel, facet: str, value: str) -> Text | str:
    """A facet value's name: a Text (office, place, year) or a catalogue key."""
    if facet == "office":
        return rel.bank.offices[value].item.name
    if facet == "place":
        place = places()[value]
        return Text(bn=place.name_bn, en=place.name_en)
    if facet == "year":
        return year_label(value)
    return f"{_CATALOGUE_PREFIX.get(facet, facet)}.{value}"


def facets(rel) -> dict[str, dict[str, list]]:
    """facet → value → records (newest first), in one pass over the bank; on a `mkdocs serve`
    rebuild after edits that moved no innovation (the same values, the same place among the
    newest), the last rebuild's lists with the edited records in them (Relations.replaced)."""
    last = rel.carried_before.get("browse facets")
    if last is not None and rel.in_place(lambda rec: _values(rel, rec)):
        found = {facet: {value: rel.replaced(records) for value, records in values.items()}
                 for facet, values in last.items()}
    else:
        found = {f: defaultdict(list) for f in FACETS}
        for rec in rel.newest:
            for facet, values in _values(rel, rec).items():
                for value in values:
                    found[facet][value].append(rec)
    if rel.carried is not None:
        rel.carried["browse facets"] = found
    return found


def _listing(base, title, records, settings, data):
    return listing(base, "browse.html", title, records, settings.page_size, **data, heading=title, total=len(records))


def _menu_order(facet: str):
    """Years newest first, as a calendar reads; every other facet by its number of innovations."""
    if facet == "year":
        return lambda row: -int(row[0])
    return lambda row: (-row[2], row[0])


def facet_page(base: str, title: str, facet: str, name: str, values: list) -> Page:
    """A facet's folder (browse/year/, showcase/level/): each of its values, (value, label,
    count), linking to the value's listing, base/facet/value. title and name: catalogue keys of
    the listings' section and of the facet."""
    heading = Text(**{lang: f"{t(title, lang)}: {t(name, lang)}" for lang in LANGUAGES})
    return Page(f"{base}/{facet}", "facet.html", heading, data={
        "heading": heading, "section": base, "facet": facet, "values": values, "back": title})


def build(rel, settings):
    found = facets(rel)
    counted = {facet: sorted(((value, label(rel, facet, value), len(recs)) for value, recs in values.items()),
                             key=_menu_order(facet))
               for facet, values in found.items()}
    menu = rel.kept(("browse", "menu"), {facet: rows[:MENU] for facet, rows in counted.items()})
    # on a `mkdocs serve --dirty` rebuild, a listing is made again only when its records or the menu changed
    everything = rel.newest
    yield from rel.again(("browse", None, None), (everything, menu),
                         lambda: list(_listing("browse", "nav.browse", everything, settings, {"menu": menu})))
    # The other listings show each innovation again (each is on about nine facet values' listings
    # in each language): their cards leave out the summary, which its page and browse/ show. The
    # summary was a third of these cards' bytes (about 40 MB at 10,000 innovations).
    for facet, values in found.items():
        for value, records in values.items():
            # an office's listing links to the menu of browse/ (which names only the busiest
            # offices), and its cards leave out the office the page is about
            own = {"filters": "browse", "own_office": value} if facet == "office" else {"menu": menu}
            yield from rel.again(("browse", facet, value), (records, own.get("menu")), lambda: list(_listing(
                f"browse/{facet}/{value}", label(rel, facet, value), records, settings,
                {**own, "facet": facet, "value": value, "summaries": False})))
    for facet in INDEXED:  # each facet's folder: its values, all of them
        rows = rel.kept(("browse", "values", facet), counted[facet])
        yield rel.again(("browse", "folder", facet), (rows,),
                        lambda: facet_page("browse", "nav.browse", facet, f"facet.{facet}", rows))
    yield from _by_adoption(rel, settings)
    last = rel.previous.get(("browse", "needs-review", None))  # the same ones need review if only innovations changed
    waiting = rel.replaced(last[0][0]) if last is not None and rel.changed is not None else \
        stale(rel, everything, rel.cutoff)
    yield from rel.again(("browse", "needs-review", None), (waiting, menu), lambda: list(_listing(
        "browse/needs-review", "heading.needs_review", waiting, settings, {"menu": menu, "summaries": False})))


def _by_adoption(rel, settings):
    """Every innovation with the number of offices that adopted it, most first (newest first
    among equals); its cards without their summaries (adopted.html), as on the facet listings."""
    last = rel.previous.get(("browse", "adopted", None))  # the same counts and order if only innovations changed
    if last is not None and rel.in_place():
        rows = rel.replaced(last[0][0], at=lambda new, row: (new, row[1]))
    else:
        adopted = adopters(rel.bank)
        rows = sorted(((rec, len(adopted.get(rec.slug, []))) for rec in rel.newest), key=lambda row: -row[1])
    return rel.again(("browse", "adopted", None), (rows,), lambda: list(listing(
        "browse/adopted", "adopted.html", "browse.by_adoption", rows, settings.page_size, total=len(rows))))
