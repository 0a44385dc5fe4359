"""A forking build leaves the records' Markdown bodies in their files (load.bank.OnDisk) and reads
them again for each page: what is read must be what was validated, byte for byte, whatever the
file's line ends, byte order mark or Unicode form, and a file changed meanwhile is an error naming it."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from generator.load import ContentError, load
from generator.load.bank import bodies_on_disk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import generate  # noqa: E402


@pytest.fixture()
def content(tmp_path) -> Path:
    generate(tmp_path, ideas=30, teams=4, seed=5)
    content = tmp_path / "content"
    ideas = sorted(p for p in (content / "ideas").glob("*.md") if not p.name.endswith(".en.md"))
    ideas[0].write_bytes(ideas[0].read_bytes().replace(b"\n", b"\r\n"))
    ideas[1].write_bytes(b"\xef\xbb\xbf" + ideas[1].read_bytes() + b"\n\n   \n")
    decomposed = next(p for p in ideas[2:] if "ো" in p.read_text(encoding="utf-8").partition("\n---")[2])
    decomposed.write_text(decomposed.read_text(encoding="utf-8").replace("ো", "\u09c7\u09be"), encoding="utf-8")
    return content


def test_bodies_read_again_are_the_ones_validated(content):
    bank, problems = load(content)
    assert not problems
    held = {(kind, slug): dict(rec.body) for kind in ("ideas", "teams", "offices")
            for slug, rec in getattr(bank, kind).items()}
    assert any(body.get("en") for body in held.values())
    bodies_on_disk(bank)
    for (kind, slug), body in held.items():
        rec = getattr(bank, kind)[slug]
        assert dict(rec.body) == body
        assert ("en" in rec.body) == ("en" in body)
        assert rec.body.get("en") == body.get("en")


def test_a_body_changed_during_the_build_is_an_error_naming_its_file(content):
    bank, _ = load(content)
    rec = next(r for r in bank.ideas.values() if r.body.get("bn"))
    bodies_on_disk(bank)
    rec.source.path.write_text(rec.source.path.read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        rec.body["bn"]
    assert rec.source.shown in str(error.value)
    assert "changed while the site was being built" in str(error.value)


@pytest.mark.parametrize("swap", ["pipe", "link", "folder"])
def test_a_body_file_swapped_for_a_pipe_or_a_link_is_refused(content, tmp_path, swap):
    """A pipe in a body file's place would keep the build waiting for a writer for ever; a link
    would be followed out of the tree. Either, or a folder, is an error naming the file (in the
    words the listing uses for it), and the build goes on."""
    bank, _ = load(content)
    rec = next(r for r in bank.ideas.values() if r.body.get("bn"))
    bodies_on_disk(bank)
    path, outside = rec.source.path, tmp_path / "outside.md"
    outside.write_bytes(path.read_bytes())  # the same text: only the swap itself can be noticed
    path.unlink()
    {"pipe": os.mkfifo, "link": lambda p: p.symlink_to(outside), "folder": os.mkdir}[swap](path)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(_error_of(lambda: rec.body["bn"])), daemon=True)
    reader.start()
    reader.join(60)
    if reader.is_alive():  # let the reader that waits go, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading the body waited on the pipe")
    told = {"link": "symbolic link", "pipe": "not an ordinary file", "folder": "no folders inside"}[swap]
    assert rec.source.shown in outcome[0] and told in outcome[0]


def _error_of(read) -> str:
    try:
        read()
    except ContentError as error:
        return str(error)
    return "no error"


def test_a_lean_bank_shares_equal_texts_and_holds_the_same_models(content):
    """A forking build's records (load's `lean`) share one object for texts written alike in many
    files (model.share_fields_sets), and every model reads as it does when loaded plainly."""
    plain, _ = load(content)
    lean, problems = load(content, lean=True)
    assert not problems
    for kind in ("ideas", "teams", "offices"):
        for slug, rec in getattr(plain, kind).items():
            assert getattr(lean, kind)[slug].item.model_dump_json() == rec.item.model_dump_json()
    designations, members = {}, 0
    for rec in lean.teams.values():
        for member in rec.item.members:
            members += 1
            designations.setdefault((member.designation.bn, member.designation.en), set()).add(id(member.designation))
    assert len(designations) < members and all(len(ids) == 1 for ids in designations.values())
