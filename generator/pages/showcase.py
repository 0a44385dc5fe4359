"""The showcase: awarded innovations ordered by award (level, year, rank), then implemented
innovations whose services are running, each with its ribbon, picture and savings. Filtered by
year and by award level on plain pre-rendered pages (showcase/year/2016/, showcase/level/
national/) that need no JavaScript, like the browse facets; each filter's own folder
(showcase/year/) lists its values. Paginated, so it stays light at any size."""

from __future__ import annotations

from collections import defaultdict

from ..i18n import LANGUAGES, t
from ..model.common import Text
from ..model.idea import IMPLEMENTED, AwardLevel
from ..stats import summarise
from . import listing, text_in
from .browse import facet_page, year_label

LEVELS = list(AwardLevel)


def _award_key(award):
    return LEVELS.index(award.level), -award.year, award.rank or 4


def best_award(awards):
    return min(awards, key=_award_key)


def _award_order(record):
    return *_award_key(best_award(record.item.awards)), record.slug


# An office's embed lists this many of its showcased innovations; the rest are a link away.
EMBED_SHOWN = 6


def embedded(records) -> list:
    """What an office's embed on a ministry website lists of its innovations."""
    awarded, running = showcased(records)
    return (awarded + running)[:EMBED_SHOWN]


def embed_height(records) -> int:
    """The iframe's height in px that the embed snippet asks for: the embed's whole list as a phone
    of 360 px shows it (a card of up to two lines of title, its badges and the service's button,
    about 130 px), with the heading and the footer, so that no scroll opens inside the page's."""
    return 120 + 130 * max(len(embedded(records)), 1)


def showcased(records) -> tuple[list, list]:
    """What the showcase (and an office's embed) shows of these records: the awarded ones by
    award, then the others that are in service with a running service link, in the given order."""
    awarded = sorted((r for r in records if r.item.awards), key=_award_order)
    running = [r for r in records if not r.item.awards and r.item.status in IMPLEMENTED
               and r.item.service.running and r.item.service.link]
    return awarded, running


# What an award is filed under, per filter.
_VALUE = {"year": lambda award: str(award.year), "level": lambda award: award.level.value}


def _rows(awarded, running, facet=None, value=None) -> list[tuple[str, object, object]]:
    """(group heading key, record, the award its ribbon shows): the awarded records under their
    best award (the best that matches the filter, when there is one), then the running services."""
    def shown(rec):
        return best_award([a for a in rec.item.awards if facet is None or _VALUE[facet](a) == value])

    pairs = sorted(((shown(r), r) for r in awarded), key=lambda p: (*_award_key(p[0]), p[1].slug))
    return [(f"award_level.{award.level.value}", r, award) for award, r in pairs] + \
        [("showcase.running", r, None) for r in running]


def _filters(awarded, running) -> dict[str, dict[str, tuple[list, list]]]:
    """facet → value → (awarded, running) records. A year holds the innovations awarded that year
    and the running services implemented that year; a level, the innovations awarded at it."""
    found: dict[str, dict] = {facet: defaultdict(lambda: ([], [])) for facet in _VALUE}
    for rec in awarded:
        for facet, value_of in _VALUE.items():
            for value in dict.fromkeys(map(value_of, rec.item.awards)):
                found[facet][value][0].append(rec)
    for rec in running:
        found["year"][str(rec.item.dates.implemented.year)][1].append(rec)
    return found


def _label(facet: str, value: str) -> Text | str:
    return year_label(value) if facet == "year" else f"award_level.{value}"


def _menu(found) -> dict[str, list]:
    """The filter links, (value, label, count): years newest first, levels from national down."""
    years = sorted(found["year"], key=int, reverse=True)
    levels = [level.value for level in LEVELS if level.value in found["level"]]
    return {facet: [(v, _label(facet, v), sum(map(len, found[facet][v]))) for v in values]
            for facet, values in (("year", years), ("level", levels))}


def _page(base, title, awarded, running, settings, facet=None, value=None, **data):
    rows = _rows(awarded, running, facet, value)
    saved = summarise((r.item for _, r, _ in rows), teams=0, offices=0)
    return listing(base, "showcase.html", title, rows, settings.page_size, total_awarded=len(awarded),
                   total_running=len(running), saved=saved, facet=facet, value=value, **data)


def shown_facts(idea) -> tuple:
    """What decides whether and where the showcase lists an innovation."""
    return idea.awards, idea.status, idea.service.running, idea.service.link, idea.dates.implemented


def build(rel, settings):
    last = rel.carried_before.get("showcase filters")
    if last is not None and rel.in_place(lambda rec: shown_facts(rec.item)):  # the last rebuild's lists, with the edited records in them
        awarded, running = (rel.replaced(records) for records in last[0])
        found = {facet: {value: tuple(map(rel.replaced, lists)) for value, lists in values.items()}
                 for facet, values in last[1].items()}
    else:
        awarded, running = showcased(rel.newest)
        found = _filters(awarded, running)
    if rel.carried is not None:
        rel.carried["showcase filters"] = (awarded, running), found
    menu = rel.kept(("showcase", "menu"), _menu(found))
    # on a `mkdocs serve --dirty` rebuild, a listing is made again only when its records or the menu changed
    yield from rel.again(("showcase", None, None), (awarded, running, menu),
                         lambda: list(_page("showcase", "nav.showcase", awarded, running, settings, menu=menu)))
    for facet, values in found.items():
        for value, (chosen, services) in values.items():
            yield from rel.again(("showcase", facet, value), (chosen, services, menu),
                                 lambda: list(_filtered(facet, value, chosen, services, settings, menu)))
    for facet, rows in menu.items():  # each filter's folder: its values
        yield rel.again(("showcase", "folder", facet), (rows,),
                        lambda: facet_page("showcase", "nav.showcase", facet, f"showcase.filter_{facet}", rows))


def _filtered(facet, value, chosen, services, settings, menu):
    label = _label(facet, value)
    title = Text(**{lang: f"{t('nav.showcase', lang)}: {text_in(label, lang)}" for lang in LANGUAGES})
    return _page(f"showcase/{facet}/{value}", title, chosen, services, settings, facet, value, menu=menu, heading=label)
