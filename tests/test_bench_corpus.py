"""The benchmark's corpus (bench/corpus.py) is what bench/README.md says: the same bytes for the
same seed, and a bank `innobank validate` accepts, so a benchmark never times error messages."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.load import load

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import generate  # noqa: E402


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_corpus_is_deterministic_and_valid(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, seed in ((first, 1), (second, 1), (other, 2)):
        generate(folder, ideas=200, teams=20, seed=seed)
    assert _files(first) == _files(second)
    assert _files(first) != _files(other)
    bank, problems = load(first / "content")
    assert problems == []
    assert (len(bank.ideas), len(bank.teams)) == (200, 20)
