"""`innobank validate` keeps what each content file gave in .cache/validate/: a second run reads
and validates only the files whose bytes changed, and reports exactly what a run without the cache
(--no-cache) reports, warnings on unchanged files and problems across files included. A cache that
is damaged, not signed with this user's key (a pickle a pull request adds would run its code), or
of another version of the code is ignored and written anew; a cache that cannot be written
leaves the last one whole."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.cli import validate as validate_command
from generator.load import bank as bank_module
from generator.load import load
from generator.load import stored
from generator.load.stored import Kept, version

REPO = Path(__file__).resolve().parent.parent
CACHE = validate_command.CACHE
FORMATS = ("human", "json", "github")
FAILED = "content/ideas/louhajanj-union-monthly-idea.md"  # in `broken`: not valid YAML, read in every run
UNRELATED = "content/ideas/nilg-innovation-sessions.md"  # no problem in it, none about it
PHONE = "\nযোগাযোগ: ০১৭১১২৬৬০৮৫\n"


@pytest.fixture(autouse=True)
def unsettled(monkeypatch):
    """Files changed just now stay unsettled (load.bank._seen) for the whole test, however long it
    takes: what a run writes does not depend on how long the test took."""
    monkeypatch.setattr(bank_module, "_SETTLED_NS", 10**18)


@pytest.fixture
def sample(tmp_path, monkeypatch) -> Path:
    """A repository folder with a copy of the sample content; the working directory."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def change(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def broken(sample) -> Path:
    """The sample with a problem of each kind: a near copy of an innovation (a warning on it and on
    the unchanged original), a reference to a team that does not exist (found across files),
    a personal number in a valid file, a file that is not valid YAML, an English body without its
    file."""
    text = (sample / "content/ideas/lgd-help-desk.md").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("aliases:"))  # a copy's own
    (sample / "content/ideas/lgd-help-desk-copy.md").write_text(text.replace('জন্য হেল্প ডেস্ক"', 'জন্য হেল্পডেস্ক"', 1),
                                                                encoding="utf-8")
    change(sample, "content/ideas/lgd-pmis.md", "team: lgd-innovation-team", "team: lgd-innovation-teams")
    (sample / "content/ideas/mopa-innovation-bank.md").open("a", encoding="utf-8").write(PHONE)
    change(sample, FAILED, "\nkind:", "\nkind: [")
    (sample / "content/ideas/no-such-idea.en.md").write_text("An English body.\n", encoding="utf-8")
    return sample


def reports(root: Path, capsys, *args: str) -> dict[str, tuple[int, str]]:
    """Exit code and output of `innobank validate` in each format."""
    found = {}
    for form in FORMATS:
        capsys.readouterr()
        code = main(["--root", str(root), "validate", "--format", form, *args])
        found[form] = code, capsys.readouterr().out
    return found


def cold(root: Path, capsys) -> dict[str, tuple[int, str]]:
    return reports(root, capsys, "--no-cache")


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The content files read (and validated) from now on: a small bank is read in this process."""
    done: list[str] = []
    reader = bank_module._read_file

    def counted(file):
        done.append(Path(file[0]).relative_to(Path.cwd()).as_posix())
        return reader(file)

    monkeypatch.setattr(bank_module, "_read_file", counted)
    return done


def kept_files(root: Path) -> set[str]:
    """The content files the cache file holds an entry for."""
    return {Path(path).relative_to(root).as_posix() for path in Kept(root / CACHE, version()).load()}


def parts(root: Path) -> dict[str, bytes]:
    """The cache's files and their bytes."""
    return {path.name: path.read_bytes() for path in sorted((root / CACHE).iterdir())}


def content_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "content").rglob("*.md") if not p.name.endswith(".en.md")} | {
        p.relative_to(root).as_posix() for p in (root / "content" / "offices").glob("*.yaml")}


# ---- a warm run is a cold run -----------------------------------------------------------------------

@pytest.mark.parametrize("tree", ["sample", "broken"])
def test_a_warm_run_reports_what_a_cold_run_does(tree, request, capsys, reads):
    root = request.getfixturevalue(tree)
    before = cold(root, capsys)
    assert not (root / CACHE).exists(), "--no-cache writes no cache"
    failed = [FAILED] if tree == "broken" else []
    reads.clear()
    assert reports(root, capsys) == before  # the first run, which writes the cache
    assert parts(root) and sorted(reads) == sorted([*content_files(root), *failed * (len(FORMATS) - 1)])
    (root / UNRELATED).open("a", encoding="utf-8").write("\nএক লাইন আরও।\n")
    expected = cold(root, capsys)
    reads.clear()
    assert reports(root, capsys) == expected
    assert sorted(reads) == sorted([UNRELATED] + failed * len(FORMATS)), "only the edited file is read (and a failed one)"
    if tree == "broken":
        code, out = expected["json"]
        found = {(p["file"], p["code"], p["severity"]) for p in json.loads(out)}
        assert code == 1 and found >= {
            ("content/ideas/lgd-help-desk.md", "similar_title", "warning"),
            ("content/ideas/lgd-help-desk-copy.md", "similar_title", "warning"),
            ("content/ideas/lgd-pmis.md", "unknown_team", "error"),
            ("content/ideas/mopa-innovation-bank.md", "personal_phone", "error"),
            ("content/ideas/no-such-idea.en.md", "orphan_english", "error")}
        assert any(f == FAILED for f, _, _ in found)
        assert "content/ideas/lgd-pmis.md\n  11:1 team\n" in expected["human"][1], "the line of the reference"


def test_an_edited_file_is_checked_again_and_so_is_what_refers_to_it(broken, capsys, reads):
    reports(broken, capsys)
    (broken / UNRELATED).open("a", encoding="utf-8").write(PHONE)  # a new problem
    change(broken, "content/ideas/lgd-pmis.md", "lgd-innovation-teams", "lgd-innovation-team")  # one fixed
    for team in ("mopa-innovation-team.md", "mopa-innovation-team.en.md"):  # unchanged ideas refer to it
        (broken / "content/teams" / team).unlink()
    expected = cold(broken, capsys)
    reads.clear()
    assert reports(broken, capsys) == expected
    assert sorted(set(reads)) == ["content/ideas/lgd-pmis.md", FAILED, UNRELATED]
    found = json.loads(expected["json"][1])
    assert {(p["file"], p["code"], p["line"]) for p in found} >= {
        (UNRELATED, "personal_phone", (broken / UNRELATED).read_text(encoding="utf-8").count("\n")),
        ("content/ideas/mopa-innovation-bank.md", "unknown_team", 11)}
    assert not any(p["file"] == "content/ideas/lgd-pmis.md" for p in found)


def test_a_renamed_or_deleted_file_leaves_the_cache(broken, capsys, reads):
    reports(broken, capsys)
    assert kept_files(broken) == content_files(broken) - {FAILED}, "a file that failed is read again anyway"
    (broken / "content/ideas/mopa-innovation-bank.md").rename(broken / "content/ideas/mopa-bank.md")
    (broken / "content/ideas/mopa-innovation-bank.en.md").rename(broken / "content/ideas/mopa-bank.en.md")
    (broken / "content/ideas/lgd-pmis.md").unlink()
    expected = cold(broken, capsys)
    assert reports(broken, capsys) == expected
    files = {p["file"]: p["code"] for p in json.loads(expected["json"][1])}
    assert files["content/ideas/mopa-bank.md"] == "personal_phone" and "content/ideas/mopa-innovation-bank.md" not in files
    assert "content/ideas/lgd-pmis.md" not in files and "content/ideas/lgd-pmis.en.md" in files  # now an orphan
    assert kept_files(broken) == content_files(broken) - {FAILED}, "entries for files that are gone are dropped"


@pytest.fixture
def digested(monkeypatch) -> list[str]:
    """The content files read to be compared by their bytes from now on."""
    done: list[str] = []
    reader = bank_module.read_bounded

    def counted(path):
        done.append(Path(path).relative_to(Path.cwd()).as_posix())
        return reader(path)

    monkeypatch.setattr(bank_module, "read_bounded", counted)
    return done


def test_a_file_in_the_state_it_was_read_in_is_not_read_again(sample, capsys, reads, digested, monkeypatch):
    """A file whose state (times, size, inode) is the one it was read in is taken as unchanged,
    once that state is settled; a file changed within the last seconds could change again within
    the same tick of the file system's clock, unseen: it is compared by its bytes."""
    expected = reports(sample, capsys)
    digested.clear()
    assert reports(sample, capsys) == expected
    assert len(digested) == len(FORMATS) * len({*content_files(sample), *(
        p.relative_to(sample).as_posix() for p in (sample / "content").rglob("*.en.md"))}), "copied just now: by bytes"
    monkeypatch.setattr(bank_module, "_SETTLED_NS", -10**10)  # as if ten seconds went by since the copy
    reports(sample, capsys)  # the files read again, to keep their state
    reads.clear()
    digested.clear()
    assert reports(sample, capsys) == expected
    assert reads == [] and digested == [], "no file read, not even to be digested"
    path, was = sample / UNRELATED, os.stat(sample / UNRELATED)
    raw, number = path.read_bytes(), b"\n01711266085"
    end = len(raw) - len(number) - 1
    while raw[end] & 0xC0 == 0x80:  # not within a character
        end -= 1
    path.write_bytes(raw[:end] + number + b" " * (len(raw) - end - len(number) - 1) + b"\n")
    os.utime(path, ns=(was.st_atime_ns, was.st_mtime_ns))  # the same size and time: only its inode's change time differs
    assert os.stat(path).st_size == was.st_size
    expected = cold(sample, capsys)
    reads.clear()
    assert reports(sample, capsys) == expected and set(reads) == {UNRELATED}
    assert (UNRELATED, "personal_phone") in {(p["file"], p["code"]) for p in json.loads(expected["json"][1])}


def test_a_warm_run_gives_the_records_a_cold_run_gives_and_rebuilds_no_model_it_kept(sample, capsys):
    """The cache keeps each record's model and bodies pickled apart, with what the checks across
    files read: a warm run makes neither of an unchanged file, but for the bodies that may link
    (their links are checked); those asked for are the ones a cold run makes."""
    reports(sample, capsys)
    (sample / UNRELATED).open("a", encoding="utf-8").write("\nএক লাইন আরও।\n")
    warm, _ = load(sample / "content", cache=Kept(sample / CACHE, version()).load(), warnings=True, by_content=True)
    records = [(slug, rec) for kind in ("ideas", "teams", "offices") for slug, rec in getattr(warm, kind).items()]
    built = {slug for slug, rec in records if {"item", "body"} & vars(rec).keys()}
    linking = {slug for slug, rec in records if rec.facts.linking}
    assert linking and built == {Path(UNRELATED).stem, *linking}
    fresh, _ = load(sample / "content", warnings=True)
    for kind in ("ideas", "teams", "offices"):
        records = getattr(warm, kind)
        assert records.keys() == getattr(fresh, kind).keys()
        for slug, rec in getattr(fresh, kind).items():
            kept = records[slug]
            assert (kept.facts, kept.body, kept.body_line, kept.source.shown) == (rec.facts, rec.body, rec.body_line, rec.source.shown)
            assert kept.item == rec.item and kept.digest == rec.digest


def test_a_change_that_keeps_the_size_and_the_time_is_seen(sample, capsys):
    reports(sample, capsys)
    path = sample / "content/ideas/lgd-pmis.md"
    was = os.stat(path)
    change(sample, "content/ideas/lgd-pmis.md", "team: lgd-innovation-team", "team: lgd-innovation-tean")
    os.utime(path, ns=(was.st_atime_ns, was.st_mtime_ns))
    assert os.stat(path).st_size == was.st_size
    code, out = reports(sample, capsys)["json"]
    assert code == 1 and [(p["file"], p["line"]) for p in json.loads(out)] == [("content/ideas/lgd-pmis.md", 11)]


# ---- a cache that is not this one's ---------------------------------------------------------------

def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:]


@pytest.mark.parametrize("damage", [_truncated, _flipped, lambda data: b"", lambda data: os.urandom(len(data))],
                         ids=["truncated", "a bit changed", "empty", "noise"])
def test_a_damaged_cache_is_ignored_and_written_again(broken, capsys, reads, damage):
    expected = reports(broken, capsys)
    written = parts(broken)
    for name, data in written.items():
        (broken / CACHE / name).write_bytes(damage(data))
    reads.clear()
    assert reports(broken, capsys) == expected
    assert len(reads) == len(content_files(broken)) + len(FORMATS) - 1, "every file read; the failed one in each run"
    assert parts(broken) == written, "written anew"
    # One part damaged: the files it held are read again, and no other.
    name, data = next(iter(written.items()))
    (broken / CACHE / name).write_bytes(damage(data))
    held = [path for path in content_files(broken) if f"{stored._part(broken / path):02d}.pickle" == name]
    reads.clear()
    assert reports(broken, capsys) == expected
    assert sorted(set(reads)) == sorted({*held, FAILED}) and parts(broken) == written


class _Runs:
    """A pickle that, read, would create a file: what a cache file a pull request adds could do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return open, (str(self.marker), "w")


def test_a_cache_not_signed_with_the_users_key_never_runs(sample, capsys, reads, tmp_path, monkeypatch):
    expected = cold(sample, capsys)
    marker = tmp_path / "ran"
    (sample / CACHE).mkdir(parents=True)
    for planted in (pickle.dumps(_Runs(marker)),  # a bare pickle
                    stored._MAGIC + os.urandom(32) + pickle.dumps({sample / UNRELATED: _Runs(marker)})):
        for part in range(stored.PARTS):
            (sample / CACHE / f"{part:02d}.pickle").write_bytes(planted)
        reads.clear()
        assert reports(sample, capsys) == expected
        assert not marker.exists() and len(reads) == len(content_files(sample))
    # Signed with another user's key: as foreign as any.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    reads.clear()
    assert reports(sample, capsys) == expected
    assert len(reads) == len(content_files(sample))


def test_links_in_the_cache_are_not_followed(sample, capsys, reads, tmp_path):
    """A pull request may add .cache/ as links: a part that is a link to a file that never ends,
    a cache folder that is a link to another folder."""
    expected = cold(sample, capsys)
    (sample / CACHE).mkdir(parents=True)
    for part in range(stored.PARTS):
        (sample / CACHE / f"{part:02d}.pickle").symlink_to("/dev/zero")
    assert reports(sample, capsys) == expected
    assert not any(path.is_symlink() for path in (sample / CACHE).iterdir()) and parts(sample), "written anew"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(sample / CACHE)
    (sample / CACHE).symlink_to(elsewhere)
    reads.clear()
    assert reports(sample, capsys) == expected
    assert list(elsewhere.iterdir()) == [] and len(reads) == len(content_files(sample)) * len(FORMATS)


def test_a_cache_of_another_version_of_the_code_is_not_used(sample, capsys, reads, monkeypatch):
    monkeypatch.setattr(validate_command, "version", lambda: "an older version")
    expected = reports(sample, capsys)
    monkeypatch.setattr(validate_command, "version", version)
    reads.clear()
    assert reports(sample, capsys) == expected
    assert sorted(reads) == sorted(content_files(sample)), "every file read again, once"
    reads.clear()
    assert reports(sample, capsys) == expected and reads == []


def test_a_cache_that_cannot_be_written_leaves_the_last_one_whole(sample, capsys, monkeypatch):
    expected = reports(sample, capsys)
    last = parts(sample)
    (sample / UNRELATED).open("a", encoding="utf-8").write(PHONE)

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    replace = os.replace
    monkeypatch.setattr(stored.os, "replace", full_disk)
    code, out = reports(sample, capsys)["json"]
    assert code == 1 and [p["file"] for p in json.loads(out)] == [UNRELATED]
    assert parts(sample) == last, "each file whole, and no half-written one left"
    monkeypatch.setattr(stored.os, "replace", replace)
    (sample / UNRELATED).write_text((sample / UNRELATED).read_text(encoding="utf-8").replace(PHONE, ""), encoding="utf-8")
    assert reports(sample, capsys) == expected
