"""`innobank schema`: the JSON Schema of the content models, for editors (yaml-language-server)
and for the site's open data."""

from __future__ import annotations

import json
from pathlib import Path

from ..model import KINDS

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict]:
    """kind ('ideas', 'teams', 'offices') → JSON Schema."""
    out = {}
    for kind, model in KINDS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = SCHEMA_URL
        schema["title"] = f"Innovation Bank {kind[:-1]}"
        out[kind] = schema
    return out


def add(sub) -> None:
    p = sub.add_parser("schema", help="write the JSON Schema of ideas, teams and offices")
    p.add_argument("--out", type=Path, help="folder to write <kind>.schema.json into (default: print)")
    p.set_defaults(run=run)


def run(args) -> int:
    found = schemas()
    if args.out is None:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for kind, schema in found.items():
        path = args.out / f"{kind[:-1]}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path)
    return 0
