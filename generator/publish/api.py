"""The JSON API, version 1: all innovations, teams and offices, one file per office, and the
JSON Schemas of the content files. Field names are the content files' own (stable), every text
carries both languages, and every record links to its pages by absolute URL.

    api/v1/index.json            what is here, with counts
    api/v1/ideas.json            every innovation
    api/v1/teams.json            every team
    api/v1/offices.json          every office
    api/v1/offices/<id>.json     one office with its innovations and teams
    api/v1/schema/<kind>.schema.json   JSON Schema of content/ideas, teams, offices files
    api/v1/schema/<kinds>.response.schema.json   JSON Schema of ideas.json, teams.json, offices.json
"""

from __future__ import annotations

import json

from ..cli.schema import schemas
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


def response_schema(kind: str, schema: dict) -> dict:
    """The shape of <kind>.json: the content file's fields plus id, url and body."""
    item = {**schema, "required": sorted(set(schema.get("required", [])) | {"id", "url"}),
            "properties": {**schema["properties"],
                           "id": {"type": "string"},
                           "url": {"type": "object", "required": ["bn", "en"],
                                   "properties": {"bn": {"type": "string", "format": "uri"},
                                                  "en": {"type": "string", "format": "uri"}}},
                           "body": {"type": "object", "additionalProperties": {"type": "string"}}}}
    defs = item.pop("$defs", {})
    item.pop("$schema", None)
    return {"$schema": schema["$schema"], "title": f"Innovation Bank API {VERSION}: {kind}.json",
            "type": "object", "required": ["version", kind], "$defs": defs,
            "properties": {"version": {"const": VERSION}, kind: {"type": "array", "items": item}}}


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def publish(rel, site_url: str, **_) -> dict[str, str]:
    bank = rel.bank
    ideas = {slug: record(r, "ideas", site_url) for slug, r in bank.ideas.items()}
    teams = {slug: record(r, "teams", site_url) for slug, r in bank.teams.items()}
    offices = {slug: record(r, "offices", site_url) for slug, r in bank.offices.items()}
    out = {
        f"{BASE}/ideas.json": _dump({"version": VERSION, "ideas": list(ideas.values())}),
        f"{BASE}/teams.json": _dump({"version": VERSION, "teams": list(teams.values())}),
        f"{BASE}/offices.json": _dump({"version": VERSION, "offices": list(offices.values())}),
    }
    for oid, office in offices.items():
        out[f"{BASE}/offices/{oid}.json"] = _dump({
            "version": VERSION, "office": office,
            "ideas": [ideas[r.slug] for r in rel.ideas_by_office.get(oid, [])],
            "teams": [teams[r.slug] for r in rel.teams_by_office.get(oid, [])],
        })
    for kind, schema in schemas().items():
        out[f"{BASE}/schema/{kind[:-1]}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=1)
        out[f"{BASE}/schema/{kind}.response.schema.json"] = json.dumps(response_schema(kind, schema),
                                                                        ensure_ascii=False, indent=1)
    out[f"{BASE}/index.json"] = json.dumps({
        "version": VERSION,
        "counts": {"ideas": len(ideas), "teams": len(teams), "offices": len(offices)},
        "endpoints": {name: site_url + f"{BASE}/{name}" for name in
                      ("ideas.json", "teams.json", "offices.json", "offices/{id}.json",
                       "schema/idea.schema.json", "schema/team.schema.json", "schema/office.schema.json",
                       "schema/ideas.response.schema.json", "schema/teams.response.schema.json",
                       "schema/offices.response.schema.json")},
    }, ensure_ascii=False, indent=1)
    return out
