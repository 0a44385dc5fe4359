"""One page per innovation team: members by role, action plans, decisions, its innovations."""

from __future__ import annotations

from ..model.team import Role, TeamLevel
from . import Page, listing
from .body_links import targets


def build(rel, settings):
    bank = rel.bank
    for slug, rec in bank.teams.items():
        team = rec.item
        linked = targets(rel, rec, "teams")
        inputs = (rec, bank.offices[team.office], bank.teams.get(team.parent) if team.parent else None,
                  rel.child_teams.get(slug, []), rel.ideas_by_team.get(slug, []), rel.updated_on(rec), linked)
        yield rel.again(("teams", slug), inputs, lambda: _page(rel, rec, linked))


def _page(rel, rec, linked) -> Page:
    bank, team, slug = rel.bank, rec.item, rec.slug
    members = {role: [m for m in team.members if m.role == role] for role in Role}
    return Page(
        f"teams/{slug}", "team.html", team.name, body=rec.body, source=rec.source.path,
        english=team.name.has("en") and ("en" in rec.body or not rec.body["bn"]), data={
            "record": rec, "team": team, "office": bank.offices[team.office],
            "parent": bank.teams.get(team.parent) if team.parent else None,
            "children": rel.child_teams.get(slug, []),
            "members": {role: people for role, people in members.items() if people},
            "plans": sorted(team.action_plans, key=lambda p: p.year, reverse=True),
            "meetings": sorted(team.meetings, key=lambda m: m.date, reverse=True),
            "ideas": rel.ideas_by_team.get(slug, []),
            "updated": rel.updated_on(rec), "body_targets": linked,
        })


def build_index(rel, settings):
    """All teams, by level then name, paginated, each with its number of innovations: an edit to
    an innovation leaves the pages as they were (Relations.again)."""
    order = list(TeamLevel)
    records = sorted(rel.bank.teams.values(), key=lambda r: (order.index(r.item.level), r.item.name.bn))
    counts = {slug: len(ideas) for slug, ideas in rel.ideas_by_team.items()}
    return rel.again(("teams",), (records, counts), lambda: list(listing(
        "teams", "teams.html", "nav.teams", records, settings.page_size, counts=counts)))
