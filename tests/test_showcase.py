"""A showcase worth sharing: award ribbons, pictures, savings in large figures and filters by year
and level that work without JavaScript; a share image per innovation, for both its pages, whose
Bengali title is shaped as the page itself shapes it; "recently added" by the date a file entered
the bank; and an innovation's action-plan item named as its team's plan is, linked to that plan."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageFont

from generator.i18n import localise_digits, t
from generator.load import load
from generator.model.common import LineText
from generator.model.idea import IMPLEMENTED
from generator.pages import home
from generator.pages.relations import relate
from generator.publish import share_images
from generator.stats import percent_saved
from sitebuild import ROOT, built_site, html

BANK, _ = load(ROOT / "content")
LANGS = ("bn", "en")
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
FONTS = share_images.Fonts(ROOT / "theme")
SHOTS = ROOT / "tests" / "artifacts"


def _prefix(lang):
    return "" if lang == "bn" else "en/"


def _cards(page: str) -> dict[str, str]:
    """slug → the HTML of its card on a showcase page (up to the next card)."""
    cards = {}
    for card in page.split('<li class="bank-show__item">')[1:]:
        cards[re.search(r'href="[./]*ideas/([^/"]+)/"', card).group(1)] = card
    return cards


# ---- the showcase -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_showcase_cards_have_ribbons_pictures_and_savings(lang):
    cards = _cards(html(_prefix(lang) + "showcase/"))
    awarded = [r for r in BANK.ideas.values() if r.item.awards]
    assert {r.item.awards[0].rank for r in awarded} >= {1, 2, 3}, "the sample has every place"
    assert any(r.item.images for r in awarded)
    for rec in awarded:
        card = cards[rec.slug]
        best = min(rec.item.awards, key=lambda a: (["national", "ministry", "division", "district"].index(a.level.value),
                                                     -a.year, a.rank or 4))
        ribbon = re.search(r'<span class="bank-ribbon bank-ribbon--(\w+)">(.*?)</span>', card, re.S)
        assert ribbon, rec.slug
        assert ribbon.group(1) == str(best.rank or "none")
        if best.rank:
            assert t(f"rank.{best.rank}", lang) in ribbon.group(2)
        assert localise_digits(best.year, lang) in ribbon.group(2)
        for image in rec.item.images[:1]:
            assert re.search(rf'<img class="bank-show__image" src="[./]*{re.escape(image.src)}" alt="{re.escape(image.alt.get(lang))}"', card)
    for rec in BANK.ideas.values():
        if rec.slug in cards:
            for name in ("time", "cost", "visits"):
                pair = getattr(rec.item.impact, name)
                if pair:
                    assert f"<strong>−{localise_digits(percent_saved(pair.before, pair.after), lang)}%</strong>" in cards[rec.slug]


def test_savings_are_large_figures(page, site_url):
    page.goto(site_url + "showcase/")
    figure = page.locator(".bank-saved strong").first
    body = float(page.locator(".bank-show__office").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert float(figure.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 1.8 * body
    picture = page.locator(".bank-show__image").first
    picture.scroll_into_view_if_needed()
    page.wait_for_function("e => e.complete && e.naturalWidth > 0", arg=picture.element_handle())


def _listed(page) -> set[str]:
    return {re.search(r"ideas/([^/]+)/", a.get_attribute("href")).group(1)
            for a in page.locator(".bank-show__title").all()}


@pytest.mark.parametrize("lang", LANGS)
def test_showcase_filters_by_year_and_level_without_javascript(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site_url + _prefix(lang) + "showcase/")
    everything = _listed(page)

    running = {r.slug for r in BANK.ideas.values() if not r.item.awards and r.item.status in IMPLEMENTED
               and r.item.service.running and r.item.service.link}
    # 2016: awarded that year (the help desk's ministry award), or a running service implemented then.
    expected = {r.slug for r in BANK.ideas.values() if any(a.year == 2016 for a in r.item.awards)} | \
        {s for s in running if BANK.ideas[s].item.dates.implemented.year == 2016}
    assert "lgd-help-desk" in expected and len(expected) < len(everything)
    page.get_by_role("link", name=re.compile("^" + localise_digits(2016, lang))).click()
    assert page.url == site_url + _prefix(lang) + "showcase/year/2016/"
    assert page.locator("h1").inner_text() == f"{t('nav.showcase', lang)}: {localise_digits(2016, lang)}"
    assert _listed(page) == expected

    national = {r.slug for r in BANK.ideas.values() if any(a.level.value == "national" for a in r.item.awards)}
    assert national == {"zila-parishad-online-leave"}
    page.get_by_role("link", name=re.compile("^" + t("award_level.national", lang))).click()
    assert page.url == site_url + _prefix(lang) + "showcase/level/national/"
    assert _listed(page) == national
    page.get_by_role("link", name=t("showcase.all", lang), exact=True).first.click()
    assert _listed(page) == everything
    context.close()


def test_showcase_years_are_newest_first_in_bengali_digits():
    page = html("showcase/")
    years = re.findall(r'href="year/(\d{4})/"[^>]*>([^<]+?) <span', page)
    assert len(years) >= 3
    assert [y for y, _ in years] == sorted((y for y, _ in years), reverse=True)
    assert all(label == localise_digits(y, "bn") for y, label in years)


# ---- recently added -----------------------------------------------------------------------------

def _git(repo: Path, *args, day: str | None = None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+06:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _new_idea_about_2016(content: Path) -> str:
    """An innovation implemented in 2016, added to the bank after all the others."""
    text = (content / "ideas" / "nilg-innovation-sessions.md").read_text(encoding="utf-8")
    (content / "ideas" / "nilg-innovation-sessions-again.md").write_text(text, encoding="utf-8")
    return "nilg-innovation-sessions-again"


def test_recently_added_is_ordered_by_the_date_the_file_entered_the_bank(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    _git(repo, "init", "-q")
    _git(repo, "add", "content")
    _git(repo, "commit", "-q", "-m", "the bank", day="2025-01-10")
    new = _new_idea_about_2016(repo / "content")
    _git(repo, "add", "content")
    _git(repo, "commit", "-q", "-m", "a new innovation about 2016", day="2026-03-01")
    latest = max(BANK.ideas.values(), key=lambda r: (r.item.dates.implemented or r.item.dates.started, r.slug)).slug
    edited = repo / "content" / "ideas" / f"{latest}.md"  # the newest by its own dates, edited last
    edited.write_text(edited.read_text(encoding="utf-8") + "\nআরও এক লাইন।\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "an edit is not an addition", day="2026-04-01")

    bank, problems = load(repo / "content")
    assert problems == []
    rel = relate(bank, repo)
    assert rel.newest[0].slug == new
    assert rel.updated_on(bank.ideas[latest]).isoformat() == "2026-04-01"
    assert rel.newest[1].slug == latest, "the others were added together: newest by their own dates"
    # Added the same day: by the innovation's own date, newest first.
    rest = [r for r in rel.newest if r.slug != new]
    whens = [r.item.dates.implemented or r.item.dates.started for r in rest]
    assert all(a is None or b is None or a >= b for a, b in zip(whens, whens[1:]))
    page = next(home.build(rel, None))
    assert page.data["newest"][0].slug == new

    # Without git (a copy of the files): a file's own date says when it came.
    plain = tmp_path / "plain"
    shutil.copytree(repo / "content", plain / "content")
    old = time.time() - 30 * 86400
    for path in (plain / "content").rglob("*.md"):
        os.utime(path, (old, old))
    os.utime(plain / "content" / "ideas" / f"{new}.md")
    bank, _ = load(plain / "content")
    assert relate(bank, plain).newest[0].slug == new


# ---- the action plan ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_action_plan_item_is_named_as_the_plan_and_links_to_it(lang):
    checked = 0
    for rec in BANK.ideas.values():
        item = rec.item.action_plan
        team = BANK.teams.get(rec.item.team) if rec.item.team else None
        plan = next((p for p in team.item.action_plans if p.year == item.fiscal_year), None) if item and team else None
        if plan is None:
            continue
        label = t("action_plan.item", lang, name=plan.name.get(lang), year=localise_digits(item.fiscal_year, lang),
                  activity=localise_digits(item.activity, lang))
        page = html(f"{_prefix(lang)}ideas/{rec.slug}/")
        assert f'<a href="../../teams/{team.slug}/#plan-{plan.year}">{label}</a>' in page, rec.slug
        assert f'<h2 id="plan-{plan.year}">' in html(f"{_prefix(lang)}teams/{team.slug}/")
        checked += 1
    assert checked >= 5
    help_desk = html(_prefix(lang) + "ideas/lgd-help-desk/")
    assert ("বাৎসরিক উদ্ভাবনী কর্মপরিকল্পনা ২০১৬, কার্যক্রম ১" if lang == "bn"
            else "Annual innovation action plan 2016, activity 1") in help_desk
    assert "ই-গভর্ন্যান্স" not in help_desk


# ---- share images -------------------------------------------------------------------------------

def _og(page: str, attribute: str, name: str) -> str:
    return re.search(rf'<meta {attribute}="{name}" content="([^"]+)">', page).group(1)


@pytest.mark.parametrize("lang", LANGS)
def test_every_innovation_page_shares_its_own_image(lang):
    sizes = []
    for slug, rec in BANK.ideas.items():
        page = html(f"{_prefix(lang)}ideas/{slug}/")
        image = _og(page, "property", "og:image")
        assert "twitter:image" not in page  # X reads og:image when its own tag is missing
        name = share_images.file_name(share_images.card(rec, BANK), FONTS)
        assert image == f"{SITE_URL}assets/share/{name}"
        path = built_site() / "assets" / "share" / name
        with Image.open(path) as png:
            assert (png.format, png.size) == ("PNG", (1200, 630))
        sizes.append(path.stat().st_size)
    # A few colours, a few shades of antialiasing each (10,000 images at 10,000 innovations): the
    # sample's long titles took 17.8 KB on average with 256 colours, 14.4 KB with 17; a card with
    # both titles 16.5 KB with 11 colours (17.6 KB with 17), instead of two of 14.4 KB
    assert sum(sizes) / len(sizes) < 17_500 and max(sizes) < 22_000, sizes
    assert _og(html(_prefix(lang)), "property", "og:image") == f"{SITE_URL}assets/images/social.png"


CROP = (0, share_images.BAND + 8, share_images.WIDTH, share_images.HEIGHT - 12)  # below the band, above the foot
DRAW = """async ([lines, width, height]) => {
  const canvas = document.createElement("canvas");
  canvas.width = width; canvas.height = height;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff"; context.fillRect(0, 0, width, height);
  context.fillStyle = "#1f1f1f";
  for (const line of lines) {
    const font = `700 ${line.size}px "Noto Sans Bengali", "Noto Sans"`;  // the image's Latin font too
    await document.fonts.load(font, line.text);
    if (!document.fonts.check(font, line.text)) throw new Error("the page's font is not loaded");
    context.font = font;
    context.fillText(line.text, line.x, line.baseline);
  }
  return canvas.toDataURL("image/png");
}"""


def _ink(image: Image.Image) -> Image.Image:
    """The dark strokes of the title (the office and facts lines are lighter), as a mask."""
    return image.convert("L").crop(CROP).point(lambda v: 255 if v < 70 else 0)


def _agreement(a: Image.Image, b: Image.Image) -> float:
    """How much of each mask's ink lies within 2 px of the other's: 1 for the same text drawn by
    two renderers, far less when glyphs are missing, misplaced or in another order."""
    def covered(x, y):
        both = ImageChops.multiply(x, y.filter(ImageFilter.MaxFilter(5)))
        return both.histogram()[255] / max(1, x.histogram()[255])
    return min(covered(a, b), covered(b, a))


def test_share_image_titles_are_shaped_as_the_page_shapes_them(page, site_url):
    """Chromium draws each title, at the image's lines and sizes, in the page's own Noto Sans
    Bengali; the published PNG must agree with it. The same title drawn without shaping (Pillow's
    basic layout: conjuncts fall apart, ি stays after its consonant) must not."""
    page.goto(site_url + "ideas/lgd-help-desk/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    scores = {}
    for slug, rec in BANK.ideas.items():
        content = share_images.card(rec, BANK)
        assert re.search("[\u09cd\u09bf\u09c7\u09c8]", content.title), "every sample title has conjuncts or ি/ে/ৈ"
        title = [{"text": line.text, "size": line.size, "x": line.x, "baseline": line.baseline}
                 for line in share_images.layout(content, FONTS) if line.fill == share_images.INK]
        data = page.evaluate(DRAW, [title, share_images.WIDTH, share_images.HEIGHT])
        browser = Image.open(io.BytesIO(base64.b64decode(data.split(",", 1)[1])))
        published = Image.open(built_site() / "assets" / "share" / share_images.file_name(content, FONTS))
        unshaped = share_images.render(content, FONTS, ImageFont.Layout.BASIC)
        scores[slug] = (_agreement(_ink(published), _ink(browser)), _agreement(_ink(unshaped), _ink(browser)))
        if slug == "lgd-help-desk":
            browser.save(SHOTS / "share-title-chromium.png")
            unshaped.save(SHOTS / "share-title-unshaped.png")
    assert all(shaped >= 0.95 for shaped, _ in scores.values()), scores
    assert all(flat < 0.9 for _, flat in scores.values()), scores


def test_both_pages_of_an_innovation_share_one_image_and_none_is_published_unused():
    named = {}
    for slug, rec in BANK.ideas.items():
        for lang in LANGS:
            named[slug, lang] = _og(html(f"{_prefix(lang)}ideas/{slug}/"), "property", "og:image")
    for slug in BANK.ideas:
        assert named[slug, "en"] == named[slug, "bn"]
    published = {f"{SITE_URL}assets/share/{path.name}" for path in (built_site() / "assets" / "share").iterdir()}
    assert published == set(named.values())
    assert len(published) == len(BANK.ideas)


def _drawn_rows(image: Image.Image, line) -> int:
    """How many pixel rows of a line's band (its ascent above the baseline) have text drawn."""
    grey = image.convert("L")
    top = line.baseline - line.size * 3 // 4
    return sum(1 for y in range(top, line.baseline) if grey.crop((0, y, share_images.WIDTH, y + 1)).getextrema()[0] < 200)


def test_the_card_shows_the_english_title_under_the_bengali_one_when_there_is_one():
    """An English page names the same image as its Bengali twin: the card carries the English
    title too, a shade lighter, between the Bengali title and the office."""
    translated = untranslated = 0
    for rec in BANK.ideas.values():
        content = share_images.card(rec, BANK)
        lines = share_images.layout(content, FONTS)
        english = [line for line in lines if line.fill == share_images.ENGLISH]
        published = Image.open(built_site() / "assets" / "share" / share_images.file_name(content, FONTS))
        if not rec.item.title.en:
            untranslated += 1
            assert content.english == "" and english == []
            continue
        translated += 1
        shown = " ".join(line.text for line in english)
        # the sample's English titles fit whole; a longer one would end in an ellipsis
        assert shown.split() == rec.item.title.en.split(), (rec.slug, shown)
        bengali = [line for line in lines if line.fill == share_images.INK]
        office = next(line for line in lines if line.fill == share_images.GREY)
        assert bengali[-1].baseline < english[0].baseline and english[-1].baseline < office.baseline < share_images.HEIGHT - 48
        assert all(_drawn_rows(published, line) > line.size // 3 for line in english), rec.slug
    assert translated and untranslated


def _config(project: Path):
    return SimpleNamespace(theme=SimpleNamespace(custom_dir=str(ROOT / "theme")),
                           config_file_path=str(project / "mkdocs.yml"))


def test_share_images_are_drawn_again_only_when_their_text_changes(tmp_path, monkeypatch):
    drawn = []
    render = share_images.render
    monkeypatch.setattr(share_images, "render", lambda content, fonts, *a: drawn.append(content.title) or render(content, fonts, *a))
    cache = tmp_path / ".cache" / "share-images"
    cache.mkdir(parents=True)
    stale, fresh = cache / "0000stale.png", cache / "0000fresh.png"
    stale.write_bytes(b"x"), fresh.write_bytes(b"x")
    os.utime(stale, (time.time() - 3 * 86400,) * 2)

    first = share_images.publish(SimpleNamespace(bank=BANK), config=_config(tmp_path))
    assert len(drawn) == len(first) == len(BANK.ideas)
    assert not stale.exists() and fresh.exists(), "only images unused for over a day are removed"

    drawn.clear()
    assert share_images.publish(SimpleNamespace(bank=BANK), config=_config(tmp_path)) == first
    assert drawn == []

    rec = BANK.ideas["lgd-help-desk"]
    title = LineText(bn="স্থানীয় সরকার বিভাগের নতুন হেল্প ডেস্ক", en=rec.item.title.en)
    changed = replace(rec, item=rec.item.model_copy(update={"title": title}))
    bank = SimpleNamespace(ideas={**BANK.ideas, rec.slug: changed}, offices=BANK.offices)
    second = share_images.publish(SimpleNamespace(bank=bank), config=_config(tmp_path))
    assert drawn == [title.bn], "only the image of the changed title is drawn"
    assert len(set(second) - set(first)) == 1

    drawn.clear()
    title = LineText(bn=rec.item.title.bn, en="A new help desk for the Local Government Division")
    changed = replace(rec, item=rec.item.model_copy(update={"title": title}))
    bank = SimpleNamespace(ideas={**BANK.ideas, rec.slug: changed}, offices=BANK.offices)
    third = share_images.publish(SimpleNamespace(bank=bank), config=_config(tmp_path))
    assert drawn == [rec.item.title.bn], "a changed English title draws its card again"
    assert len(set(third) - set(first)) == 1


def test_a_build_with_an_empty_cache_draws_a_bounded_number_newest_first(tmp_path, monkeypatch):
    """At 10,000 innovations an empty cache would cost minutes of drawing: a build draws at most
    a few, the innovations updated last first, and keeps showing every image already drawn."""
    rel = relate(BANK, ROOT)
    newest = sorted(BANK.ideas.values(), key=lambda r: (rel.updated_on(r), r.slug), reverse=True)
    planned = share_images.plan(rel, _config(tmp_path), limit=3)
    assert list(planned) == [record.slug for record in newest[:3]]
    monkeypatch.setattr(share_images, "render", lambda content, fonts, *a: Image.new("P", (1, 1)))
    for _, path, content in planned.values():
        share_images.draw(path, content, FONTS)
    again = share_images.plan(rel, _config(tmp_path), limit=1)
    assert set(planned) < set(again) and len(again) == 4, "the drawn ones stay, one more is drawn"


def test_without_shaping_the_build_stops_and_says_how_to_fix_it(monkeypatch, tmp_path):
    monkeypatch.setattr(share_images.features, "check", lambda feature: feature != "raqm")
    with pytest.raises(Exception) as stopped:
        share_images.publish(SimpleNamespace(bank=BANK), config=_config(tmp_path))
    message = str(stopped.value)
    assert "libraqm0" in message and "RAQM" in message
    assert t("build.no_shaping", "bn") in message and t("build.no_shaping", "en") in message
    assert not (tmp_path / ".cache").exists() or not any((tmp_path / ".cache").rglob("*.png"))


def test_the_card_shows_a_saving_only_where_a_value_fell():
    """A cost that rose (100 → 250) is not printed as a saving of -150 %; a time that fell is."""
    rec = next(r for r in BANK.ideas.values() if r.item.impact.cost)
    impact = rec.item.impact
    rose = rec.item.model_copy(update={"impact": impact.model_copy(update={
        "time": None, "visits": None, "cost": impact.cost.model_copy(update={"before": 100, "after": 250})})})
    card = share_images.card(replace(rec, item=rose), BANK)
    assert t("impact.cost", "bn") not in card.facts and "%" not in card.facts, card.facts
    fell = rose.model_copy(update={"impact": rose.impact.model_copy(update={
        "cost": impact.cost.model_copy(update={"before": 200, "after": 50})})})
    card = share_images.card(replace(rec, item=fell), BANK)
    assert t("share.saving", "bn", what=t("impact.cost", "bn"), percent=75) in card.facts, card.facts
