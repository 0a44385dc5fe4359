"""One page per innovation."""

from __future__ import annotations

from ..load.adoption import adopters
from ..model import places
from ..load.link_report import link_status
from . import Page
from .body_links import targets
from .relations import named_offices
from .map import origins
from .review import needs_review


def _plan(team, item, plans: dict):
    """The team's own action plan that an innovation's `action_plan` points to, if it has it.
    plans: each team's plans by year, gathered once for all its innovations."""
    if team is None or item is None:
        return None
    by_year = plans.get(team.slug)
    if by_year is None:
        by_year = plans[team.slug] = {}
        for plan in team.item.action_plans:
            by_year.setdefault(plan.year, plan)
    return by_year.get(item.fiscal_year)


def build(rel, settings):
    bank = rel.bank
    adopted, cutoff, plans = adopters(bank), rel.cutoff, {}
    for slug, rec in bank.ideas.items():
        # an unchanged innovation's page, when only other innovations changed: what else it shows
        # comes from other kinds of files, but where its body's links lead (other innovations' names)
        if not rec.facts.linking and (page := rel.as_before(("ideas", slug), (slug,))) is not None:
            yield page
            continue
        idea = rec.item
        team = bank.teams.get(idea.team) if idea.team else None
        # what the page shows: the record, its offices (their names), its team's plan, its adopters,
        # where its body's links lead
        offices = tuple(bank.offices[o] for o in named_offices(idea))
        linked = targets(rel, rec, "ideas")
        review = needs_review(rel, rec, cutoff)
        inputs = (rec, offices, team, adopted.get(slug, []), rel.updated_on(rec), rel.links, review, linked)
        yield rel.again(("ideas", slug), inputs, lambda: _page(rel, rec, team, adopted, review, plans, linked))


def _page(rel, rec, team, adopted, review, plans, linked) -> Page:
    idea, slug = rec.item, rec.slug
    english = idea.title.has("en") and idea.summary.has("en") and ("en" in rec.body or not rec.body["bn"])
    return Page(
        f"ideas/{slug}", "idea.html", idea.title, idea.summary, body=rec.body, english=english,
        source=rec.source.path, data={
            "record": rec, "idea": idea,
            "office": rel.bank.offices[idea.office],
            "team": team,
            "plan": _plan(team, idea.action_plan, plans),
            "place": places().get(idea.place) if idea.place else None,
            "updated": rel.updated_on(rec),
            "link_check": link_status(rel.links, idea.service.link),
            "map": origins(idea),
            "adopters": adopted.get(slug, []), "needs_review": review,
            "body_targets": linked,
        })
