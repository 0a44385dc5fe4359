"""`innobank new idea|team`: write a valid, commented file from flags, asking for what is missing
when run in a terminal. The written file is validated before the command reports success."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import jinja2

from ..load import FORMATS, load
from ..model.common import SLUG
from ..model.idea import IMPLEMENTED, Kind, Status
from ..model.team import TeamLevel
from ..officers.messages import say

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

def _choices(enum) -> str:
    return " | ".join(member.value for member in enum)


FIELDS = {
    "idea": [("slug", "file name, e.g. online-leave-approval"), ("title_bn", "title in Bengali"),
             ("title_en", "title in English"), ("summary_bn", "short description in Bengali"),
             ("summary_en", "short description in English"), ("office", "office id"),
             ("kind", _choices(Kind)), ("status", _choices(Status))],
    "team": [("slug", "file name, e.g. lgd-innovation-team"), ("name_bn", "name in Bengali"),
             ("name_en", "name in English"), ("office", "office id"),
             ("level", _choices(TeamLevel))],
}
DEFAULTS = {"kind": "simplification", "status": "proposed", "level": "ministry", "summary_en": "", "title_en": "",
            "name_en": ""}  # fields that need not be asked for


def add(sub) -> None:
    p = sub.add_parser("new", help="write a new, commented innovation or team file")
    p.add_argument("what", choices=sorted(FIELDS))
    for name, help_text in {n: h for fields in FIELDS.values() for n, h in fields}.items():
        p.add_argument("--" + name.replace("_", "-"), dest=name, help=help_text)
    p.add_argument("--team"), p.add_argument("--place"), p.add_argument("--parent"), p.add_argument("--website")
    p.add_argument("--link", help="service link")
    p.add_argument("--not-running", dest="reason_bn", help="the service is not running: why (Bengali)")
    p.add_argument("--sector", dest="sectors", action="append", default=[])
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=run)


def run(args) -> int:
    values = {k: v for k, v in vars(args).items() if v is not None}
    missing = [(n, h) for n, h in FIELDS[args.what] if not values.get(n) and n not in DEFAULTS]
    if missing and not sys.stdin.isatty():
        flags = ", ".join("--" + n.replace("_", "-") for n, _ in missing)
        say("cli.new_missing", file=sys.stderr, flags=flags)
        return 2
    for name, help_text in missing:
        while not values.get(name):
            values[name] = input(f"{help_text}: ").strip()
    if not re.match(SLUG, values["slug"]):
        say("problem.file_name", file=sys.stderr, example="online-leave-approval")
        return 2
    root = Path(args.root) / "content"
    folder = root / ("ideas" if args.what == "idea" else "teams")
    path = folder / f"{values['slug']}.md"
    if path.exists() and not args.force:
        say("cli.new_exists", file=sys.stderr, path=path)
        return 2
    today = dt.date.today().isoformat()
    values.setdefault("started", today)
    values["running"] = "reason_bn" not in values
    if values.get("status") in IMPLEMENTED:
        values["implemented"] = today
    values.setdefault("body_bn", values.get("summary_bn") or values.get("name_bn", ""))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(EXAMPLES), keep_trailing_newline=True,
                             undefined=jinja2.ChainableUndefined)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    text = env.get_template(f"{args.what}.md.j2").render(**{**DEFAULTS, **values})
    folder.mkdir(parents=True, exist_ok=True)
    previous = path.read_bytes() if path.exists() else None
    path.write_text(text, encoding="utf-8")
    _, problems = load(root, only=[path])
    if problems:
        print(FORMATS["human"](problems), file=sys.stderr)
        if previous is None:
            path.unlink()
        else:
            path.write_bytes(previous)
        return 1
    print(path)
    return 0
