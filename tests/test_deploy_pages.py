"""A deploy keeps the pages that show no single innovation (the codes, the contribute form, the
places, the scorecard, the team and office indexes, the API's page) while what they show of the
bank is the same, and makes them again, with a full build's bytes, when one thing they show
changes: each edit below changes one of a page's inputs alone, so a rule that leaves it out
keeps a page the edit should have changed. The site is compared with a full build's once, after
the last edit: a page kept stale at any step stays stale to the end unless a later step names it
as changed, which the step's own check then requires."""

from __future__ import annotations

import shutil

from test_build import ROOT, mkdocs_build, project  # noqa: F401 — the fixture
from test_incremental import CHANGED, deploy as deploy_beside_a_full_build, files, same_site

KEPT = ["codes/index.html", "contribute/index.html", "places/index.html", "places/munshiganj/index.html",
        "places/dhaka-division/index.html", "scorecard/index.html", "scorecard/days/index.html", "teams/index.html",
        "offices/index.html", "api/index.html"]


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_deploy_keeps_the_pages_of_the_whole_bank_while_what_they_show_is_the_same(project):
    config = project / "mkdocs.yml"  # the fixture's English body warns; a build that warns leaves no state
    config.write_text(config.read_text(encoding="utf-8").replace("anchors: warn", "anchors: info"), encoding="utf-8")
    content, site = project / "content", project / "site"
    for name in ("lgd-pmis.md", "lgd-pmis.en.md"):
        shutil.copy(ROOT / "content/ideas" / name, content / "ideas")
    code, output = mkdocs_build(project)
    assert code == 0, output
    pages = [lang + page for page in KEPT for lang in ("", "en/")]
    inodes = {page: (site / page).stat().st_ino for page in pages}

    def deploy(changed: list[str], last: bool = False) -> None:
        """A deploy after the edit: of the pages above, it changes `changed` and no other; after
        the last edit it publishes what a full build of the same content, made beside it, publishes."""
        before = files(site)
        if last:
            code, output, full = deploy_beside_a_full_build(project, "full")
        else:
            code, output = mkdocs_build(project)
        assert code == 0, output
        assert CHANGED.search(output), output
        after = files(site)
        assert sorted(page for page in KEPT if after[page] != before[page]) == sorted(changed), "changed by the edit"
        if last:
            same_site(site, full)

    # An innovation's title, shown by none of them: none is made again.
    pmis, leave = content / "ideas" / "lgd-pmis.md", content / "ideas" / "zila-parishad-online-leave.md"
    _edit(pmis, "পিএমআইএস", "পিএমআইএস সফটওয়্যার")
    deploy([])
    assert {page: (site / page).stat().st_ino for page in pages} == inodes, "kept, neither made nor copied"

    # An office's name: the codes, the form's list of offices, its place's pages, the office index.
    _edit(content / "offices" / "dc-munshiganj.yaml", "মুন্সিগঞ্জ", "মুন্সীগঞ্জ")
    deploy(["codes/index.html", "contribute/index.html", "places/munshiganj/index.html",
            "places/dhaka-division/index.html", "offices/index.html"])
    # A new team: the codes, the form's list of teams, the team index.
    team = (content / "teams" / "louhajanj-innovation-team.md").read_text(encoding="utf-8")
    (content / "teams" / "louhajanj-innovation-team-2.md").write_text(team.replace('name: {bn: "', 'name: {bn: "নতুন ', 1),
                                                                       encoding="utf-8")
    deploy(["codes/index.html", "contribute/index.html", "teams/index.html"])
    # An innovation in service given a place: its district's and division's pages, the places'
    # counts and maps, the form's places with titles.
    _edit(leave, "\noffice: lgd\n", "\noffice: lgd\nplace: munshiganj\n")
    deploy(["places/index.html", "places/munshiganj/index.html", "places/dhaka-division/index.html",
            "contribute/index.html"])
    # Its title: the cards of its place's pages, and nothing else of theirs.
    _edit(leave, "ছুটি অনলাইনে", "ছুটি ওয়েবসাইটে")
    deploy(["places/munshiganj/index.html", "places/dhaka-division/index.html"])
    # A new innovation, proposed (in no map's count), of the same office and district: every page
    # that counts innovations (the office, team and place indexes, the scorecard, the API's number
    # of pages), its place's pages, and the form's names taken.
    proposed = pmis.read_text(encoding="utf-8").replace("status: implemented", "status: proposed", 1)
    proposed = proposed.replace("\noffice: lgd\n", "\noffice: lgd\nplace: munshiganj\n", 1)
    (content / "ideas" / "lgd-pmis-2.md").write_text(proposed.replace('title:\n  bn: "', 'title:\n  bn: "নতুন ', 1),
                                                     encoding="utf-8")
    deploy(["places/index.html", "places/munshiganj/index.html", "places/dhaka-division/index.html",
            "contribute/index.html", "offices/index.html", "teams/index.html", "scorecard/index.html",
            "scorecard/days/index.html", "api/index.html"])
    # A picture, and the innovation that shows it (validate reports a picture none shows): of
    # these pages, the form's list of pictures alone.
    shutil.copytree(ROOT / "content" / "media", content / "media", dirs_exist_ok=True)
    front, fence, body = pmis.read_text(encoding="utf-8").partition("\n---\n")
    pmis.write_text(front + "\nimages:\n  - src: media/louhajanj-idea-bank-steps.png\n    alt: {bn: ধাপগুলো, en: The steps}"
                    + fence + body, encoding="utf-8")
    deploy(["contribute/index.html"], last=True)
