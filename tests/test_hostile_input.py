"""Hostile input against the loader (`generator.load.load`) and `innobank validate`: a fixed corpus
(tests/hostile/) and property-based tests (hypothesis) that truncate, mutate, retype and bloat valid
files. Whatever the input, the result is success or a list of Problems that name the file with a
line inside it and a sentence in English and Bengali: never an exception, a crash, a hang or
unbounded memory. How long loading takes is measured by `make bench`, not here: a test asserts what
the loader does, and a subprocess with a generous time limit only keeps a hang from stopping pytest."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import tracemalloc
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from pydantic import BaseModel

from generator.cli import main
from generator.i18n import catalogue
from generator.load import Problem, load
from generator.load.problems import FORMATS
from generator.load.translate import _unwrap
from generator.model import KINDS
from test_validate import IDEA, IDEA_EN, OFFICES, TEAM, line_of, write_tree

HOSTILE = Path(__file__).resolve().parent / "hostile"
EXPECTED: dict[str, list[str]] = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
CORPUS = sorted(p.relative_to(HOSTILE).as_posix() for p in HOSTILE.glob("*/*") if p.is_file())
CODES = {key.split(".", 1)[1] for key in catalogue() if key.startswith("problem.")}
BENGALI = re.compile(r"[\u0980-\u09FF]")
BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")

SMALL_IDEA = """\
---
title: {bn: "অনলাইন ছুটি", en: "Online leave"}
summary: ছুটি অনলাইনে অনুমোদন।
kind: digitisation
status: piloting
office: lgd
service: {running: yes, link: "https://leave.lgd.gov.bd"}
---
ছুটি এখন অনলাইনে।
"""

# HOSTILE_EXAMPLES=5000 pytest tests/test_hostile_input.py searches longer than the default run.
# No deadline: a slow example (a quadratic regex, a bomb) shows in `make bench` and in the hang
# guard below, not as a test that fails when the machine is busy.
HOSTILE_SETTINGS = settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 100)), deadline=None, print_blob=True,
                            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _lines(data: bytes) -> int:
    """Lines as git and an editor count them (a final newline starts one more, empty line)."""
    return len(re.split(rb"\r\n|\r|\n", data))


class Tree:
    """The module's repository folder: a valid bank (two offices, one team, one idea) into which a
    test puts hostile files, then loads and checks what comes back."""

    def __init__(self, root: Path, tally):
        self.root, self.tally = root, tally

    def check(self, files: dict[str, str | bytes], kind: str, *, cli: bool = False, keep_idea: bool = False):
        """Write the default bank plus files ("ideas/x.md" → content), load it, and check every
        problem. Returns (bank, problems)."""
        self.tally[kind] += 1
        groups: dict[str, dict] = {
            "ideas": {"online-leave.md": IDEA, "online-leave.en.md": IDEA_EN} if keep_idea else {},
            "teams": {"lgd-innovation-team.md": TEAM},
            "offices": {f"{k}.yaml": v for k, v in OFFICES.items()},
        }
        for name, data in files.items():
            folder, file = name.split("/", 1)
            groups[folder][file] = data
        write_tree(self.root, **groups)
        written = {f"content/{folder}/{file}": data if isinstance(data, bytes) else data.encode("utf-8")
                   for folder, group in groups.items() for file, data in group.items()}

        bank, found = load(self.root / "content")

        for p in found:
            assert isinstance(p, Problem)
            assert p.file in written, p
            assert 1 <= p.line <= _lines(written[p.file]), (p, _lines(written[p.file]))
            assert p.column >= 1, p
            assert p.code in CODES, p
            assert p.en.strip() and BENGALI.search(p.bn) and p.en != p.bn, p
            assert len(p.en) < 2000 and len(p.bn) < 2000, "a problem must quote the officer's text briefly"
        # Every file that is not hidden either loaded or has a problem naming it.
        for name in written:
            folder, file = name.split("/")[1:]
            if not file.endswith((".md", ".yaml", ".yml")) and not file.startswith("."):
                assert any(p.file == name and p.code == "not_content_file" for p in found), name
            if file.startswith(".") or file.endswith(".en.md") or not file.endswith((".md", ".yaml", ".yml")):
                continue
            slug = file.rsplit(".", 1)[0]
            assert slug in getattr(bank, folder) or any(p.file == name for p in found), f"{name}: not loaded, not reported"
        # Every output format copes with whatever the problems quote.
        assert len(json.loads(FORMATS["json"](found))) == len(found)
        human, github = FORMATS["human"](found, colour=False), FORMATS["github"](found)
        assert all(line.startswith("::error file=") for line in github.split("\n") if found)
        for p in found:
            escaped = p.file
            for char, code in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")):
                escaped = escaped.replace(char, code)
            assert f"{p.file}\n" in human + "\n" and f"::error file={escaped},line={p.line},col={p.column}," in github

        if cli:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = main(["--root", str(self.root), "validate"])
            text = out.getvalue()
            assert code == (1 if found else 0), text
            assert "Traceback" not in text
            for p in found:
                assert p.file in text and p.en in text and p.bn in text
        return bank, found


@pytest.fixture(scope="module")
def tree(tmp_path_factory, hostile_tally):
    root = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)  # problems then name files content/…, as for an officer in a clone
        yield Tree(root, hostile_tally)


HANG_GUARD = 600  # seconds: far beyond any load, only so that a hang fails a test instead of stopping pytest


def _validate_in_subprocess(root: Path) -> subprocess.CompletedProcess:
    code = "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, "--root", str(root), "validate", "--format", "json"],
                          capture_output=True, text=True, cwd=root, timeout=HANG_GUARD)


def _loaded_in_subprocess(folders: dict[str, Path]) -> set[str]:
    """The cases (name → repository folder) that a subprocess loaded, one after another, before it
    ended or the hang guard stopped it: a quadratic regex cannot be interrupted by a signal, so
    in-process it would hang pytest for hours instead of failing one test."""
    script = ("import sys\nfrom pathlib import Path\nfrom generator.load import load\n"
              "for name, folder in zip(sys.argv[1::2], sys.argv[2::2]):\n"
              "    load(Path(folder) / 'content'); print(name, flush=True)\n")
    args = [str(part) for name, folder in folders.items() for part in (name, folder)]
    try:
        out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                             timeout=HANG_GUARD).stdout
    except subprocess.TimeoutExpired as timeout:
        out = timeout.stdout.decode() if isinstance(timeout.stdout, bytes) else (timeout.stdout or "")
    return set(out.splitlines())


@pytest.fixture(scope="module")
def deep_validation(tmp_path_factory) -> subprocess.CompletedProcess:
    """`innobank validate` on 250,000 nested "[", in a subprocess: they overflowed the C stack of
    PyYAML's composer (SIGSEGV), which in-process would end the whole pytest run instead of
    failing one test."""
    root = write_tree(tmp_path_factory.mktemp("deep"), ideas={"deep.md": "---\ntitle: " + "[" * 250_000 + "\n---\n"})
    return _validate_in_subprocess(root)


@pytest.fixture(scope="module")
def deep_nesting_is_safe(deep_validation) -> bool:
    """Whether deep nesting leaves the interpreter alive, so the in-process tests may try it."""
    return deep_validation.returncode == 1


def guard_deep(data: str | bytes, safe: bool) -> None:
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    if raw.count(b"[") + raw.count(b"{") + raw.count(b"- ") > 20_000 and not safe:
        pytest.fail("deep nesting crashes the interpreter (see test_deep_nesting_does_not_crash_the_validate_command)")


def codes_and_lines(found: list[Problem], file: str) -> list[str]:
    pairs = {f"{p.code} {p.line}" for p in found if p.file == file}
    return sorted(pairs, key=lambda s: (int(s.split()[1]), s))


# ---- the fixed corpus ---------------------------------------------------------------------------

def test_corpus_is_listed_completely():
    assert sorted(EXPECTED) == CORPUS


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_file(tree, name, deep_nesting_is_safe):
    data = (HOSTILE / name).read_bytes()
    guard_deep(data, deep_nesting_is_safe)
    _, found = tree.check({name: data}, "corpus", cli=True)
    assert codes_and_lines(found, f"content/{name}") == EXPECTED[name]
    assert {p.file for p in found} <= {f"content/{name}"}, "a hostile file must not make other files fail"


BOMBS = ["ideas/billion-laughs.md", "ideas/billion-laughs-merge.yaml", "ideas/deep-lists.md", "ideas/deep-maps.md",
         "ideas/unclosed-brackets.md", "ideas/recursive-alias.md"]


@pytest.fixture(scope="module")
def bombs_loaded(tmp_path_factory) -> set[str]:
    return _loaded_in_subprocess({name: write_tree(tmp_path_factory.mktemp("bomb"), ideas={
        name.removeprefix("ideas/"): (HOSTILE / name).read_bytes()}) for name in BOMBS})


@pytest.mark.parametrize("name", BOMBS)
def test_bombs_stay_small(tree, name, deep_nesting_is_safe, bombs_loaded):
    """A bomb is refused, and loading it stays under 50 MB (a billion-laughs file expanded would
    take gigabytes)."""
    data = (HOSTILE / name).read_bytes()
    guard_deep(data, deep_nesting_is_safe)
    assert name in bombs_loaded, f"loading {name} in a subprocess did not finish (it hung or crashed)"
    tracemalloc.start()
    try:
        _, found = tree.check({name: data}, "bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, peak
    assert {p.code for p in found} <= {"alias", "too_deep"} and found


@pytest.mark.parametrize("depth, opener, closer", [(10_000, "[", "]"), (10_000, "{a: ", "}"), (10_000, "- ", ""),
                                                   (250_000, "[", "")])
def test_deep_nesting(tree, depth, opener, closer, deep_nesting_is_safe):
    text = "---\ntitle: " + ("\n  " if opener == "- " else "") + opener * depth + "x" + closer * depth + "\n---\n"
    guard_deep(text, deep_nesting_is_safe)
    _, found = tree.check({"ideas/deep.md": text}, "bomb")
    assert [p.code for p in found] == ["too_deep"] and found[0].line in (2, 3)
    assert found[0].en == "The data is nested too deeply to be a content file."


def test_deep_nesting_does_not_crash_the_validate_command(deep_validation):
    """250,000 "[" overflowed the C stack of PyYAML's composer: the process died with SIGSEGV, no
    message. Run in a subprocess so that a regression fails this test instead of killing pytest."""
    result = deep_validation
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    found = json.loads(result.stdout)
    assert [(p["file"], p["line"], p["code"]) for p in found] == [("content/ideas/deep.md", 2, "too_deep")]


# ---- huge values --------------------------------------------------------------------------------

def _huge_cases():
    big = "ক" * 140_000  # 420 KB of UTF-8
    return {
        "a 400 KB title": (IDEA.replace("জেলা পরিষদের প্রশাসকদের অনলাইন ছুটি", big), ["too_long"]),  # model/common.py TITLE_MAX
        "a 400 KB body without @": (IDEA + "a" * 400_000 + "\n", []),
        "a 400 KB body of digits": (IDEA + "1 " * 200_000 + "\n", []),
        "a 400 KB body of an ID's digits": (IDEA + "NID " + "1 " * 200_000 + "\n", ["personal_nid"]),
        "a 400 KB body of dotted digits": (IDEA + "০." * 100_000 + "\n", []),
        "a 400 KB body of @": (IDEA + "a@" * 200_000 + "\n", []),
        "a 400 KB word after an @": (IDEA + "x@y " + "a" * 400_000 + "\n", []),
        "a 400 KB kind": (IDEA.replace("kind: digitisation", "kind: " + "d" * 400_000), ["choice"]),
        "a 400 KB office": (IDEA.replace("office: lgd", "office: " + "l" * 400_000), ["unknown_office"]),
        "a 400 KB place": (IDEA.replace("place: munshiganj", "place: " + "m" * 400_000), ["unknown_place"]),
        "a 400 KB link": (IDEA.replace("link: https://leave.lgd.gov.bd", "link: javascript:" + "a" * 400_000), ["url_scheme"]),
        "a 400 KB key": (IDEA.replace("kind:", "k" * 400_000 + ": 1\nkind:"), ["yaml_colon"]),
        "a 100 KB key": (IDEA.replace("kind:", '"' + "k" * 100_000 + '": 1\nkind:'), ["yaml_colon"]),
        "a 1000-character key": (IDEA.replace("kind:", "k" * 1000 + ": 1\nkind:"), ["unknown_key"]),
        "a 400 KB year": (IDEA.replace("year: 2017", "year: " + "9" * 400_000), ["year_range"]),
        "a file over 512 KB": (IDEA + "ক" * 180_000 + "\n", ["too_big"]),
    }


@pytest.fixture(scope="module")
def huge_loaded(tmp_path_factory) -> set[str]:
    return _loaded_in_subprocess({name: write_tree(tmp_path_factory.mktemp("huge"), ideas={"online-leave.md": text})
                                  for name, (text, _) in _huge_cases().items()})


@pytest.mark.parametrize("case", list(_huge_cases()))
def test_huge_values(tree, case, huge_loaded):
    assert case in huge_loaded, f"loading {case} in a subprocess did not finish (it hung or crashed)"
    text, codes = _huge_cases()[case]
    tracemalloc.start()
    try:
        _, found = tree.check({"ideas/online-leave.md": text, "ideas/online-leave.en.md": IDEA_EN}, "huge")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    assert sorted({p.code for p in found}) == codes, found
    if codes == ["too_big"]:
        size = len(text.encode("utf-8")) // 1024
        assert found[0].en == f"The file is {size} KB; content files may be at most 512 KB."
        assert found[0].bn == f"ফাইলটি {str(size).translate(BN_DIGITS)} কেবি; কনটেন্ট ফাইল সর্বোচ্চ ৫১২ কেবি হতে পারে।"


# ---- truncation ---------------------------------------------------------------------------------

def test_truncated_at_every_byte(tree):
    for name, text in (("ideas/online-leave.md", SMALL_IDEA), ("offices/dc-munshiganj.yaml", OFFICES["dc-munshiganj"])):
        data = text.encode("utf-8")
        for end in range(len(data) + 1):
            _, found = tree.check({name: data[:end]}, "truncation")
            if end == len(data):
                assert found == []


@HOSTILE_SETTINGS
@given(data=st.data())
def test_truncated_anywhere(tree, data):
    name, text = data.draw(st.sampled_from([("ideas/online-leave.md", IDEA),
                                            ("teams/lgd-innovation-team.md", TEAM)]))
    raw = text.encode("utf-8")
    end = data.draw(st.integers(0, len(raw)))
    _, found = tree.check({name: raw[:end]}, "truncation", keep_idea=name.startswith("teams"))
    if end == len(raw):
        assert found == []


# ---- byte-level mutation and snippets ------------------------------------------------------------

SNIPPETS = [b"\t", b"\r", b"\r\n", b"\n", b"\xef\xbb\xbf", b"\x00", b"\x07", b"\x1b[31m", b"\xff", b"\xc3", b"\xed\xa0\x80",
            "\u200b".encode(), "\u200d".encode(), "\u202e".encode(), "\u2028".encode(), "\u0085".encode(),
            "\ufffe".encode(), "\U0010ffff".encode(),
            b"&a ", b"*a", b"&a [x]\nb: *a\n", b"<<: *a\n", b"!!python/object:os.system ", b"!!binary ", b"!!set ",
            b"!include ", b"%YAML 1.1\n", b"---\n", b"...\n", b"? ", b"- ", b": ", b"[", b"]", b"{", b"}", b"'", b'"',
            b"#", b"|", b">", b"\\", b"@", b"%", b"`", b"~", b"null", b"yes", b".inf", b"-", b"0x1F", b"1e400",
            "০১৭১১২৬৬০৮৫".encode(), b"01711-266085", b"x@gmail.com", b"javascript:", b"2023-02-30", "২০২৩-১৩-০১".encode(),
            "অ".encode(), "ো".encode(), b"e\xcc\x81", "\u0430".encode(), "🏖️".encode(), b"\"\\ud800\"", b'"\\0"']


@HOSTILE_SETTINGS
@given(data=st.data())
def test_byte_mutations(tree, data):
    raw = bytearray(IDEA.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(raw)))
        op = data.draw(st.sampled_from(["insert", "replace", "delete"]))
        piece = data.draw(st.one_of(st.sampled_from(SNIPPETS), st.binary(min_size=1, max_size=8)))
        if op == "insert":
            raw[at:at] = piece
        elif op == "replace":
            raw[at:at + len(piece)] = piece
        else:
            del raw[at:at + data.draw(st.integers(1, 40))]
    tree.check({"ideas/online-leave.md": bytes(raw), "ideas/online-leave.en.md": IDEA_EN}, "byte-mutation")


@HOSTILE_SETTINGS
@given(snippet=st.sampled_from(SNIPPETS), line=st.integers(0, IDEA.count("\n")), column=st.integers(0, 12),
       kind=st.sampled_from(["ideas", "teams", "offices"]))
def test_snippet_at_any_place(tree, snippet, line, column, kind):
    text = {"ideas": IDEA, "teams": TEAM, "offices": OFFICES["dc-munshiganj"]}[kind]
    name = {"ideas": "ideas/online-leave.md", "teams": "teams/lgd-innovation-team.md",
            "offices": "offices/dc-munshiganj.yaml"}[kind]
    lines = [s.encode("utf-8") for s in text.split("\n")]
    line = min(line, len(lines) - 1)
    target = lines[line]
    # Insert at a character boundary near the column.
    while column and column < len(target) and (target[column] & 0xC0) == 0x80:
        column += 1
    lines[line] = target[:column] + snippet + target[column:]
    tree.check({name: b"\n".join(lines)}, "snippets", keep_idea=kind != "ideas")


# ---- wrong types everywhere ----------------------------------------------------------------------

FRONT = IDEA.split("---\n")[1]
BODY = IDEA.split("---\n", 2)[2]
DOC = yaml.safe_load(FRONT)


def _field_names() -> set[str]:
    """Every field name of every content model, nested models included."""
    seen, names, todo = set(), set(), list(KINDS.values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            inner = _unwrap(info.annotation)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                todo.append(inner)
    return names


FIELD_NAMES = _field_names()


def _paths(value, path=()):
    """Every leaf and every mapping key of a parsed document, as paths."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))
    else:
        yield path


LEAVES = list(_paths(DOC))

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
                    st.dates(), st.datetimes(), st.binary(max_size=10),
                    st.sampled_from(["", " ", "yes", "না", "২০২২-০৮-২৮", "2023-02-30", "১,০০০", "-১", "০১৭১১২৬৬০৮৫",
                                     "javascript:alert(1)", "lgd", "digitisation", "\u200b", "<script>", "{bn: x}"]))
keys = st.one_of(st.sampled_from(sorted(FIELD_NAMES)), st.text(max_size=10))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)),
                      max_leaves=12)


def _set(doc, path, value):
    doc = json.loads(json.dumps(doc, default=str))  # a deep copy
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return doc


def _dump(doc) -> str:
    return "---\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**9) + "---\n" + BODY


def _top(field: str) -> str:
    return re.split(r"[.\[]", field, maxsplit=1)[0]


@HOSTILE_SETTINGS
@given(path=st.sampled_from(LEAVES), value=values)
@example(path=("service", "running"), value=[1])
@example(path=("dates", "started"), value="2023-02-30")
@example(path=("impact", "cost", "after"), value=float("nan"))
def test_wrong_type_at_any_leaf(tree, path, value):
    try:
        text = _dump(_set(DOC, path, value))
    except yaml.YAMLError:
        assume(False)
    _, found = tree.check({"ideas/online-leave.md": text, "ideas/online-leave.en.md": IDEA_EN}, "wrong-type")
    # Only that value changed, so only it can be wrong (or the checks that compare it with others:
    # an implemented idea needs dates.implemented, reported at status).
    for p in found:
        assert _top(p.field) in {path[0], "status"} or (
            p.code in ("control_character", "noncharacter") and p.field == ""), p


def _key_line(text: str, path: tuple) -> int:
    """The file line of the key at path, from a pure-Python compose of the front matter."""
    node = yaml.compose(text.split("---\n")[1], Loader=yaml.SafeLoader)
    for part in path:
        if isinstance(node, yaml.SequenceNode):
            node = node.value[part]
            continue
        for key, value in node.value:
            if key.value == part:
                found_key, node = key, value
                break
    return found_key.start_mark.line + 2


def _mapping_keys(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield path + (k,)
            yield from _mapping_keys(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _mapping_keys(v, path + (i,))


KEYS = list(_mapping_keys(DOC))
key_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=0, max_size=24)


@HOSTILE_SETTINGS
@given(path=st.sampled_from(KEYS), new=key_text)
@example(path=("title",), new="titel")
@example(path=("service", "running"), new="yes")
def test_any_key_renamed(tree, path, new):
    """A key renamed to anything that is not a field name is reported on its own line."""
    assume(unicodedata.normalize("NFC", new) not in FIELD_NAMES)
    doc = json.loads(json.dumps(DOC, default=str))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    renamed = {(new if k == path[-1] else k): v for k, v in parent.items()}
    parent.clear()
    parent.update(renamed)
    text = _dump(doc)
    _, found = tree.check({"ideas/online-leave.md": text, "ideas/online-leave.en.md": IDEA_EN}, "random-key")
    line = _key_line(text, path[:-1] + (new,))
    assert any(p.line == line and p.file == "content/ideas/online-leave.md" for p in found), (line, found)


# ---- random documents ----------------------------------------------------------------------------

@HOSTILE_SETTINGS
@given(text=st.text(max_size=300), suffix=st.sampled_from(["ideas/x.md", "teams/x.md", "offices/x.yaml"]),
       fenced=st.booleans())
@example(text="title: [", suffix="ideas/x.md", fenced=True)
@example(text="a: b: c", suffix="offices/x.yaml", fenced=False)
def test_random_text(tree, text, suffix, fenced):
    tree.check({suffix: ("---\n" + text + "\n---\n") if fenced else text}, "random-text")


@HOSTILE_SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from(["ideas/x.md", "ideas/online-leave.en.md", "offices/x.yaml"]))
def test_random_bytes(tree, data, suffix):
    tree.check({suffix: data}, "random-bytes", keep_idea=suffix.endswith(".en.md"))


@HOSTILE_SETTINGS
@given(doc=st.dictionaries(st.one_of(st.sampled_from(sorted(FIELD_NAMES)), st.text(max_size=8)), values, max_size=12),
       kind=st.sampled_from(["ideas/x.md", "teams/x.md", "offices/x.yaml"]))
def test_random_structure(tree, doc, kind):
    try:
        body = yaml.safe_dump(doc, allow_unicode=True)
    except yaml.YAMLError:
        assume(False)
    tree.check({kind: ("---\n" + body + "---\n" if kind.endswith(".md") else body)}, "random-structure")


file_names = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=30)


@HOSTILE_SETTINGS
@given(stem=file_names, suffix=st.sampled_from([".md", ".yaml", ".yml", ".en.md", ".txt"]))
@example(stem="bad,name:x", suffix=".md")
@example(stem="Online Leave", suffix=".md")
@example(stem=".", suffix=".md")
@example(stem="online-leave.en", suffix=".en.md")
@example(stem=".#online-leave", suffix=".md")
def test_any_file_name(tree, stem, suffix):
    name = stem + suffix
    assume(name not in (".", "..") and len(name.encode("utf-8")) < 250)
    text = SMALL_IDEA.split("---\n")[1] if suffix in (".yaml", ".yml") else SMALL_IDEA
    _, found = tree.check({"ideas/" + name: text}, "file-name", keep_idea=True)
    shown = "content/ideas/" + name
    if name.startswith(".") and (suffix == ".txt" or name.startswith((".#", "._"))):
        assert found == []  # hidden and not content (.gitkeep), or a tool's (Emacs's lock, macOS's ._x.md): left alone
    elif name.startswith("."):  # hidden, but named as content: reported, not dropped unsaid
        assert [(p.file, p.line, p.code) for p in found] == [(shown, 1, "hidden_file")]
    elif name.endswith(".en.en.md"):
        assert [(p.file, p.line, p.code) for p in found] == [(shown, 1, "double_suffix")]
    elif suffix == ".txt":
        assert [(p.file, p.line, p.code) for p in found] == [(shown, 1, "not_content_file")]
    elif suffix == ".en.md":
        assert [p.code for p in found] in ([], ["orphan_english"], ["file_name"])
    elif re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem) and (stem.isdigit() or stem == "index"):  # a listing's page
        assert [(p.file, p.line, p.code) for p in found] in ([(shown, 1, "reserved_name")], [(shown, 1, "personal_file_name")])
    elif stem == "online-leave":
        assert [p.code for p in found] == ["duplicate_slug"]
    elif re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stem):
        assert [p.code for p in found] in ([], ["personal_file_name"])
    else:
        assert [(p.file, p.line, p.code) for p in found] in ([(shown, 1, "file_name")], [(shown, 1, "personal_file_name")])


# ---- Bengali digits and impossible dates ------------------------------------------------------------

@HOSTILE_SETTINGS
@given(started=st.dates(dt.date(1971, 1, 1), dt.date(2090, 12, 31)), days=st.integers(0, 3000),
       cost=st.integers(0, 10**9), year=st.integers(1971, 2100), bengali=st.booleans(), grouped=st.booleans())
def test_bengali_digits_in_numbers_and_dates(tree, started, days, cost, year, bengali, grouped):
    implemented = started + dt.timedelta(days=days)
    digits = (lambda s: s.translate(BN_DIGITS)) if bengali else str
    amount = f"{cost:,}" if grouped else str(cost)
    text = (IDEA.replace("started: 2016-02-01", f"started: {digits(started.isoformat())}")
            .replace("implemented: 2016-12-15", f"implemented: {digits(implemented.isoformat())}")
            .replace("cost: {before: 500,", f"cost: {{before: '{digits(amount)}',")
            .replace("year: 2017", f"year: {digits(str(year))}"))
    # "today" after every date drawn (2090 + 3,000 days): a date in the future is refused (model/common.py today())
    with mock.patch.dict(os.environ, {"INNOBANK_TODAY": "2099-12-31"}):
        bank, found = tree.check({"ideas/online-leave.md": text, "ideas/online-leave.en.md": IDEA_EN}, "digits")
    assert found == []
    idea = bank.ideas["online-leave"].item
    assert (idea.dates.started, idea.dates.implemented) == (started, implemented)
    assert idea.impact.cost.before == cost and idea.awards[0].year == year


def _real(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


@HOSTILE_SETTINGS
@given(y=st.integers(1000, 9999), m=st.integers(0, 99), d=st.integers(0, 99), bengali=st.booleans(),
       field=st.sampled_from(["started: 2016-02-01", "implemented: 2016-12-15", "updated"]))
@example(y=2023, m=2, d=30, bengali=False, field="started: 2016-02-01")
@example(y=2023, m=13, d=1, bengali=True, field="started: 2016-02-01")
@example(y=2024, m=2, d=30, bengali=True, field="updated")
def test_impossible_dates(tree, y, m, d, bengali, field):
    assume(not _real(y, m, d))
    date = f"{y:04d}-{m:02d}-{d:02d}"
    if bengali:
        date = date.translate(BN_DIGITS)
    if field == "updated":
        text, needle = IDEA.replace("kind: digitisation", f"kind: digitisation\nupdated: {date}"), "updated:"
    else:
        text, needle = IDEA.replace(field, field.split(":")[0] + ": " + date), field.split(":")[0] + ":"
    _, found = tree.check({"ideas/online-leave.md": text, "ideas/online-leave.en.md": IDEA_EN}, "impossible-date")
    assert [(p.line, p.code) for p in found] == [(line_of(text, needle), "date_format")]
    assert found[0].en == f'"{date}" is not a real date; write it as year-month-day, like 2022-08-28.'
    assert found[0].bn == f'"{date}" সঠিক তারিখ নয়; বছর-মাস-দিন আকারে লিখুন, যেমন ২০২২-০৮-২৮।'
