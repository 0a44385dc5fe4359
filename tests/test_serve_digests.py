"""`mkdocs serve --dirty` rebuilds fingerprint every page again; a value a rebuild shows again
(the same object: a record's model, a place, an innovation's map) keeps the digest the last
rebuild gave it instead of being digested again (pages.Digests' `previous`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.pages import Digests


class Shown:
    """A value whose digest is costly (its repr), counting how often it is taken."""

    taken = 0

    def __repr__(self):
        Shown.taken += 1
        return "shown"


def test_a_value_shown_again_keeps_its_digest_and_a_record_its_new_seed():
    shown, record = Shown(), object()
    first = Digests()
    first.seed(record, 1)
    before = first.of({"map": shown, "record": record})
    taken = Shown.taken

    again = Digests(previous=first)
    again.seed(record, 2)  # the record's content (or its office's) changed
    after = again.of({"map": shown, "record": record})
    assert Shown.taken == taken, "the same object is not digested again"
    assert after != before, "a record's seed wins over the digest the last rebuild gave it"
    again.seed(record, 1)
    assert again.of({"map": shown, "record": record}) == before

    other = Shown()  # an equal value, but another object: digested
    assert again.of(other) == first.of(shown)
    assert Shown.taken == taken + 1


def test_a_rebuild_makes_again_only_the_pages_whose_records_changed(tmp_path):
    """relate(previous=…): a rebuild's builders give back the last rebuild's very page where it is
    made from the same records, and make the others again: an office's new name reaches its
    innovations' pages (which show it), its team's page, its row of the scorecard and the showcase
    (whose cards name it); the pages of other offices' innovations are the same objects, so they
    are neither digested nor rendered."""
    from types import SimpleNamespace

    from generator.load import load
    from generator.pages import browse, ideas, offices, scorecard, showcase, teams
    from generator.pages.relations import relate

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "content", tmp_path / "content", copy_function=shutil.copy)  # dated today, as the edits
    settings, cache = SimpleNamespace(page_size=50), {}

    def pages(rel):
        return {page.key: page for build in (ideas.build, teams.build, offices.build, scorecard.build, showcase.build,
                                                     browse.build)
                for page in build(rel, settings)}

    bank, problems = load(tmp_path / "content", cache=cache)
    assert problems == []
    first = relate(bank, tmp_path)
    before = pages(first)
    again = relate(load(tmp_path / "content", cache=cache)[0], tmp_path, previous=first)
    remade = [key for key, page in pages(again).items() if page is not before[key]]
    assert remade == [], "nothing changed: the same pages (the scorecard's rows count the same)"

    lgd = tmp_path / "content/offices/lgd.yaml"
    lgd.write_text(lgd.read_text(encoding="utf-8").replace("স্থানীয় সরকার বিভাগ", "স্থানীয় সরকার বিভাগ (নতুন)", 1),
                   encoding="utf-8")
    bank, problems = load(tmp_path / "content", cache=cache)
    assert problems == []
    rel = relate(bank, tmp_path, previous=again)
    after = pages(rel)
    # a list of the same innovations is the last one (its digest kept) unless it shows the new name
    assert rel.ideas_by_office["lgd"] is not again.ideas_by_office["lgd"]
    assert rel.ideas_by_office["mopa"] is again.ideas_by_office["mopa"]
    made = {key for key, page in after.items() if page is not before[key]}
    assert made < after.keys()
    of_lgd = {f"ideas/{slug}" for slug, r in bank.ideas.items() if r.item.office == "lgd"}
    assert of_lgd and of_lgd <= made, "the innovations of the renamed office"
    assert {"offices/lgd", "teams/lgd-innovation-team", "scorecard", "showcase"} <= made  # its cards name it
    assert not {f"ideas/{slug}" for slug, r in bank.ideas.items()
                if "lgd" not in (r.item.office, *(rep.office for rep in r.item.replications))} & made
    assert "(নতুন)" in after["ideas/lgd-help-desk"].data["office"].item.name.bn


def test_an_innovation_named_by_an_offices_broken_link_reaches_that_offices_page(tmp_path):
    """An office's page lists its broken links with the innovations that use them, which may be
    another office's: an edit to such an innovation makes the office's page again."""
    import json
    from types import SimpleNamespace

    from generator.load import load
    from generator.pages import offices
    from generator.pages.relations import relate

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "content", tmp_path / "content", copy_function=shutil.copy)  # dated today, as the edits
    (tmp_path / "data").mkdir()
    (tmp_path / "data/link-report.json").write_text(json.dumps({"version": 2, "links": {"https://example.org/x": {
        "status": "broken", "failed_runs": 5, "broken_since": "2026-01-01T00:00:00+00:00",
        "checked_at": "2026-02-01T00:00:00+00:00", "offices": ["mopa"], "ideas": ["lgd-help-desk"]}}}),
        encoding="utf-8")
    cache, settings = {}, SimpleNamespace(page_size=50)
    first = relate(load(tmp_path / "content", cache=cache)[0], tmp_path)
    before = {page.key: page for page in offices.build(first, settings)}
    assert before["offices/mopa"].data["broken_ideas"], "the report is read"
    idea = tmp_path / "content/ideas/lgd-help-desk.md"
    idea.write_text(idea.read_text(encoding="utf-8").replace("হেল্প ডেস্ক", "হেল্পডেস্ক", 1), encoding="utf-8")
    bank, problems = load(tmp_path / "content", cache=cache)
    assert problems == []
    after = {page.key: page for page in offices.build(relate(bank, tmp_path, previous=first), settings)}
    assert after["offices/mopa"] is not before["offices/mopa"]
    assert "হেল্পডেস্ক" in after["offices/mopa"].data["broken_ideas"]["lgd-help-desk"].item.title.bn
    assert after["offices/cabinet-division"] is before["offices/cabinet-division"]


def test_an_edited_title_makes_again_only_the_listing_pages_that_show_it(tmp_path):
    """A listing made again because one of its innovations changed takes back each of its pages
    that shows the same as before (Relations._as_before): only the page of browse/ that lists the
    edited innovation is new, and shows the new title; a scorecard row that counts the same is the
    last one, so the scorecard's pages are the last ones too."""
    from types import SimpleNamespace

    from generator.load import load
    from generator.pages import browse, scorecard
    from generator.pages.relations import relate

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "content", tmp_path / "content", copy_function=shutil.copy)
    settings, cache = SimpleNamespace(page_size=3), {}

    def pages(rel):
        return {page.key: page for build in (browse.build, scorecard.build) for page in build(rel, settings)}

    first = relate(load(tmp_path / "content", cache=cache)[0], tmp_path)
    before = pages(first)
    idea = tmp_path / "content/ideas/lgd-help-desk.md"
    idea.write_text(idea.read_text(encoding="utf-8").replace("হেল্প ডেস্ক", "হেল্পডেস্ক", 1), encoding="utf-8")
    bank, problems = load(tmp_path / "content", cache=cache)
    assert problems == []
    rel = relate(bank, tmp_path, previous=first)
    after = pages(rel)
    assert after.keys() == before.keys()
    listing = [key for key in after if key == "browse" or key.startswith("browse/") and key[7:].isdigit()]
    assert len(listing) > 2, "browse/ is a listing of several pages"
    showing = [key for key in listing if bank.ideas["lgd-help-desk"] in after[key].data["records"]]
    assert len(showing) == 1
    assert [key for key in listing if after[key] is not before[key]] == showing
    assert all(after[key] is before[key] for key in after if key.startswith("scorecard"))


def test_a_quick_rebuild_shows_what_a_full_build_shows_when_an_edit_moves_an_innovation(tmp_path):
    """When only innovations changed, a rebuild takes back the last one's pages, rows, facet lists
    and showcase lists for what the edit did not touch (Relations.changed); whatever the edit —
    a title, a status (another facet value, the showcase, the counts), an office — each page shows
    what a build from scratch shows, and a moved innovation is in its new listings, not its old."""
    from types import SimpleNamespace

    from generator.load import load
    from generator.pages import browse, home, ideas, offices, scorecard, showcase, teams
    from generator.pages.relations import relate

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "content", tmp_path / "content", copy_function=shutil.copy)
    settings, cache = SimpleNamespace(page_size=2), {}
    builders = (home.build, ideas.build, teams.build, offices.build, scorecard.build, showcase.build, browse.build)

    def shown(rel):
        return [(page.key, page.template, page.title, page.body, page.data) for build in builders
                for page in build(rel, settings)]

    def listed(rel, key):
        return [page for build in builders for page in build(rel, settings) if page.key == key]

    idea = tmp_path / "content/ideas/lgd-help-desk.md"
    last = relate(load(tmp_path / "content", cache=cache)[0], tmp_path, carry=True)
    shown(last)
    for old, new in (("হেল্প ডেস্ক", "হেল্পডেস্ক"), ("status: implemented", "status: piloting"),
                     ("office: lgd\nteam: lgd-innovation-team\n", "office: nilg\n")):
        idea.write_text(idea.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        bank, problems = load(tmp_path / "content", cache=cache)
        assert problems == []
        rel = relate(bank, tmp_path, previous=last, carry=True)
        assert rel.changed == {"lgd-help-desk"}, "only the innovation changed: the quick paths are taken"
        assert shown(rel) == shown(relate(bank, tmp_path, carry=True)), f"after {new!r}"
        last = rel
    moved = bank.ideas["lgd-help-desk"]

    def on(key):
        return any(moved in page.data["records"] for page in listed(last, key))

    assert on("browse/status/piloting") and not on("browse/status/implemented")
    assert on("browse/office/nilg") and not on("browse/office/lgd")
