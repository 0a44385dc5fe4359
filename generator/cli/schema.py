"""`innobank schema`: the JSON Schema of the content files (generator/model/schema.py), for
editors (yaml-language-server) and the web form."""

from __future__ import annotations

import json
from pathlib import Path


def add(sub) -> None:
    p = sub.add_parser("schema", help="write the JSON Schema of ideas, teams and offices")
    p.add_argument("--out", type=Path, help="folder to write <kind>.schema.json into (default: print)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..model.schema import content_schemas

    found = content_schemas()
    if args.out is None:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for kind, schema in found.items():
        path = args.out / f"{kind[:-1]}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path)
    return 0
