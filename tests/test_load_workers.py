"""A bank of many files is read in forked workers (generator/load/workers.py). What an officer
sees must not depend on it: the same problems, at the same file, line and field, with the same
suggestions, and the same bank, whether the files were read in one process or in workers, and
even when a worker dies; and the same bank read back from the cache `innobank validate` keeps."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import generate  # noqa: E402


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The benchmark's corpus with a broken file of each kind the reader and the models report."""
    root = tmp_path_factory.mktemp("bank")
    generate(root, ideas=400, teams=40, seed=3)
    content = root / "content"
    ideas = sorted(p for p in (content / "ideas").glob("*.md") if not p.name.endswith(".en.md"))
    teams = sorted((content / "teams").glob("*.md"))
    offices = sorted((content / "offices").glob("*.yaml"))
    idea = ideas[10].read_text(encoding="utf-8")  # an office written in capitals: not an id, but like one
    ideas[10].write_text(re.sub(r"\noffice: (.*)", lambda m: "\noffice: " + m.group(1).upper(), idea, count=1), encoding="utf-8")
    _edit(ideas[50], "\nkind: ", "\n\tkind: ")  # a tab: a YAML syntax error
    ideas[90].write_text(ideas[90].read_text(encoding="utf-8") + "\nফোন: ০১৭১১-২৬৬০৮৫\n", encoding="utf-8")
    _edit(ideas[130], "\ntitle:", "\ntitle: {bn: \"a\\x07\"}\nx-title:")  # an escaped bell, and a key the model refuses
    ideas[170].write_bytes(ideas[170].read_bytes().replace("\n".encode(), b"\n\xff", 1))
    _edit(ideas[210], "\nkind: ", "\nkind: new_idea\nkind: ")  # a duplicate key: the careful reader
    _edit(ideas[250], "\nsummary:", "\nsumary:")
    _edit(ideas[290], "\nstatus: ", "\nstatus: বাস্তবায়িত\nx: ")
    ideas[330].write_text(ideas[330].read_text(encoding="utf-8") + "\n[see](no-such-idea.md)\n", encoding="utf-8")
    ideas[370].write_bytes(ideas[370].read_bytes().replace(b"\n", b"\r\n"))  # valid, read the slow way
    (content / "ideas" / "copy-of-one.md").write_bytes(ideas[20].read_bytes())  # a similar title
    (content / "ideas" / "no-such-base.en.md").write_text("English only\n", encoding="utf-8")
    (content / "ideas" / "empty.md").write_text("", encoding="utf-8")
    _edit(teams[-1], "\nparent: ", "\nparent: The team of ")  # a suggestion from the teams before it
    _edit(offices[-1], "\nplace: ", "\nplace: Nowhere-")
    return content


# Workers are forked only from a process without other threads, and a test session has some: each
# load runs in a fresh interpreter, which sends back whether it forked, the problems and the bank.
_LOAD = """
import os, pickle, sys
from pathlib import Path
from generator.load import bank as bank_module, load, stored, workers

content, in_workers, dying, lean = Path(sys.argv[1]), sys.argv[2] == "workers", sys.argv[3], sys.argv[4] == "lean"
forked = []


class Counted(workers._Workers):
    def _fork(self, *args):
        forked.append(1)
        return super()._fork(*args)


workers._Workers, workers.CHUNK, workers.cores = Counted, 7, lambda: 3  # several chunks for each worker
workers.FROM = 0 if in_workers else 10**9
loader, first = bank_module._read_file, os.getpid()


def dies_in_a_worker(file):
    if str(file[0]) == dying and os.getpid() != first:
        os._exit(3)
    return loader(file)


bank_module._read_file = dies_in_a_worker
bank, problems = load(content, warnings=True, lean=lean)
everything = {kind: [(slug, rec.item.model_dump(mode="json"), rec.source.data, rec.source.shown,
                      rec.source.body_line, rec.body, rec.body_line) for slug, rec in getattr(bank, kind).items()]
              for kind in ("ideas", "teams", "offices")} | {"media": sorted(bank.media)}
cache = {}  # `innobank validate`'s: a worker's records are kept as their data, validated again when read back
everything["validate"] = load(content, cache=cache, warnings=True, by_content=True, models=False)[1]  # its report
everything["kept"] = sorted((str(path), entry.record.item.model_dump(mode="json"), entry.record.body, entry.record.facts)
                            for path, entry in stored.unpack(stored.pack(cache, {}))[0].items())
sys.stdout.buffer.write(pickle.dumps((bool(forked), problems, everything)))
"""


def _load_in(content: Path, in_workers: bool, dying: Path | str = "", lean: bool = False):
    """(problems, the bank as plain data), loaded in one process or in workers (lean: as a build
    that forks render workers loads it)."""
    done = subprocess.run([sys.executable, "-c", _LOAD, str(content), "workers" if in_workers else "here", str(dying),
                           "lean" if lean else ""],
                          capture_output=True, check=True)
    forked, problems, everything = pickle.loads(done.stdout)
    assert forked == in_workers
    return problems, everything


@pytest.fixture(scope="module")
def loaded_here(content):
    """The bank loaded in one process: what both tests compare the workers' load with."""
    return _load_in(content, in_workers=False)


def test_workers_report_what_one_process_reports(content, loaded_here):
    here, bank_here = loaded_here
    codes = {p.code for p in here}
    assert {"unknown_office", "yaml_tab", "personal_phone", "control_character", "encoding", "duplicate_key",
            "unknown_key", "choice", "unknown_link", "similar_title", "orphan_english", "empty_file",
            "unknown_team", "unknown_place"} <= codes, codes
    assert [p.field for p in here if "Did you mean" in p.en and p.code == "unknown_office"] == ["office"]
    assert [p.field for p in here if "Did you mean" in p.en and p.code == "unknown_team"][-1] == "parent"
    assert bank_here["validate"] == here, "`innobank validate` (models=False) reports what the build's load does"
    assert _load_in(content, in_workers=True) == (here, bank_here)


def test_what_a_dead_worker_did_not_send_is_read_here(content, loaded_here):
    dying = sorted((content / "ideas").glob("*-*.md"))[200]
    assert _load_in(content, in_workers=True, dying=dying) == loaded_here


def test_a_lean_load_reports_the_same_lines(content, loaded_here):
    """A build that forks render workers keeps no file's parsed front matter (load's `lean`): a
    problem found across files (a team whose parent is not there, a title like another's, a link
    to no innovation) reads the file again for its line, and is reported as any load reports it."""
    here, bank_here = loaded_here
    problems, bank = _load_in(content, in_workers=True, lean=True)
    assert {"unknown_team", "similar_title", "unknown_link"} <= {p.code for p in problems}
    assert problems == here
    for kind in ("ideas", "teams", "offices"):
        assert all(data == {} for _, _, data, *_ in bank[kind]), "no record keeps its file's front matter"
        assert [(slug, item, *rest) for slug, item, _, *rest in bank[kind]] == \
               [(slug, item, *rest) for slug, item, _, *rest in bank_here[kind]]
