"""Adoption across files: an office's `adopted:` list must name innovations that exist, of other
offices, each once; and, for the pages, who adopted each innovation."""

from __future__ import annotations

from typing import Iterator

from .problems import Problem
from .translate import suggest


def adoption_problems(bank, unloaded: frozenset[tuple[str, str]] = frozenset()) -> Iterator[Problem]:
    """An unknown innovation (with the new name when an old one was written; not one whose file is
    there with problems of its own, `unloaded`), the office's own innovation, or one listed twice,
    each at its line in the office's file."""
    renamed = {alias: slug for slug, rec in bank.ideas.items() for alias in rec.facts.aliases}
    for oid, rec in bank.offices.items():
        seen: set[str] = set()
        for i, slug in enumerate(rec.facts.adopted):
            loc = ("adopted", i, "idea")
            idea = bank.ideas.get(slug)
            if idea is None:
                if ("ideas", slug) not in unloaded:
                    yield rec.source.problem(loc, "unknown_idea", value=slug,
                                             suggestion=renamed.get(slug) or suggest(slug, list(bank.ideas)))
            elif idea.facts.office == oid:
                yield rec.source.problem(loc, "adopted_own", value=slug)
            elif slug in seen:
                yield rec.source.problem(loc, "adopted_twice", value=slug)
            seen.add(slug)


def adopters(bank) -> dict[str, list]:
    """Innovation slug → [(office record, adoption)], earliest first: the offices that declared
    they adopted it (a valid bank has no unknown, own or repeated ones)."""
    found: dict[str, list] = {}
    for rec in bank.offices.values():
        for adoption in rec.item.adopted:
            found.setdefault(adoption.idea, []).append((rec, adoption))
    for rows in found.values():
        rows.sort(key=lambda row: (row[1].since, row[0].item.name.bn))
    return found
