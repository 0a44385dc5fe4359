"""The contribute page (/contribute/, /en/contribute/): a form for a new innovation or team, or for
a change to an existing one ("Propose a change" on its page), for officers who have never used git
or YAML.

The form is not written field by field. `describe()` walks the JSON Schema that `innobank schema`
prints (generator/model/schema.py) and turns each property into a field description: its widget
(bilingual text, choice, yes/no, number, date, a list of items, a group), its bounds and patterns
from the schema, its labels from the catalogue; theme/assets/javascripts/contribute.js draws the
form from those descriptions. A field added to a model therefore appears in the form by itself.
The rules the form checks as the officer types are the validator's own, passed as data: the
schema's constraints, the personal-data patterns of load/checks.py, the id lists that load/checks.py
resolves references against, and the problem.* messages of the catalogue.

How the file reaches the repository (written down here, as the issue asks): the site is purely
static (GitHub Pages), so the form opens GitHub's own pages. A new file opens GitHub's new-file
page with its name and text filled in (`/new/<branch>?filename=…&value=…`); for an officer without
write access GitHub forks the repository and opens a pull request from the fork. GitHub's edit page
cannot be filled in from a link, and a long file does not fit in one (URL_LIMIT), so then the form
copies the text and opens the page with step-by-step instructions to paste it; two files (the
English body's .en.md twin) go together through GitHub's upload page. Nothing is loaded from
another host, nothing is installed, and no server of ours holds a GitHub token: a git-based CMS
such as Decap CMS needs an OAuth server for GitHub sign-in (and loads its code from a CDN by default),
which a static host cannot run. "Download the file" is always there as well."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..i18n import LANGUAGES, catalogue
from ..json_text import dumps
from ..load import stable_hash
from ..load.checks import personal_data_rules
from ..load.duplicates import GROUPS, LONGEST, SIMILAR, grouped
from ..load.images import _CODE_SPAN, _FENCE, _PICTURE
from ..load.source import CONTROL
from ..load.syntax import CURLY_CLOSE, CURLY_OPEN
from ..load.tree import _EXAMPLES as _NAME_EXAMPLES
from ..load.translate import _EXAMPLES, _PARENTS, _REFERENCES, _choices, fold_rules
from ..model import places
from ..model.common import FIRST_YEAR, LAST_YEAR, SLUG
from ..model.schema import _URL, content_schemas, past_dates
from ..sanitise import allow_list
from . import Page, url_of
from .api import ONE, item_path

_URL_PATTERN = rf"^\s*(?:{_URL[1:-1]})\s*$"  # as the schema writes it, spaces allowed around
KINDS = ("ideas", "teams")  # what officers add from the website (offices are declared by maintainers)
SOURCE = "contribute/source"  # the content files' text, one gzipped bundle per kind and office (publish/sources.py)
TITLES = "contribute/titles"  # the titles of each office's and each place's innovations (publish/titles.py)
EXISTING = "contribute/existing.json"  # the file names taken, for the duplicate check (publish/existing.py)
# GitHub's new-file page takes the file in its address; browsers, proxies and GitHub itself refuse
# addresses much longer than ~8 KB, so a longer file is copied and pasted instead.
URL_LIMIT = 7_000

# Catalogue keys that already name a field on the site's pages (a path without list indices).
_SHARED_LABELS = {
    "office": "label.office", "team": "label.team", "place": "label.place", "kind": "label.kind",
    "status": "label.status", "level": "label.level", "parent": "label.parent_team", "website": "label.website", "formed": "label.formed",
    "updated": "label.updated", "dates.started": "label.started", "dates.implemented": "label.implemented",
    "service": "heading.service", "service.link": "form.link", "service.running": "form.running",
    "service.not_running_reason": "form.not_running_reason", "service.expected_result": "form.expected_result",
    "service.remarks": "form.remarks", "impact": "heading.impact", "awards": "heading.awards",
    "replications": "heading.replications", "innovators": "heading.innovators", "links": "heading.links",
    "members": "heading.members", "action_plan": "label.action_plan", "awards.year": "label.year",
    "replications.place": "label.place", "replications.office": "label.office", "replications.year": "label.year",
    "replications.status": "label.status", "meetings.chair": "label.chair",
    "action_plans.activities.number": "plan.number", "action_plans.activities.activity": "plan.activity",
    "action_plans.activities.period": "plan.period", "action_plans.activities.responsible": "plan.responsible",
    "action_plans.activities.expected_result": "plan.expected_result",
    "action_plans.activities.indicator": "plan.indicator", "action_plans.activities.progress": "plan.progress",
    "meetings.decisions.topic": "meeting.topic", "meetings.decisions.decision": "meeting.decision",
    "meetings.decisions.implementer": "meeting.implementer",
}
for _part in ("time", "cost", "visits"):
    _SHARED_LABELS[f"impact.{_part}"] = f"impact.{_part}"
    _SHARED_LABELS[f"impact.{_part}.before"] = "impact.before"
    _SHARED_LABELS[f"impact.{_part}.after"] = "impact.after"

# The model checks that JSON Schema says as if/then, by the model that has them: the validator's
# problem code for each (generator/model/idea.py).
_RULE_CODES = {"Idea": "implemented_date", "Service": "reason_required"}
# Dates that must come in order, by model: the check the schema cannot say (model/idea.py Dates).
# Nor can it say which dates are not after today: the model's own list says (model/schema.py past_dates).
_ORDERED = {"Dates": ("started", "implemented")}

# Fields whose value names something in the bank: the list the form offers, and the problem when
# the value is not in it. Offices and teams are the validator's own table (load/translate.py).
_LISTS = {name: table for name, (table, _code) in _REFERENCES.items()} | {"place": "places", "src": "media"}
_PATTERN_CODES = {"src": "image_src"}  # model/idea.py _media's message for a picture not of content/media
_LIST_CODES = {table: code for table, code in [*_REFERENCES.values(), *_PARENTS.values()]} | {
    "places": "unknown_place", "media": "missing_image"}


def label_key(kind: str, path: str) -> str | None:
    """The catalogue key of a field's label: `field.<kind>.<path>`, else a key the site's pages
    already use for it, else `field.<path>`, else `field.<its name>` (name, designation, …)."""
    for key in (f"field.{kind}.{path}", _SHARED_LABELS.get(path), f"field.{path}", f"field.{path.rsplit('.', 1)[-1]}"):
        if key and key in catalogue():
            return key
    return None


def _choice_group(name: str, values: list) -> str | None:
    """The catalogue group that labels an enumeration's values: its own name in snake case
    (AwardLevel → award_level.*) when it has them all, else any group that has them all."""
    groups = [re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()]
    groups += sorted({k.split(".", 1)[0] for k in catalogue() if k.count(".") == 1})
    return next((g for g in groups if all(f"{g}.{v}" in catalogue() for v in values)), None)


def _words(pattern: str) -> list[str] | None:
    """The words of a pattern that lists choices, as the schema writes it around spaces."""
    found = re.fullmatch(r"\^\\s\*\(\?:\(([a-z_|]+)\)\)\\s\*\$", pattern or "")
    return found.group(1).split("|") if found else _choices(pattern)


class _Walker:
    """Turns one kind's JSON Schema into field descriptions."""

    def __init__(self, kind: str, schema: dict):
        self.kind, self.defs = kind, schema["$defs"]

    def resolve(self, node: dict) -> tuple[dict, str | None]:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return self.defs[name], name
        return node, None

    def field(self, name: str, node: dict, path: str, required: bool, model: str | None = None) -> dict:
        plain = path.replace("[]", "")
        out: dict[str, Any] = {"name": name, "path": path, "label": label_key(self.kind, plain),
                               "title": node.get("title") or name, "required": required}
        if f"help.{self.kind}.{plain}" in catalogue():
            out["help"] = f"help.{self.kind}.{plain}"
        if "default" in node and node["default"] is not None:
            out["default"] = node["default"]
        branches = [b for b in node.get("anyOf", [node]) if b.get("type") != "null"]
        refs = [self.resolve(b) for b in branches if "$ref" in b]
        if refs:
            target, ref = refs[0]
            if set(target.get("properties", {})) == {"bn", "en"}:  # Text or LineText
                bn = target["properties"]["bn"]
                limit = {"max": bn["maxLength"]} if "maxLength" in bn else {}  # the class's LIMIT (model/common.py Text)
                return {**out, "widget": "text", "multiline": "\\n" not in bn.get("pattern", ""), **limit}
            if "enum" in target:
                # an answer may be written yes/no plainly: YAML reads them as true/false, which it takes too
                plain = any(b.get("type") == "boolean" for b in branches)
                return {**out, "widget": "choice", "choices": target["enum"], "group": _choice_group(ref, target["enum"]),
                        **({"booleans": True} if plain else {})}
            return self.group({**out, "widget": "group"}, target, path, ref)
        strings = [b["pattern"] for b in branches if b.get("type") == "string" and "pattern" in b]
        if node.get("type") == "array":
            items, item_ref = self.resolve(node["items"])
            if "enum" in items:
                return {**out, "widget": "choices", "choices": items["enum"], "group": _choice_group(item_ref, items["enum"])}
            item = self.field(name, node["items"], path + "[]", True)
            return {**out, "widget": "list", "item": item, "min": node.get("minItems", 0)}
        if node.get("type") == "object":
            return self.group({**out, "widget": "group"}, node, path, model)
        canonical = branches[0]  # the normalised form; the others are what the normaliser also reads
        if canonical.get("type") == "boolean" or canonical.get("enum") == [0, 1]:
            return {**out, "widget": "flag"}
        if canonical.get("type") in ("integer", "number"):
            bounds = {k: canonical[k] for k in ("minimum", "maximum") if k in canonical}
            year = bounds == {"minimum": FIRST_YEAR, "maximum": LAST_YEAR}  # common._year's own message
            return {**out, "widget": "number", "integer": canonical["type"] == "integer", **bounds,
                    "patterns": strings, **({"code": "year_range"} if year else {})}
        if canonical.get("format") == "date":
            return {**out, "widget": "date", "patterns": strings}
        if len(strings) == 1 and _words(strings[0]):
            words = _words(strings[0])
            return {**out, "widget": "choice", "choices": words, "group": _choice_group(name, words)}
        out.update(widget="string", patterns=strings)
        if _URL_PATTERN in strings:
            out["code"] = "url_scheme"  # the message common._url gives
        if name in _LISTS or (name == "parent" and model in _PARENTS):
            table = _LISTS.get(name) or _PARENTS[model][0]
            out.update(list=table, list_code=_LIST_CODES[table])
            # a value not even of an id's form is reported as naming no office or team (load/translate.py)
            out.setdefault("code", _PATTERN_CODES.get(name, _LIST_CODES[table]))
        if name in _EXAMPLES:
            out["example"] = _EXAMPLES[name]
        elif any(p.endswith(f"(?:{SLUG[1:-1]})\\s*$") for p in strings):
            out["example"] = "lowercase-words-with-hyphens"
        return out

    def group(self, out: dict, node: dict, path: str, model: str | None) -> dict:
        required = set(node.get("required", []))
        prefix = f"{path}." if path else ""
        out["fields"] = [self.field(key, prop, prefix + key, key in required, model=node.get("title"))
                         for key, prop in node.get("properties", {}).items()]
        name = node.get("title") or model
        if "if" in node and name in _RULE_CODES:
            out["rule"] = {"if": node["if"], "then": node["then"], "code": _RULE_CODES[name]}
        if name in _ORDERED:
            out["ordered"] = list(_ORDERED[name])
        for field in out["fields"]:
            if field["name"] in past_dates().get(name, ()):
                field["not_future"] = True
        return out


def describe(kind: str) -> dict:
    """The form of one kind of content file: a group whose fields are the file's fields."""
    schema = content_schemas()[kind]
    walker = _Walker(kind, schema)
    return walker.group({"name": kind, "path": "", "widget": "group", "required": True}, schema, "", schema.get("title"))


def _keys(form: dict) -> set[str]:
    """Every catalogue key a form description names."""
    found = {form[k] for k in ("label", "help") if form.get(k)}
    if form.get("group"):
        found |= {f"{form['group']}.{v}" for v in form["choices"]}
    for child in form.get("fields", []) + ([form["item"]] if "item" in form else []):
        found |= _keys(child)
    return found


# The page's own words (contribute.*), and the validator's messages the form shows.
_PROBLEMS = ("missing", "empty", "number", "too_small", "too_large", "pattern", "date_format", "year_range",
             "url_scheme", "line_break", "control_character", "choice", "personal_phone", "personal_email",
             "personal_nid", "reason_required", "implemented_date", "date_order", "future_date", "too_long", "unknown_office", "unknown_team",
             "unknown_place", "missing_image", "image_src", "file_name", "duplicate_slug", "reserved_name",
             "personal_file_name", "body_image", "similar_title", "curly_quotes")


@lru_cache(maxsize=1)
def _forms() -> dict[str, dict]:
    return {kind: describe(kind) for kind in KINDS}


def strings(lang: str) -> dict[str, str]:
    """The catalogue's text the form shows, {placeholders} left for contribute.js to fill."""
    keys = set().union(*(_keys(form) for form in _forms().values()))
    keys |= {k for k in catalogue() if k.startswith("contribute.")} | {f"problem.{code}" for code in _PROBLEMS}
    keys |= {"hint.did_you_mean", "answer.yes", "answer.no"}
    return {key: catalogue()[key][lang] for key in sorted(keys)}


def build(rel, settings):
    """The page shows the code's forms and rules, and of the bank only the offices' and teams'
    names, the pictures, the file names taken and which offices and places have innovations: an
    edit to an innovation leaves it as it was (Relations.again)."""
    bank = rel.bank
    groups = tuple(sorted(grouped(bank)))
    inputs = (tuple(bank.offices.values()), tuple(bank.teams.values()), tuple(sorted(bank.media)),
              tuple(sorted(bank.ideas)), groups, settings.repository, settings.branch)
    yield rel.again(("contribute",), inputs, lambda: _page(bank, groups, settings))


def _page(bank, groups, settings) -> Page:
    config = {
        "forms": _forms(),
        "personal": personal_data_rules(),
        "control": CONTROL.pattern,
        "curly": {"open": CURLY_OPEN, "close": CURLY_CLOSE},  # a whole value in “…” (load.syntax.curly_quoted)
        "picture": {"picture": _PICTURE.pattern, "fence": _FENCE.pattern, "code_span": _CODE_SPAN.pattern},
        "file_name_example": {kind: _NAME_EXAMPLES[kind] for kind in KINDS},
        "sanitise": allow_list(),
        "slug": SLUG,
        "lists": {
            "offices": [[oid, rec.item.name.bn, rec.item.name.en or ""] for oid, rec in sorted(bank.offices.items())],
            "teams": [[tid, rec.item.name.bn, rec.item.name.en or ""] for tid, rec in sorted(bank.teams.items())],
            "places": [[p.code, p.name_bn, p.name_en] for p in places().values()],
            "media": [[m, "", ""] for m in sorted(bank.media)],
        },
        "existing": existing_address(bank),
        "record": {kind: {"path": item_path(kind, "{slug}"), "key": ONE[kind]} for kind in KINDS},
        "source": SOURCE,
        "repository": (settings.repository or "").rstrip("/"),
        "branch": settings.branch,
        "url_limit": URL_LIMIT,
        "similar": similar_config(groups),
    }
    return Page("contribute", "contribute.html", "contribute.title", description="contribute.intro", data={
        "form_config": config, "form_strings": {lang: strings(lang) for lang in LANGUAGES}})


def existing(bank) -> str:
    """Every innovation's and team's file name, {"ideas": [...], "teams": [...]}: the form's check
    that a new file's name is not taken. A file of its own, fetched when a new file's form opens
    (67 KB gzipped at 10,000 innovations), not the page's: 580 KB of each language's page, which
    every visit downloaded. Its address carries a digest of it, so a reader's cached copy is never
    an older list."""
    return dumps({kind: sorted(getattr(bank, kind)) for kind in KINDS})


def existing_address(bank) -> str:
    return f"{EXISTING}?v={stable_hash(existing(bank)):016x}"


def similar_config(groups: tuple[tuple[str, str], ...]) -> dict:
    """What the form needs to warn, as `innobank validate` does (load/duplicates.py), that a new
    innovation's title is nearly the same as one of its office's or place's: the rule's numbers,
    fold() as data, and which offices and places (`groups`, sorted) have a file of titles to fetch."""
    found: dict[str, list[str]] = {field: [] for field in GROUPS}
    for field, value in groups:
        found[field].append(value)
    return {"field": "title", "similar": SIMILAR, "longest": LONGEST, "fold": fold_rules(), "path": TITLES,
            "groups": found, "page": {lang: url_of("ideas/{slug}", lang) for lang in LANGUAGES}}


def form_link(key: str) -> str | None:
    """The contribute page's query that opens the form on an innovation's or team's file, from
    that page's key ("ideas/online-leave" → "?edit=ideas/online-leave"); None for other pages."""
    kind, _, slug = key.partition("/")
    page = kind in KINDS and slug and "/" not in slug and not slug.isdigit()  # teams/2 is a page of the list
    return f"?edit={kind}/{slug}" if page else None
