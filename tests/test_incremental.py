"""Incremental deploys (generator/incremental.py): a build after a small change renders only the
pages it touched, takes the others from the last site, and publishes exactly the bytes a build
from nothing publishes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from test_build import ROOT, mkdocs_build, project  # noqa: F401 — the fixture

IDEAS = ("lgd-help-desk", "lgd-pmis", "louhajanj-idea-bank-registration")
CHANGED = re.compile(r"(\d+) of (\d+) pages changed since the last build")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def same_site(one: Path, other: Path) -> None:
    a, b = files(one), files(other)
    assert sorted(a.keys() - b.keys()) == [] and sorted(b.keys() - a.keys()) == [], "the same files"
    assert [path for path in a if a[path] != b[path]] == [], "the same bytes"


def test_a_deploy_after_a_small_change_renders_it_alone_and_publishes_a_full_builds_bytes(project):
    config = project / "mkdocs.yml"  # the fixture's English body warns; a build that warns leaves no state
    config.write_text(config.read_text(encoding="utf-8").replace("anchors: warn", "anchors: info"), encoding="utf-8")
    ideas = project / "content" / "ideas"
    shutil.copytree(ROOT / "content" / "media", project / "content" / "media", dirs_exist_ok=True)
    for slug in IDEAS:
        for name in (f"{slug}.md", f"{slug}.en.md"):
            if (ROOT / "content/ideas" / name).exists():
                shutil.copy(ROOT / "content/ideas" / name, ideas)
    code, output = mkdocs_build(project)
    assert code == 0, output
    assert not CHANGED.search(output), "the first build builds everything"
    site = project / "site"
    before = files(site)

    # One innovation's title edited, one innovation added, one removed.
    help_desk = ideas / "lgd-help-desk.md"
    help_desk.write_text(help_desk.read_text(encoding="utf-8").replace("হেল্প ডেস্ক", "হেল্পডেস্ক", 1), encoding="utf-8")
    added = (ideas / "lgd-pmis.md").read_text(encoding="utf-8").replace('title:\n  bn: "', 'title:\n  bn: "নতুন ', 1)
    (ideas / "lgd-pmis-2.md").write_text(added, encoding="utf-8")
    (ideas / "louhajanj-idea-bank-registration.md").unlink()
    (ideas / "louhajanj-idea-bank-registration.en.md").unlink(missing_ok=True)
    code, output = mkdocs_build(project)
    assert code == 0, output
    changed, total = map(int, CHANGED.search(output).groups())
    assert 0 < changed < total / 2, output
    assert "হেল্পডেস্ক" in (site / "ideas/lgd-help-desk/index.html").read_text(encoding="utf-8")
    assert (site / "ideas/lgd-pmis-2/index.html").is_file()
    assert not (site / "ideas/louhajanj-idea-bank-registration").exists() and not (site / "en/ideas/louhajanj-idea-bank-registration").exists()

    # The same content built from nothing (another site folder has no state) gives the same site.
    code, output = mkdocs_build(project, "-d", str(project / "from-nothing"))
    assert code == 0, output
    assert not CHANGED.search(output)
    same_site(site, project / "from-nothing")
    assert files(site) != before

    # A change to the configuration (or the code) is a full build again.
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code, output = mkdocs_build(project)
    assert code == 0, output
    assert "building everything" in output and not CHANGED.search(output)
    same_site(site, project / "from-nothing")
