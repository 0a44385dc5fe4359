"""The JSON Schemas the bank publishes (api/v1/schema/, `innobank schema`), checked with the
`jsonschema` validator: each is valid draft 2020-12 and uses no keyword outside its vocabularies,
every content file validates against its schema, and every bound and choice the models enforce is
enforced by the schema too — in the canonical form and in the loose forms (Bengali digits, হ্যাঁ/না,
spaces) the models normalise. API documents against their schemas: test_open_data.py."""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema_specifications import REGISTRY as SPECIFICATIONS
from pydantic import BaseModel, ValidationError

from generator.cli import main
from generator.load import load
from generator.load.tree import scan
from generator.load.source import read_source
from generator.model import KINDS, Team
from sitebuild import ROOT, built_site

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _keywords() -> list[str]:
    """Every keyword the 2020-12 metaschema and its vocabularies define (as shipped with jsonschema)."""
    meta = SPECIFICATIONS.contents(DIALECT)
    found = set(meta["properties"])
    for vocabulary in meta["allOf"]:
        found |= set(SPECIFICATIONS.contents(urljoin(DIALECT, vocabulary["$ref"])).get("properties", {}))
    return sorted(found)


# The 2020-12 metaschema, extended the way the specification allows (a $dynamicAnchor "meta", which
# every subschema is checked against): a keyword no vocabulary defines, such as pydantic's "ge" and
# "le", is an error instead of being ignored as every validator ignores it.
STRICT_META = {"$schema": DIALECT, "$id": "urn:innobank:test:strict-2020-12", "$dynamicAnchor": "meta",
               "$ref": DIALECT, "propertyNames": {"enum": _keywords()}}
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER


def _published(name: str) -> dict:
    return json.loads((built_site() / "api/v1/schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_published(kind[:-1]), format_checker=FORMATS)


def as_json(value):
    """The front matter as JSON sees it: the careful YAML reader turns 2023-01-05 into a date."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def _front_matter(path: Path) -> dict:
    problems: list = []
    source = read_source(path, str(path), problems)
    assert source is not None and not problems, problems
    return as_json(source.data)


def _errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(data)]


def _refused_at(validator, data, path: tuple) -> bool:
    """Whether the schema refuses the data for the value at path (not for something else); the
    errors of each anyOf branch are in its error's context."""
    def paths(errors):
        for error in errors:
            yield tuple(error.absolute_path)
            yield from paths(error.context or [])
    return any(p[:len(path)] == path for p in paths(validator.iter_errors(data)))


def test_every_schema_is_valid_2020_12_and_uses_only_its_keywords():
    names = sorted(p.name for p in (built_site() / "api/v1/schema").glob("*.schema.json"))
    assert {"idea.schema.json", "team.schema.json", "office.schema.json", "index.response.schema.json",
            "office.response.schema.json"} <= set(names)
    strict = jsonschema.Draft202012Validator(STRICT_META)
    for name in names:
        schema = _published(name.removesuffix(".schema.json"))
        assert schema["$schema"] == DIALECT, name
        jsonschema.Draft202012Validator.check_schema(schema)
        assert _errors(strict, schema) == [], name


def test_the_strict_metaschema_refuses_pydantics_names_for_bounds():
    strict = jsonschema.Draft202012Validator(STRICT_META)
    assert {"minimum", "maximum", "pattern", "enum", "if", "then", "$defs"} <= set(_keywords())
    assert not strict.is_valid({"type": "object", "properties": {"rank": {"anyOf": [{"type": "integer", "ge": 1}]}}})
    assert strict.is_valid({"type": "object", "properties": {"ge": {"type": "integer", "minimum": 1, "maximum": 3}}})


def test_innobank_schema_prints_the_published_content_schemas(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    for kind in KINDS:
        published = _published(kind[:-1])
        assert published.pop("$id").endswith(f"/api/v1/schema/{kind[:-1]}.schema.json")
        assert printed[kind] == published


def test_every_content_file_validates_against_its_schema():
    checked = 0
    for kind in KINDS:
        validator = _validator(kind)
        for path in scan(ROOT / "content").files[kind]:
            if not path.name.endswith(".en.md"):
                assert _errors(validator, _front_matter(path)) == [], path
                checked += 1
    _, problems = load(ROOT / "content")
    assert checked >= 20 and problems == []


# ---- bounds: the schema refuses what the model refuses ------------------------------------------

IDEA = ROOT / "content/ideas/lgd-help-desk.md"  # awarded, implemented, with time saved
TEAM = ROOT / "content/teams/lgd-innovation-team.md"  # has an action plan


@functools.lru_cache(maxsize=None)
def _sample(path: Path) -> dict:
    return _front_matter(path)


def _idea() -> dict:
    data = copy.deepcopy(_sample(IDEA))
    assert data["awards"][0]["rank"] == 1 and data["impact"]["time"]["before"] > 0
    return data


def _team() -> dict:
    data = copy.deepcopy(_sample(TEAM))
    assert data["formed"]["date"] and data["action_plans"][0]["activities"][0]["progress"] == 100
    return data


def _set(data: dict, path: tuple, value) -> dict:
    here = data
    for key in path[:-1]:
        here = here[key]
    here[path[-1]] = value
    return data


def _model_accepts(kind: str, data: dict) -> bool:
    try:
        KINDS[kind].model_validate(data)
    except ValidationError:
        return False
    return True


RANK = ("awards", 0, "rank")
YEAR = ("awards", 0, "year")
TIME_BEFORE = ("impact", "time", "before")
PROGRESS = ("action_plans", 0, "activities", 0, "progress")
FISCAL_YEAR = ("action_plans", 0, "year")
BOUNDS = [  # kind, field, refused values, accepted values (in the content file's loose forms too)
    ("ideas", RANK, [99, 0, 4, -1, "৯৯", "4", "০", "-1", 2.5], [1, 3, "৩", " 2 ", "০২", "2.0"]),
    ("ideas", YEAR, [1970, 2101, "১৯৭০", "২১০১", "+3000", 3000.0], [1971, 2100, "২০১৬", "2,016"]),
    ("ideas", TIME_BEFORE, [-1, -0.5, "-১", "-2"], [0, 0.5, "১২", "১,২০০", "৩.৫", "1e3"]),
    ("teams", PROGRESS, [101, -1, "১০১", "200"], [0, 100, "১০০", "৫০"]),
    ("teams", FISCAL_YEAR, ["1899-1900", "২১০০", 2100, "22-23"], ["২০২২–২০২৩", "2022 - 2023", 2017, "১৯৯৯"]),
]
BOUND_IDS = ["rank", "award_year", "time_before", "progress", "fiscal_year"]


@pytest.mark.parametrize("kind, path, refused, accepted", BOUNDS, ids=BOUND_IDS)
def test_the_schema_enforces_the_models_bounds(kind, path, refused, accepted):
    validator = _validator(kind)
    base = _idea if kind == "ideas" else _team
    assert _errors(validator, base()) == []
    for value in refused:
        data = _set(base(), path, value)
        assert not _model_accepts(kind, data), value
        assert _refused_at(validator, data, path), f"the schema let {'.'.join(map(str, path))} = {value!r} through"
    for value in accepted:
        data = _set(base(), path, value)
        assert _model_accepts(kind, data), value
        assert _errors(validator, data) == [], value


def test_a_file_with_award_rank_99_is_refused_by_the_schema(tmp_path):
    changed = tmp_path / IDEA.name
    text = IDEA.read_text(encoding="utf-8")
    changed.write_text(re.sub(r"(?m)^(\s+rank:) 1$", r"\1 99", text, count=1), encoding="utf-8")
    data = _front_matter(changed)
    assert data["awards"][0]["rank"] == 99
    assert _refused_at(_validator("ideas"), data, RANK)
    assert _validator("ideas").is_valid(_front_matter(IDEA))


# Text an officer might type for a number: digits of both scripts, separators, signs, points.
NUMBER_TEXT = st.text(alphabet="0123459০১২৩৯,. -+_", max_size=6)
# pydantic's error types for a value out of range; "bank" is common.problem (year_range).
OUT_OF_RANGE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than", "bank"}


# Small files with every field of BOUNDS (a whole sample file costs the validator ten times more).
SMALL = {
    "ideas": {"title": "ক", "summary": "খ", "kind": "new_idea", "status": "proposed", "office": "lgd",
              "service": {"running": True}, "impact": {"time": {"before": 5, "after": 1}},
              "awards": [{"name": "পুরস্কার", "level": "national", "year": 2016, "rank": 1}]},
    "teams": {"name": "টিম", "level": "division", "office": "lgd",
              "action_plans": [{"year": 2016, "activities": [{"number": "১", "activity": "কাজ", "progress": 50}]}]},
}


@pytest.mark.parametrize("kind, path", [(b[0], b[1]) for b in BOUNDS], ids=BOUND_IDS)
@settings(max_examples=200, deadline=None, derandomize=True)  # the same examples in every run: CI never flakes
@given(text=NUMBER_TEXT)
def test_number_text_is_accepted_when_the_model_accepts_it_and_bounded_as_the_model_bounds_it(kind, path, text):
    data = _set(copy.deepcopy(SMALL[kind]), path, text)
    try:
        KINDS[kind].model_validate(data)
        refusal = None
    except ValidationError as error:
        refusal = {e["type"] for e in error.errors()}
    accepted = _validator(kind).is_valid(data)
    if refusal is None:
        assert accepted, f"{text!r} is a valid {path[-1]} but the schema refuses it"
    elif refusal & OUT_OF_RANGE:
        assert not accepted, f"{text!r} is out of range for {path[-1]} but the schema accepts it"


# ---- the loose forms the models normalise, and the rules between fields --------------------------

LOOSE = [  # kind, field, values a content file may hold
    ("ideas", ("service", "running"), [True, "yes", "হ্যাঁ", "হ্যা", " Yes ", "true", "on", 1]),
    ("ideas", ("service", "expected_result"), ["partly", "আংশিক", "হ্যাঁ", " না ", "Yes", True, False]),
    ("ideas", ("dates", "started"), ["2015-03-01", "২০১৫-০৩-০১", " 2015-03-01 ", "20150301", "2015-W10-1"]),
    ("ideas", ("title",), ["শুধু বাংলা", {"bn": "বাংলা", "en": "English"}, 2024]),
    ("ideas", ("office",), ["lgd", " lgd "]),
    ("ideas", ("service", "link"), ["https://lgd.gov.bd/", " HTTP://lgd.gov.bd ", "https://বাংলাদেশ.বাংলা/সেবা", "http://localhost:8000/x?y#z",
                                     "https://lgd.gov.bd:65535/", "https://lgd.gov.bd:1/", "https://123.gov.bd/", "https://x.0a/",
                                     "https://www.xn.gov.bd/", "https://lgd.gov.bd./"]),
    ("teams", ("formed", "date"), ["২০২০-০১-১৫", "2020-01-15"]),
]
REFUSED = [  # kind, field, values the models refuse
    ("ideas", ("service", "running"), ["maybe", "আংশিক", 2, None]),
    ("ideas", ("service", "expected_result"), ["maybe", "y", 3]),
    ("ideas", ("dates", "started"), ["2015-13-01", "2015/03/01", "১৫-০৩-২০১৫", "March 2015"]),
    ("ideas", ("title",), ["", "   ", {"en": "English only"}, True, None]),
    ("ideas", ("office",), ["LGD", "lgd office", "-lgd"]),
    ("ideas", ("service", "link"), ["javascript:alert(1)", "ftp://lgd.gov.bd", "https://", "lgd.gov.bd", "https://m\u043epa.gov.bd/", "https://lgd.gov.bd@evil.example/",
                                     "https://lgd.gov.bd:65536/", "https://lgd.gov.bd:99999/", "https://lgd.gov.bd:0/",  # no such port
                                     "https://xn--m-8sb5bi.gov.bd/", "https://XN--54B7FTA0CC/",  # a name in its ASCII form
                                     "https://10.0.0.1/", "https://1234/", "https://1.2.3.4./", "https://0x7f000001/",  # IP addresses
                                     "https://a.0x7f/", "https://10.0.0.1:8080/x"]),
    ("ideas", ("status",), ["Implemented", "done"]),
    ("ideas", ("kind",), ["other"]),
]


@pytest.mark.parametrize("kind, path, values", LOOSE, ids=[".".join(map(str, x[1])) for x in LOOSE])
def test_the_loose_forms_the_models_normalise_are_accepted(kind, path, values):
    validator = _validator(kind)
    for value in values:
        data = _set(_idea() if kind == "ideas" else _team(), path, value)
        assert _model_accepts(kind, data), value
        assert _errors(validator, data) == [], value


@pytest.mark.parametrize("kind, path, values", REFUSED, ids=[".".join(map(str, x[1])) for x in REFUSED])
def test_what_the_models_refuse_the_schema_refuses(kind, path, values):
    validator = _validator(kind)
    assert _errors(validator, _idea()) == []
    for value in values:
        data = _set(_idea(), path, value)
        assert not _model_accepts(kind, data), value
        assert _refused_at(validator, data, path), f"the schema accepts {'.'.join(map(str, path))} = {value!r}"


def test_the_rules_between_fields_that_json_schema_can_say():
    validator = _validator("ideas")
    for running in (False, "no", "না", " No ", 0, "off"):
        without = _set(_idea(), ("service", "running"), running)
        assert "not_running_reason" not in without["service"]
        null = _set(copy.deepcopy(without), ("service", "not_running_reason"), None)
        for data in (without, null):
            assert not _model_accepts("ideas", data) and not validator.is_valid(data), running
        given = _set(copy.deepcopy(without), ("service", "not_running_reason"), "বন্ধ")
        assert _model_accepts("ideas", given) and validator.is_valid(given), running
    for status in ("implemented", "replicated"):
        data = _set(_idea(), ("status",), status)
        del data["dates"]["implemented"]
        assert not _model_accepts("ideas", data) and not validator.is_valid(data), status
        assert validator.is_valid(_set(data, ("status",), "piloting"))
    schema = _published("idea")
    assert "implemented is not before started" in schema["$defs"]["Dates"]["description"]
    assert "existing office" in schema["description"], "the rules across files are named"


@pytest.mark.parametrize("text", ["0-0", "০-০", "0-5", "5-10"])
def test_a_range_is_not_a_number(text):
    """pydantic alone read "0-0" as 0 and "0-5" as -5: an officer's range became a number."""
    data = _set(copy.deepcopy(SMALL["teams"]), ("action_plans", 0, "activities", 0, "progress"), text)
    with pytest.raises(ValidationError):
        Team.model_validate(data)
    assert not _validator("teams").is_valid(data)


def test_models_given_the_same_fields_share_one_fields_set():
    """A build shares pydantic's per-model `__pydantic_fields_set__` among the models of a class
    given the same fields (model.share_fields_sets): a tenth of the loaded bank's memory. The
    models stay what they were, and models given other fields keep sets of their own."""
    from generator.model import share_fields_sets

    bank, problems = load(ROOT / "content")
    assert problems == []
    items = [record.item for table in (bank.ideas, bank.teams) for record in table.values()]
    dumped = [item.model_dump_json() for item in items]

    def models(value):
        if isinstance(value, BaseModel):
            yield value
            for field in value.__dict__.values():
                yield from models(field)
        elif isinstance(value, list):
            for field in value:
                yield from models(field)

    every = [model for item in items for model in models(item)]
    kinds = {(type(model), frozenset(model.model_fields_set)) for model in every}
    assert len({id(model.model_fields_set) for model in every}) == len(every) > len(kinds)
    for item in items:
        share_fields_sets(item)
    every = [model for item in items for model in models(item)]  # equal texts are now one model
    assert len({id(model.model_fields_set) for model in every}) == len(kinds)
    assert {(type(model), frozenset(model.model_fields_set)) for model in every} == kinds
    assert [item.model_dump_json() for item in items] == dumped
