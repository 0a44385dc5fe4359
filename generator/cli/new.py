"""`innobank new idea|team`: write a valid, commented file from flags, asking in Bengali and
English for every required value that is missing when run in a terminal. It writes only what it
was given: a value nobody gave (a date, whether recipients get the expected result) stays a
comment saying what to fill in. A proposed innovation's service has not started, so `new` does
not ask whether it runs: it writes what the model needs for that (not running, and why: it is a
proposal), which its page shows as "not started". Given English text, it writes the .en.md twin
too, holding only a comment saying where the English description goes (the loader counts that as
no English body). The written files are validated before the command reports success."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..i18n import ascii_digits, t
from ..load import FORMATS, load
from ..model.idea import IMPLEMENTED, Kind, Sector, Status
from ..model.team import TeamLevel
from ..load.tree import english_of, name_problem
from ..officers.messages import Said, say

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
YES, NO = ("yes", "y", "হ্যাঁ", "হ্যা"), ("no", "n", "না")


@dataclass(frozen=True)
class Ask:
    """One value `new` needs: its flag, its question (catalogue `new.<name>`) and its choices."""

    name: str
    required: bool = True
    choices: type[Enum] | None = None
    label: str = ""  # catalogue prefix of the choices' Bengali and English labels

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


ASKS = {
    "idea": [Ask("slug"), Ask("title_bn"), Ask("title_en", required=False), Ask("summary_bn"),
             Ask("summary_en", required=False), Ask("office"), Ask("kind", choices=Kind, label="kind"),
             Ask("status", choices=Status, label="status"), Ask("running")],
    "team": [Ask("slug"), Ask("name_bn"), Ask("name_en", required=False), Ask("office"),
             Ask("level", choices=TeamLevel, label="team_level")],
}
# Asked only when an answer before calls for them.
IMPLEMENTED_DATE = Ask("implemented")
REASON = Ask("reason_bn")


def add(sub) -> None:
    p = sub.add_parser("new", help="write a new, commented innovation or team file")
    p.add_argument("what", choices=sorted(ASKS))
    for ask in {a.name: a for asks in ASKS.values() for a in asks if a.name != "running"}.values():
        choices = [m.value for m in ask.choices] if ask.choices else None
        p.add_argument(ask.flag, dest=ask.name, choices=choices, help=t(f"new.{ask.name}", "en"))
    p.add_argument("--running", dest="running", action="store_const", const="yes", help="the service is running")
    p.add_argument("--not-running", dest="reason_bn", help="the service is not running: why (Bengali)")
    p.add_argument("--started", help="the date work began (YYYY-MM-DD)")
    p.add_argument("--implemented", help="the date the service started (YYYY-MM-DD); needed when implemented")
    p.add_argument("--expected-result", dest="expected_result", choices=["yes", "partly", "no"])
    p.add_argument("--team", help="idea: its innovation team, a file name in content/teams/ (lgd-innovation-team)")
    p.add_argument("--place", help="idea: a division, district or upazila code (munshiganj-louhajanj); none for a national service")
    p.add_argument("--parent", help="team: the team above this one, a file name in content/teams/")
    p.add_argument("--website", help="team: its website, https://…")
    p.add_argument("--link", help="idea: the service link, https://…")
    p.add_argument("--sector", dest="sectors", action="append", default=[], choices=[s.value for s in Sector],
                   help="idea: a sector it serves (may be given more than once)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=run, content=True)


def _question(ask: Ask) -> str:
    text = f"{t(f'new.{ask.name}', 'bn')} / {t(f'new.{ask.name}', 'en')}"
    if ask.choices:
        text += "".join(f"\n  {n}) {t(f'{ask.label}.{m.value}', 'bn')} / {t(f'{ask.label}.{m.value}', 'en')} ({m.value})"
                        for n, m in enumerate(ask.choices, 1))
    elif ask.name == "running":
        text += " (হ্যাঁ/না, yes/no)"
    if not ask.required:
        text += f" [{t('new.optional', 'bn')} / {t('new.optional', 'en')}]"
    return text + ": "


def _answer(ask: Ask, text: str) -> str | None:
    """The value an answer stands for, or None when it is not one of the choices."""
    text = text.strip()
    if ask.choices:
        members = list(ask.choices)
        number = ascii_digits(text)
        if number.isdigit() and 1 <= int(number) <= len(members):
            return members[int(number) - 1].value
        for m in members:
            if text.casefold() in (m.value, t(f"{ask.label}.{m.value}", "bn"), t(f"{ask.label}.{m.value}", "en").casefold()):
                return m.value
        return None
    if ask.name == "running":
        return "yes" if text.casefold() in YES else ("no" if text.casefold() in NO else None)
    return text


def _settled(ask: Ask, values: dict) -> bool:
    """Whether the answers so far settle a question: --not-running says the service is not
    running, and a proposed innovation's service has not started."""
    return ask.name == "running" and bool(values.get("reason_bn") or values.get("status") == Status.proposed.value)


def _ask(ask: Ask, values: dict) -> None:
    while True:
        value = _answer(ask, input(_question(ask)))
        if value or not ask.required:
            if value:
                values[ask.name] = value
            return


def _missing(what: str, values: dict) -> list[Ask]:
    missing = [a for a in ASKS[what] if a.required and not values.get(a.name) and not _settled(a, values)]
    if what == "idea":
        if values.get("running") == "no" and not values.get("reason_bn"):
            missing.append(REASON)
        if values.get("status") in IMPLEMENTED and not values.get("implemented"):
            missing.append(IMPLEMENTED_DATE)
    return missing


def _target(args, slug: str) -> Path:
    return Path(args.root) / "content" / ("ideas" if args.what == "idea" else "teams") / f"{slug}.md"


def run(args) -> int:
    values = {k: v for k, v in vars(args).items() if v is not None}
    if values.get("slug") and _target(args, values["slug"]).exists() and not args.force:
        say("cli.new_exists", file=sys.stderr, path=_target(args, values["slug"]))  # before any question
        return 2
    if sys.stdin.isatty():
        try:
            for ask in ASKS[args.what]:
                if ask.name not in values and not _settled(ask, values):
                    _ask(ask, values)
            while missing := _missing(args.what, values):  # the conditional ones follow the answers
                _ask(missing[0], values)
        except EOFError:  # Ctrl-D: nothing is written
            return 130
    elif missing := _missing(args.what, values):
        flags = ", ".join("--running / --not-running" if a.name == "running" else a.flag for a in missing)
        say("cli.new_missing", file=sys.stderr, flags=flags)
        return 2
    path = _target(args, values["slug"])
    wrong = name_problem(path, path.parent.name, values["slug"])
    if wrong:
        say(Said(wrong.en, wrong.bn), file=sys.stderr)
        return 2
    root, folder = path.parent.parent, path.parent
    if path.exists() and not args.force:
        say("cli.new_exists", file=sys.stderr, path=path)
        return 2
    # the English twin, when English text is given: where the English description goes (one that
    # is there already holds it, and is kept, --force or not)
    english = english_of(path) if any(values.get(f"{n}_en") for n in ("title", "summary", "name")) else None
    if english is not None and english.exists():
        english = None
    proposed = values.get("status") == Status.proposed.value
    if proposed and not values.get("running") and not values.get("reason_bn"):
        values["reason_bn"], values["reason_en"] = (t("new.proposed_reason", lang) for lang in ("bn", "en"))
    values["running"] = values.get("running") != "no" and not values.get("reason_bn")
    values["proposed"] = proposed and not values["running"]
    # No body yet: the officer writes it below the fields (the page shows the short description
    # above the body, so a body that repeated it was shown twice), and the English one in .en.md.
    import jinja2  # templates: only this command fills them

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(EXAMPLES), keep_trailing_newline=True,
                             undefined=jinja2.ChainableUndefined)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    texts = {path: env.get_template(f"{args.what}.md.j2").render(**values)}
    if english is not None:
        texts[english] = env.get_template(f"{args.what}.en.md.j2").render(**values)
    folder.mkdir(parents=True, exist_ok=True)
    before = {target: target.read_bytes() if target.exists() else None for target in texts}
    for target, text in texts.items():
        target.write_text(text, encoding="utf-8")
    _, problems = load(root, only=[path])
    if problems:
        print(FORMATS["human"](problems), file=sys.stderr)
        for target, old in before.items():
            if old is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(old)
        return 1
    for target in texts:
        print(target)
    return 0
