"""The built sample site, read from its HTML: every page kind shows its fields in both languages,
the language switcher reaches the twin page, English falls back to Bengali with a notice, Bengali
pages use Bengali digits, and no page loads anything from another host."""

from __future__ import annotations

import datetime
import json
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from generator.i18n import format_date, localise_digits, t
from generator.load import load
from generator.stats import percent_saved
from sitebuild import ROOT, built_site, html, text_of

BANK, PROBLEMS = load(ROOT / "content")
LANGS = ("bn", "en")


def prefix(lang):
    return "" if lang == "bn" else "en/"


def shown(value, lang):
    """Text as a page shows it: HTML-escaped, and on an English page, text in Bengali (the Bengali a
    text without English falls back to) marked as Bengali."""
    text = str(escape(value.get(lang)))
    return f'<span lang="bn">{text}</span>' if lang != "bn" and re.search("[\u0980-\u09ff]", text) else text


def test_sample_content_is_valid_and_covers_the_model():
    assert PROBLEMS == []
    ideas = [r.item for r in BANK.ideas.values()]
    assert len(ideas) >= 12
    assert {i.kind.value for i in ideas} == {"simplification", "digitisation", "new_idea"}
    assert {i.status.value for i in ideas} == {"proposed", "piloting", "implemented", "replicated", "discontinued"}
    assert {a.level.value for i in ideas for a in i.awards} == {"national", "ministry", "division", "district"}
    assert any(not i.service.running and i.service.not_running_reason for i in ideas)
    assert sum(1 for i in ideas if i.impact.time or i.impact.cost or i.impact.visits) >= 3


def test_every_json_file_of_the_site_is_written_one_way():
    """Each JSON file the site writes (the API, the form's lists, every file of the search index)
    is as generator/json_text.dumps writes it: compact UTF-8, its line separators escaped."""
    from generator.json_text import dumps

    site = built_site()
    files = list(site.rglob("*.json"))
    written = {f.relative_to(site).as_posix() for f in files}
    assert {"search/bn/index.json", "search/en/index.json", "contribute/existing.json"} <= written
    # the index's own files too: words, result texts, near words
    assert {name.rsplit("/", 1)[1][0] for name in written if name.startswith("search/bn/")} >= {"w", "t", "l"}
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert dumps(json.loads(text)) == text, file.relative_to(site)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_its_twin_and_the_right_html_lang(lang):
    site = built_site()
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html") if "assets" not in p.parts)
    bn_pages = [p for p in pages if p.parts[0] != "en"]
    assert len(bn_pages) > 50
    for page in bn_pages:
        path = page if lang == "bn" else Path("en", *page.parts)
        text = (site / path).read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in text, path


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_goes_to_the_twin_page(lang):
    other = "en" if lang == "bn" else "bn"
    keys = ["", "showcase/", "browse/", "places/dhaka-division/"] + [f"ideas/{s}/" for s in BANK.ideas] + \
        [f"teams/{s}/" for s in BANK.teams] + [f"offices/{s}/" for s in BANK.offices]
    for key in keys:
        page_path = prefix(lang) + key
        match = re.search(r'href="([^"]*)"\s+hreflang="(\w+)" lang="\w+" data-bank-switch', html(page_path))
        assert match, page_path
        target = posixpath.normpath(posixpath.join("/" + page_path, match.group(1))) + "/"
        assert match.group(2) == other
        assert target.replace("//", "/") == "/" + prefix(other) + key, (page_path, target)
        assert (built_site() / target.strip("/") / "index.html").exists()


TABS = ("index", "showcase", "browse", "offices", "teams", "places", "scorecard", "contribute")


def test_every_page_s_header_tabs_and_footer_lead_where_they_say():
    """The header, tabs, footer and stylesheets are rendered once for all pages of a language,
    section and depth (templating.chrome): from every page each of their links reaches its page,
    and the tab marked is that of the page's own section."""
    site = built_site()
    checked = 0
    for path in sorted(site.rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        tabs = re.search(r'<nav class="bank-tabs".*?</nav>', text, re.S)
        if tabs is None:  # an embed or a moved innovation's redirect: no chrome
            continue
        folder = path.parent.relative_to(site).as_posix()
        here = "/" if folder == "." else f"/{folder}/"
        lang = "en" if here.startswith("/en/") else "bn"
        section = (here[len(prefix(lang)):].strip("/").split("/")[0]) or "index"

        def reached(href):
            return posixpath.normpath(posixpath.join(here, href))

        def home_of(key):
            return posixpath.normpath("/" + prefix(lang) + ("" if key == "index" else key + "/"))

        links = re.findall(r'<a href="([^"]*)"( class="bank-tabs__active")?>', tabs.group(0))
        assert [reached(href) for href, _ in links] == [home_of(key) for key in TABS], here
        assert [key for key, (_, active) in zip(TABS, links) if active] == [k for k in TABS if k == section], here
        logo = re.search(r'<a href="([^"]*)"[^>]*class="md-header__button md-logo"', text).group(1)
        footer = re.search(r'<footer class="bank-footer">.*?<a href="([^"]*)"', text, re.S).group(1)
        assert reached(logo) == reached(footer) == home_of("index"), here
        form = re.search(r'<form class="bank-search"[^>]*action="([^"]*)"', text).group(1)
        assert reached(form) == home_of("browse"), here
        for sheet in re.findall(r'<link rel="stylesheet" href="([^"]*)"', text):
            assert (site / reached(sheet).lstrip("/")).is_file(), (here, sheet)
        checked += 1
    assert checked > 250


@pytest.mark.parametrize("lang", LANGS)
def test_innovation_pages_show_every_field(lang):
    for slug, rec in BANK.ideas.items():
        idea = rec.item
        page = html(f"{prefix(lang)}ideas/{slug}/")
        assert f"<h1>{shown(idea.title, lang)}</h1>" in page
        assert shown(idea.summary, lang) in page
        assert t(f"status.{idea.status.value}", lang) in page
        assert t(f"kind.{idea.kind.value}", lang) in page
        assert shown(BANK.offices[idea.office].item.name, lang) in page
        assert f'href="../../offices/{idea.office}/"' in page
        if idea.team:
            assert shown(BANK.teams[idea.team].item.name, lang) in page
        service = idea.service
        if service.running and service.link:
            assert re.search(rf'href="{re.escape(service.link)}"[^>]*>.*?{t("action.use_service", lang)}', page, re.S)
        if not service.running:  # a proposed service has not started: no warning, its link is planned
            planned = idea.status.value == "proposed"
            assert (t("service.not_started", lang) in page, t("service.not_running", lang) in page) == (planned, not planned)
            assert shown(service.not_running_reason, lang) in page
            assert t("action.use_service", lang) not in page
            if service.link:
                assert t("service.planned_link" if planned else "service.old_link", lang) in page
                assert t("service.old_link" if planned else "service.planned_link", lang) not in page
        if service.expected_result:
            assert t(f"answer.{service.expected_result.value}", lang) in page
        for name in ("time", "cost", "visits"):
            pair = getattr(idea.impact, name)
            if pair:
                saved = localise_digits(percent_saved(pair.before, pair.after), lang)
                assert f"{saved}%" in page and 'class="bank-bars"' in page
        for award in idea.awards:
            assert shown(award.name, lang) in page
            assert t(f"award_level.{award.level.value}", lang) in page
            if award.rank:
                assert t(f"rank.{award.rank}", lang) in page
        for person in idea.innovators:
            assert shown(person.name, lang) in page
        for link in idea.links:
            assert f'href="{link.url}"' in page
        if idea.dates.implemented:
            assert format_date(idea.dates.implemented, lang) in page
        assert t("label.updated", lang) in page
        english = lang == "en" and "en" in rec.body  # an English page edits the English body's file
        assert f'/edit/main/content/ideas/{slug}{".en" if english else ""}.md"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_team_pages_show_members_plans_decisions_and_ideas(lang):
    for slug, rec in BANK.teams.items():
        team = rec.item
        page = html(f"{prefix(lang)}teams/{slug}/")
        assert shown(team.name, lang) in page
        assert t(f"team_level.{team.level.value}", lang) in page
        for member in team.members:
            assert shown(member.name, lang) in page
            assert t(f"role.{member.role.value}", lang) in page
        for plan in team.action_plans:
            name = plan.name.get(lang) if plan.name else t("action_plan.annual", lang)
            assert t("heading.action_plan", lang, name=name, year=localise_digits(plan.year, lang)) in page
            for activity in plan.activities:
                assert shown(activity.activity, lang) in page
                if activity.progress is not None:
                    assert f'<progress max="100" value="{activity.progress}">' in page
        for meeting in team.meetings:
            assert t("heading.meeting", lang, date=format_date(meeting.date, lang)) in page
            for decision in meeting.decisions:
                assert shown(decision.decision, lang) in page
        for idea in BANK.ideas.values():
            if idea.item.team == slug:
                assert f'href="../../ideas/{idea.slug}/"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_office_pages_list_their_teams_and_innovations(lang):
    for oid, rec in BANK.offices.items():
        page = html(f"{prefix(lang)}offices/{oid}/")
        assert shown(rec.item.name, lang) in page
        for team in BANK.teams.values():
            if team.item.office == oid:
                assert f'href="../../teams/{team.slug}/"' in page
        for idea in BANK.ideas.values():
            if idea.item.office == oid:
                assert f'href="../../ideas/{idea.slug}/"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_home_showcase_browse_and_place_pages(lang):
    home = text_of(html(prefix(lang)))
    assert t("site.name", lang) in home and t("heading.featured", lang) in home
    assert localise_digits(len(BANK.ideas), lang) + " " + t("count.ideas", lang) in home
    showcase = html(prefix(lang) + "showcase/")
    for rec in BANK.ideas.values():
        shown = showcase.count(f'href="../ideas/{rec.slug}/"')
        if rec.item.awards:
            assert shown == 1, rec.slug  # under its award, and not again among the running services
        elif rec.item.status.value in ("implemented", "replicated") and rec.item.service.running:
            assert shown == (1 if rec.item.service.link else 0), rec.slug
    browse = html(prefix(lang) + "browse/")
    assert t("browse.count", lang, count=len(BANK.ideas)) in browse
    for facet in ("status", "kind", "sector", "award", "year", "office", "place"):
        assert t(f"facet.{facet}", lang) in browse
    implemented = [r for r in BANK.ideas.values() if r.item.status.value == "implemented"]
    facet_page = html(prefix(lang) + "browse/status/implemented/")
    assert t("browse.count", lang, count=len(implemented)) in facet_page
    assert all(f'href="../../../ideas/{r.slug}/"' in facet_page for r in implemented)
    dhaka = html(prefix(lang) + "places/dhaka-division/")
    assert ("ঢাকা" if lang == "bn" else "Dhaka") in dhaka
    assert 'href="../munshiganj/"' in dhaka
    munshiganj = html(prefix(lang) + "places/munshiganj/")
    for rec in BANK.ideas.values():
        if rec.item.place and rec.item.place.startswith("munshiganj"):
            assert f'href="../../ideas/{rec.slug}/"' in munshiganj


def test_english_falls_back_to_bengali_with_a_notice():
    notice_en = t("notice.fallback_title", "en")
    without = [r for r in BANK.ideas.values() if r.item.title.en is None]
    with_all = [r for r in BANK.ideas.values() if r.item.title.en and r.item.summary.en and "en" in r.body]
    assert without and with_all
    for rec in without:
        page = html(f"en/ideas/{rec.slug}/")
        assert notice_en in page
        assert f"<h1>{shown(rec.item.title, 'en')}</h1>" in page  # the Bengali title, marked as Bengali
    for rec in with_all:
        assert notice_en not in html(f"en/ideas/{rec.slug}/")
        assert t("notice.fallback_title", "bn") not in html(f"ideas/{rec.slug}/")


def _body(page: str) -> str | None:
    found = re.search(r'<div class="bank-body">(.*?)</div>\n', page, re.S)
    return found and found.group(1)


@pytest.mark.parametrize("kind", ["ideas", "teams"])
def test_an_english_page_without_an_english_body_links_to_the_bengali_body(kind):
    """The English page keeps its English facts and the notice, and in the body's place links to the
    Bengali page, which has the body; it does not print the Bengali body a second time."""
    records = getattr(BANK, kind).values()
    untranslated = [r for r in records if r.body["bn"] and "en" not in r.body]
    translated = [r for r in records if "en" in r.body]
    assert untranslated and translated
    link = t("notice.body_in_bengali", "en")
    for rec in untranslated:
        bengali, english = html(f"{kind}/{rec.slug}/"), html(f"en/{kind}/{rec.slug}/")
        body = _body(bengali)
        assert body, rec.slug
        assert t("notice.fallback_title", "en") in english
        assert _body(english) is None and text_of(body).strip() not in text_of(english), rec.slug
        assert f'<a href="../../../{kind}/{rec.slug}/" hreflang="bn">{link}</a>' in english, rec.slug
        assert t("notice.body_in_bengali", "bn") not in bengali
    for rec in translated:
        english = html(f"en/{kind}/{rec.slug}/")
        assert _body(english) and link not in english, rec.slug


def test_bengali_pages_use_bengali_digits_and_months():
    rec = next(r for r in BANK.ideas.values() if r.item.dates.implemented)
    page = text_of(html(f"ideas/{rec.slug}/"))
    day = rec.item.dates.implemented
    assert format_date(day, "bn") in page
    assert re.search(r"[০-৯]{4}", page)
    assert format_date(day, "en") not in page
    counts = re.search(r'bank-counts">(.*?)</ul>', html(""), re.S).group(1)
    assert not re.search(r"[0-9]", text_of(counts)), "counts on the Bengali home page use Bengali digits"
    assert "২০১৬" in text_of(html("teams/lgd-innovation-team/"))
    assert "2016" in text_of(html("en/teams/lgd-innovation-team/"))


def test_not_found_page_speaks_both_languages():
    page = (built_site() / "404.html").read_text(encoding="utf-8")
    assert t("notfound.title", "bn") in page and t("notfound.title", "en") in page


RESOURCE = re.compile(r'<(?:script|img|iframe|source|audio|video|embed|object)\b[^>]*\bsrc="([^"]+)"'
                      r'|<link\b[^>]*\brel="(?:stylesheet|icon|preload|modulepreload|manifest)"[^>]*\bhref="([^"]+)"'
                      r'|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|icon|preload|modulepreload|manifest)"')


def test_no_page_loads_anything_from_another_host():
    site = built_site()
    for path in site.rglob("*.html"):
        for match in RESOURCE.finditer(path.read_text(encoding="utf-8")):
            url = next(g for g in match.groups() if g)
            assert not re.match(r"^(https?:)?//", url), f"{path.relative_to(site)} loads {url}"
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            assert not re.match(r"^['\"]?(https?:)?//", url), f"{css.name} loads {url}"


def test_a_content_error_stops_the_build_and_keeps_the_previous_site(tmp_path):
    for name in ("mkdocs.yml", "theme", "content"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site")
    office = tmp_path / "content" / "offices" / "mopa.yaml"
    office.write_text(office.read_text(encoding="utf-8") + "websit: https://mopa.gov.bd\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert re.search(r"content/offices/mopa\.yaml\n\s+\d+:1 websit", result.stderr)
    assert 'Did you mean "website"?' in result.stderr and "আপনি কি \"website\"" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text() == "previous site"
    assert not (tmp_path / ".site-building").exists()


def test_link_check_results_show_on_innovation_and_office_pages(tmp_path):
    for name in ("mkdocs.yml", "theme", "content"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    broken = BANK.ideas["zila-parishad-online-leave"].item
    fine = BANK.ideas["lgd-help-desk"].item
    one_bad_night = BANK.ideas["mopa-innovation-bank"].item  # of mopa, whose page must not list it
    report = {"version": 2, "checked_at": "2026-11-20T06:00:00+00:00", "links": {
        broken.service.link: {"url": broken.service.link, "status": "broken", "http_code": 404, "error": "http",
                              "checked_at": "2026-11-20T06:00:00+00:00", "ideas": ["zila-parishad-online-leave"],
                              "offices": [broken.office], "failed_runs": 3,
                              "broken_since": "2026-11-17T06:00:00+00:00"},
        fine.service.link: {"url": fine.service.link, "status": "reachable", "http_code": 200, "error": None,
                            "checked_at": "2026-11-20T06:00:00+00:00", "ideas": ["lgd-help-desk"],
                            "offices": [fine.office]},
        one_bad_night.service.link: {
            "url": one_bad_night.service.link, "status": "broken", "http_code": 503, "error": "http",
            "checked_at": "2026-11-20T06:00:00+00:00", "ideas": ["mopa-innovation-bank"], "offices": ["mopa"],
            "failed_runs": 1, "broken_since": "2026-11-20T06:00:00+00:00",
            "last_reachable": "2026-11-13T06:00:00+00:00"}}}
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "link-report.json").write_text(json.dumps(report), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for lang, prefix in (("bn", ""), ("en", "en/")):
        page = (site / prefix / "ideas/zila-parishad-online-leave/index.html").read_text(encoding="utf-8")
        checked = t("links.last_checked", lang, date=format_date(datetime.date(2026, 11, 20), lang))
        assert checked in page and t("links.broken", lang) in page
        assert str(escape(t("links.error.http", lang, code=404))) in page
        ok_page = (site / prefix / "ideas/lgd-help-desk/index.html").read_text(encoding="utf-8")
        assert t("links.reachable", lang) in ok_page and "bank-link-check--broken" not in ok_page
        night = (site / prefix / "ideas/mopa-innovation-bank/index.html").read_text(encoding="utf-8")
        assert "bank-link-check--broken" not in night and t("links.broken", lang) not in night
        assert t("links.last_worked", lang, date=format_date(datetime.date(2026, 11, 13), lang)) in night
        office = (site / prefix / f"offices/{broken.office}/index.html").read_text(encoding="utf-8")
        assert t("heading.broken_links", lang) in office and broken.service.link in office
        assert "zila-parishad-online-leave" in office
        other = (site / prefix / "offices/mopa/index.html").read_text(encoding="utf-8")
        assert t("heading.broken_links", lang) not in other


def test_listings_are_split_into_pages_that_hold_every_item_once():
    from generator.config import InnobankConfig
    from generator.pages import browse, offices, showcase, teams
    from generator.pages.relations import relate

    settings = InnobankConfig()
    settings.load_dict({"page_size": 3})
    assert not settings.validate()[0]
    rel = relate(BANK, ROOT)
    for builder, items in ((browse.build, len(BANK.ideas)), (offices.build_index, len(BANK.offices)),
                           (teams.build_index, len(BANK.teams)), (showcase.build, None)):
        pages = [p for p in builder(rel, settings) if p.key.split("/")[0] == p.data.get("base")]  # its own listing
        assert [p.key for p in pages] == [pages[0].data["base"]] + [f"{pages[0].data['base']}/{n}" for n in range(2, len(pages) + 1)]
        assert all(p.data["pages"] == len(pages) and len(p.data["records"]) <= 3 for p in pages)
        shown = [r for p in pages for r in p.data["records"]]
        assert len(shown) == (items if items is not None else len(shown)) and len(pages) == -(-len(shown) // 3)
