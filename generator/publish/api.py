"""The JSON API, version 1: all innovations, teams and offices, one file per office, and the
JSON Schemas of the content files. Field names are the content files' own (stable), every text
carries both languages, and every record links to its pages by absolute URL.

    api/v1/index.json            what is here, with counts
    api/v1/ideas.json            every innovation
    api/v1/teams.json            every team
    api/v1/offices.json          every office
    api/v1/offices/<id>.json     one office with its innovations and teams
    api/v1/schema/<kind>.schema.json   JSON Schema of content/ideas, teams, offices files
    api/v1/schema/<document>.response.schema.json   JSON Schema of each document above: index,
                                 ideas, teams, offices and office (one office's file)

Every document names its schema in "$schema", by its URL on the site.
"""

from __future__ import annotations

import json

from ..model import KINDS
from ..model.common import SLUG
from ..model.schema import DIALECT, content_schemas, record_schemas
from ..pages import url_of

VERSION = "v1"
BASE = f"api/{VERSION}"


def _pages(site_url: str, key: str) -> dict[str, str]:
    return {lang: site_url + url_of(key, lang) for lang in ("bn", "en")}


def record(rec, kind: str, site_url: str) -> dict:
    """One content record as the API shows it: id, page URLs, then the file's own fields."""
    data = rec.item.model_dump(mode="json", exclude_none=True)
    out = {"id": rec.slug, "url": _pages(site_url, f"{kind}/{rec.slug}")}
    if rec.body.get("bn") or rec.body.get("en"):
        out["body"] = {lang: text for lang, text in rec.body.items() if text}
    return {**out, **data}


def schema_url(site_url: str, name: str) -> str:
    return f"{site_url}{BASE}/schema/{name}.schema.json"


def _record_schema(record: dict) -> dict:
    """A record as record() shows it: the normalised content fields plus id, url and body."""
    page = {"type": "string", "format": "uri"}
    return {**record, "required": sorted(set(record.get("required", [])) | {"id", "url"}),
            "properties": {**record["properties"],
                           "id": {"type": "string", "pattern": SLUG},
                           "url": {"type": "object", "required": ["bn", "en"], "additionalProperties": False,
                                   "properties": {"bn": page, "en": page}},
                           "body": {"type": "object", "additionalProperties": False,
                                    "properties": {"bn": {"type": "string"}, "en": {"type": "string"}}}}}


def response_schemas(site_url: str) -> dict[str, dict]:
    """name → JSON Schema of each kind of document: index, ideas, teams, offices and office."""
    records, defs = record_schemas()
    names = {kind: f"{model.__name__}Record" for kind, model in KINDS.items()}
    defs = {**defs, **{names[kind]: _record_schema(record) for kind, record in records.items()}}

    def document(name: str, title: str, fields: dict, uses_records: bool = True) -> dict:
        url = schema_url(site_url, name)
        return {"$schema": DIALECT, "$id": url, "title": f"Innovation Bank API {VERSION}: {title}",
                "type": "object", "required": ["$schema", "version", *fields], "additionalProperties": False,
                "properties": {"$schema": {"const": url}, "version": {"const": VERSION}, **fields},
                **({"$defs": defs} if uses_records else {})}

    def listing(kind: str) -> dict:
        return {"type": "array", "items": {"$ref": f"#/$defs/{names[kind]}"}}

    out = {f"{kind}.response": document(f"{kind}.response", f"{kind}.json", {kind: listing(kind)})
           for kind in KINDS}
    out["office.response"] = document("office.response", "offices/{id}.json", {
        "office": {"$ref": f"#/$defs/{names['offices']}"}, "ideas": listing("ideas"), "teams": listing("teams")})
    count = {"type": "integer", "minimum": 0}
    out["index.response"] = document("index.response", "index.json", {
        "counts": {"type": "object", "required": list(KINDS), "additionalProperties": False,
                   "properties": {kind: count for kind in KINDS}},
        "endpoints": {"type": "object", "additionalProperties": {"type": "string"}},
    }, uses_records=False)
    return out


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def publish(rel, site_url: str, **_) -> dict[str, str]:
    bank = rel.bank
    ideas = {slug: record(r, "ideas", site_url) for slug, r in bank.ideas.items()}
    teams = {slug: record(r, "teams", site_url) for slug, r in bank.teams.items()}
    offices = {slug: record(r, "offices", site_url) for slug, r in bank.offices.items()}

    def declared(name: str, document: dict) -> str:
        return _dump({"$schema": schema_url(site_url, name), **document})

    out = {
        f"{BASE}/ideas.json": declared("ideas.response", {"version": VERSION, "ideas": list(ideas.values())}),
        f"{BASE}/teams.json": declared("teams.response", {"version": VERSION, "teams": list(teams.values())}),
        f"{BASE}/offices.json": declared("offices.response", {"version": VERSION, "offices": list(offices.values())}),
    }
    for oid, office in offices.items():
        out[f"{BASE}/offices/{oid}.json"] = declared("office.response", {
            "version": VERSION, "office": office,
            "ideas": [ideas[r.slug] for r in rel.ideas_by_office.get(oid, [])],
            "teams": [teams[r.slug] for r in rel.teams_by_office.get(oid, [])],
        })
    schemas = {kind[:-1]: {"$id": schema_url(site_url, kind[:-1]), **schema}
               for kind, schema in content_schemas().items()}
    schemas.update(response_schemas(site_url))
    for name, schema in schemas.items():
        out[f"{BASE}/schema/{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1)
    out[f"{BASE}/index.json"] = json.dumps({
        "$schema": schema_url(site_url, "index.response"),
        "version": VERSION,
        "counts": {"ideas": len(ideas), "teams": len(teams), "offices": len(offices)},
        "endpoints": {name: site_url + f"{BASE}/{name}" for name in
                      ("ideas.json", "teams.json", "offices.json", "offices/{id}.json",
                       *(f"schema/{name}.schema.json" for name in schemas))},
    }, ensure_ascii=False, indent=1)
    return out
