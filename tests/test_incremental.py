"""Incremental deploys (generator/incremental.py): a build after a small change makes only the
files it touched, keeps the last site's others where they are, writes the search index from the
records of the pages it made and of those it kept, and publishes exactly the bytes a build from
nothing publishes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.i18n import LANGUAGES
from generator.incremental import Update
from test_build import ROOT, mkdocs_build, project  # noqa: F401 — the fixture
from test_search_index import Index

IDEAS = ("lgd-help-desk", "lgd-pmis", "louhajanj-idea-bank-registration")
CHANGED = re.compile(r"(\d+) of (\d+) pages changed since the last build")
FILES = re.compile(r"(\d+) of (\d+) other files made from content changed")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def same_site(one: Path, other: Path) -> None:
    a, b = files(one), files(other)
    assert sorted(a.keys() - b.keys()) == [] and sorted(b.keys() - a.keys()) == [], "the same files"
    assert [path for path in a if a[path] != b[path]] == [], "the same bytes"


def deploy(project: Path, full: str) -> tuple[int, str, Path]:
    """A deploy of the project's site, and beside it the same content built into a site folder of
    its own (`full`), which has no state: a full build. The two run at once (each site folder has
    its own lock, staging folder and state; the share images' cache is written whole or not at all)."""
    process = mkdocs_build(project, "-d", str(project / full), wait=False)
    try:
        code, output = mkdocs_build(project)
    finally:
        full_output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, full_output
    assert not CHANGED.search(full_output), "the build into an empty folder builds everything"
    return code, output, project / full


KEPT = re.compile(r"(\d+) pages kept by their inputs")
LINKING = ("mopa-innovation-bank", "mopa-implemented-innovations-database", "mopa-zoom-district-piloting")


def test_a_deploy_makes_only_what_changed_and_publishes_a_full_builds_bytes(project):
    """A deploy after each kind of change, on one bank (every build of it costs seconds), each
    compared with a build from nothing of the same content.

    A small change is made alone: files it does not touch stay the very files the last build wrote.
    A deploy keeps, without making it, each page whose inputs (the records it shows, by their
    content) did not change; an edit reaches every page that shows it, the pages of another file
    that shows it included: an office's new name its innovations', team's and listings' pages, an
    innovation renamed (its old name kept) the page whose body links to the old name. A deploy
    that keeps too much publishes a page the full build does not."""
    config = project / "mkdocs.yml"  # the fixture's English body warns; a build that warns leaves no state
    config.write_text(config.read_text(encoding="utf-8").replace("anchors: warn", "anchors: info"), encoding="utf-8")
    ideas = project / "content" / "ideas"
    shutil.copytree(ROOT / "content" / "media", project / "content" / "media", dirs_exist_ok=True)
    for slug in IDEAS + LINKING:
        for name in (f"{slug}.md", f"{slug}.en.md"):
            if (ROOT / "content/ideas" / name).exists():
                shutil.copy(ROOT / "content/ideas" / name, ideas)
    code, output = mkdocs_build(project)
    assert code == 0, output
    assert not CHANGED.search(output), "the first build builds everything"
    site = project / "site"
    before = files(site)
    linking = "ideas/mopa-innovation-bank/index.html"
    assert 'href="../mopa-implemented-innovations-database/"' in (site / linking).read_text(encoding="utf-8")
    # Files the edit below does not touch: they stay the very files the first build wrote.
    untouched = ("api/v1/ideas/zila-parishad-online-leave.json", "ideas/zila-parishad-online-leave/index.html",
                 "contribute/source/teams/mopa.json.gz", "data/offices/mopa.bn.xlsx", "api/v1/schema/idea.schema.json")
    inodes = {path: (site / path).stat().st_ino for path in untouched}

    # One innovation's title edited, one innovation added, one removed.
    help_desk = ideas / "lgd-help-desk.md"
    help_desk.write_text(help_desk.read_text(encoding="utf-8").replace("হেল্প ডেস্ক", "হেল্পডেস্ক", 1), encoding="utf-8")
    added = (ideas / "lgd-pmis.md").read_text(encoding="utf-8").replace('title:\n  bn: "', 'title:\n  bn: "নতুন ', 1)
    (ideas / "lgd-pmis-2.md").write_text(added, encoding="utf-8")
    (ideas / "louhajanj-idea-bank-registration.md").unlink()
    (ideas / "louhajanj-idea-bank-registration.en.md").unlink(missing_ok=True)
    (project / "content" / "media" / "louhajanj-idea-bank-steps.png").unlink()  # its picture (no other shows it)
    code, output, full = deploy(project, "from-nothing")
    assert code == 0, output
    changed, total = map(int, CHANGED.search(output).groups())
    assert 0 < changed < total / 2, output
    made, others = map(int, FILES.search(output).groups())
    assert 0 < made < others / 2, output
    # search has the edit, the added page and not the removed one; the last index's folder is gone
    bn, en = Index(site, "bn"), Index(site, "en")
    assert "ideas/lgd-help-desk/" in bn.find("হেল্পডেস্ক") and "ideas/lgd-pmis-2/" in bn.find("নতুন")
    assert "ideas/louhajanj-idea-bank-registration/" not in bn.pages()
    assert "en/ideas/louhajanj-idea-bank-registration/" not in en.pages() and "en/ideas/lgd-pmis-2/" in en.pages()
    assert sorted(p.name for p in bn.root.iterdir()) == sorted([bn.digest, "index.json"])
    assert "হেল্পডেস্ক" in (site / "ideas/lgd-help-desk/index.html").read_text(encoding="utf-8")
    assert "হেল্পডেস্ক" in (site / "api/v1/ideas/lgd-help-desk.json").read_text(encoding="utf-8")
    assert (site / "ideas/lgd-pmis-2/index.html").is_file() and (site / "api/v1/ideas/lgd-pmis-2.json").is_file()
    for gone in ("ideas/louhajanj-idea-bank-registration", "en/ideas/louhajanj-idea-bank-registration",
                 "api/v1/ideas/louhajanj-idea-bank-registration.json"):
        assert not (site / gone).exists(), gone
    assert {path: (site / path).stat().st_ino for path in untouched} == inodes, "neither made nor copied again"
    leftovers = {".site-building", ".site-updating", ".site-replaced"} & {p.name for p in project.iterdir()}
    assert not leftovers, "no staging or working folder left (but those being deleted in the background)"
    same_site(site, full)  # the same content built from nothing gives the same site
    assert files(site) != before

    # A link check changes every checked innovation's page, but only where search does not read
    # (data-search-ignore): the index is the same files (a reader's loaded index.json still holds),
    # and they are those a full build writes.
    digests = {lang: Index(site, lang).digest for lang in LANGUAGES}
    report = {"version": 2, "checked_at": "2026-01-05T03:00:00+00:00", "links": {
        "https://www.lgd.gov.bd/site/page/help-desk": {
            "status": "reachable", "checked_at": "2026-01-05T03:00:00+00:00", "offices": ["lgd"], "ideas": ["lgd-help-desk"]}}}
    (project / "data").mkdir()
    (project / "data" / "link-report.json").write_text(json.dumps(report), encoding="utf-8")
    code, output, full = deploy(project, "from-nothing-2")
    assert code == 0, output
    assert int(CHANGED.search(output)[1]) > 0, output
    assert {lang: Index(site, lang).digest for lang in LANGUAGES} == digests
    assert "bank-link-check--reachable" in (site / "ideas/lgd-help-desk/index.html").read_text(encoding="utf-8")
    same_site(site, full)

    # A change to the configuration (or the code) is a full build again.
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code, output = mkdocs_build(project)
    assert code == 0, output
    assert "building everything" in output and not CHANGED.search(output)
    same_site(site, full)

    # The linked innovation renamed, its old name kept: the page that links to it changes, though
    # nothing it shows of its own records does.
    old, new = ideas / "mopa-implemented-innovations-database.md", ideas / "mopa-implemented-innovations-db.md"
    new.write_text(old.read_text(encoding="utf-8").replace("\n---\n", "\naliases: [mopa-implemented-innovations-database]\n---\n", 1),
                   encoding="utf-8")
    old.unlink()
    (ideas / "mopa-implemented-innovations-database.en.md").rename(ideas / "mopa-implemented-innovations-db.en.md")
    code, output, full = deploy(project, "renamed")
    assert code == 0, output
    assert 'href="../mopa-implemented-innovations-db/"' in (site / linking).read_text(encoding="utf-8")
    same_site(site, full)

    # The ministry and its team renamed.
    office, team = project / "content/offices/mopa.yaml", project / "content/teams/mopa-innovation-team.md"
    office.write_text(office.read_text(encoding="utf-8").replace("জনপ্রশাসন মন্ত্রণালয়", "জনপ্রশাসন মন্ত্রণালয় (নতুন)", 1),
                      encoding="utf-8")
    team.write_text(team.read_text(encoding="utf-8").replace("Innovation Team", "Innovation Team (new)", 1), encoding="utf-8")
    code, output, full = deploy(project, "office-renamed")
    assert code == 0, output
    assert int(KEPT.search(output)[1]) > 0, output
    for page in ("ideas/mopa-zoom-district-piloting/index.html", "teams/mopa-innovation-team/index.html", "browse/index.html",
                 "offices/mopa/index.html"):
        assert "জনপ্রশাসন মন্ত্রণালয় (নতুন)" in (site / page).read_text(encoding="utf-8"), page
    assert "Innovation Team (new)" in (site / "en/ideas/mopa-zoom-district-piloting/index.html").read_text(encoding="utf-8")
    same_site(site, full)

    # Nothing changed: nothing made, every innovation's, team's and office's page kept unmade.
    code, output = mkdocs_build(project)
    assert code == 0, output
    assert CHANGED.search(output)[1] == "0" and FILES.search(output)[1] == "0", output
    records = sum(1 for folder in ("ideas", "teams", "offices") for path in (project / "content" / folder).iterdir()
                  if not path.name.endswith(".en.md"))
    assert int(KEPT.search(output)[1]) > 2 * records, output  # and the listings'
    same_site(site, full)

    # Only the linking innovation's summary edited: its page is made again while the page its body
    # links to is kept unmade, and the link still leads there.
    source = ideas / "mopa-innovation-bank.md"
    source.write_text(source.read_text(encoding="utf-8").replace("এক জায়গায় সংরক্ষণ", "এক স্থানে সংরক্ষণ", 1), encoding="utf-8")
    code, output, full = deploy(project, "summary-edited")
    assert code == 0, output
    assert 0 < int(CHANGED.search(output)[1]) and int(KEPT.search(output)[1]) > 0, output
    html = (site / linking).read_text(encoding="utf-8")
    assert "এক স্থানে সংরক্ষণ" in html and 'href="../mopa-implemented-innovations-db/"' in html
    same_site(site, full)

    # The state keeps no file's YAML text, yet a problem another file's change causes in a file
    # that did not change still names its line.
    line = next(n for n, text in enumerate((ideas / "lgd-pmis.md").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("office:"))
    (project / "content" / "offices" / "lgd.yaml").unlink()
    code, output = mkdocs_build(project)
    assert code != 0
    assert re.search(rf"content/ideas/lgd-pmis\.md\n(  .*\n)*?  {line}:\d+ office\n", output), output
    assert "হেল্পডেস্ক" in (site / "ideas/lgd-help-desk/index.html").read_text(encoding="utf-8"), "the site stays"


def test_an_update_of_the_site_is_undone_whole(tmp_path):
    """A build that fails after it began to change the previous site puts every file back."""
    site, staging = tmp_path / "site", tmp_path / ".site-building"
    for path, text in {"a.html": "old a", "b/c.html": "c", "d/e.html": "removed"}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text)
    for path, text in {"a.html": "new a", "f/g.html": "added"}.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_text(text)
    before = {path: (text, (site / path).stat().st_ino) for path, text in
              ((p.relative_to(site).as_posix(), p.read_text()) for p in site.rglob("*") if p.is_file())}

    update = Update(site, staging, removed={"d/e.html", "gone-already.html"})
    work = update.apply()
    assert not site.exists(), "no half-changed site under the site's name"
    assert {p.relative_to(work).as_posix(): p.read_text() for p in work.rglob("*") if p.is_file()} == {
        "a.html": "new a", "b/c.html": "c", "f/g.html": "added"}
    update.undo()
    assert {p.relative_to(site).as_posix(): (p.read_text(), p.stat().st_ino)
            for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["a.html", "b", "b/c.html", "d", "d/e.html"]


def test_a_content_files_digest_comes_from_the_loads_comparison_of_its_bytes(tmp_path, monkeypatch):
    """A build compared every content file by its bytes (load's stamp by content): what sources.py
    bundles is keyed by those digests, not by reading all 12,000 files again at 10,000 innovations;
    a file the load did not digest is read, and gets the digest its bytes would have had."""
    from generator.load import load
    from generator.plugin import _file_digests

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache: dict = {}
    load(content, cache=cache, by_content=True)
    bengali, english = content / "ideas" / "lgd-pmis.md", content / "ideas" / "lgd-pmis.en.md"
    assert english.exists()
    expected = {path: _file_digests({})(path) for path in (bengali, english)}  # read from the files
    assert expected[bengali] != expected[english]
    digest = _file_digests(cache)
    monkeypatch.setattr("generator.plugin.content_digest", lambda path: pytest.fail(f"{path} read again"))
    assert {path: digest(path) for path in (bengali, english)} == expected


def test_a_deploy_takes_the_district_borders_its_last_build_simplified(tmp_path, monkeypatch):
    """The districts' borders (pages/map.py) are the same for the same code: a build's state keeps
    them, and a deploy reading it does not simplify them again (0.45 s of CPU every push)."""
    from generator import incremental
    from generator.pages import map as district_map

    simplified = district_map._topology()
    pending = incremental.write(tmp_path, incremental.State("this code", topology=simplified))
    incremental.add_search(pending, {})
    incremental.commit(pending)
    state = incremental.read(tmp_path, "this code", tmp_path)
    monkeypatch.setattr(district_map, "_simplified", [])
    monkeypatch.setattr(district_map, "_topology", lambda: pytest.fail("simplified again"))
    assert district_map.topology(state.topology) == simplified
    assert district_map.topology() is district_map.topology(), "once per process"


def test_a_new_version_of_a_package_that_loads_content_makes_the_next_build_a_full_one(tmp_path, monkeypatch):
    """The state keeps the records the last build loaded: a new YAML reader (yaml-rs, the fast one)
    or a new validator may read the same file otherwise, so its state is not used."""
    from generator import incremental
    from generator.load import stored

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    before = incremental.code_version(config, ROOT / "theme")
    installed = stored.metadata.version
    for package in stored.LOADING:
        with monkeypatch.context() as patch:
            patch.setattr(stored.metadata, "version", lambda name, p=package: "99.0" if name == p else installed(name))
            assert incremental.code_version(config, ROOT / "theme") != before, package
