"""`innobank import FILE --office ID [--team SLUG] [--dry-run]`: the Cabinet Division's 7-column
form (.xlsx or .csv, Bengali or English headers) into innovation files. The work is in
generator/officers/importer.py; this prints its progress and summary in English and Bengali."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..i18n import ascii_digits, both, t
from ..model.common import today
from ..model.idea import Kind, Status
from ..officers.messages import Said, say, unexpected

_DRY = {"created": "would_create", "updated": "would_update"}  # what --dry-run says instead


def add(sub) -> None:
    p = sub.add_parser("import", help="import the Cabinet Division's 7-column form (.xlsx or .csv)")
    p.add_argument("file", type=Path, help="the filled-in form: .xlsx or .csv")
    p.add_argument("--office", required=True, help="the office id the innovations belong to (content/offices/<id>.yaml)")
    p.add_argument("--team", help="the innovation team of new files (content/teams/<slug>.md)")
    p.add_argument("--dry-run", action="store_true", help="check and report every row, write nothing")
    p.add_argument("--kind", choices=[k.value for k in Kind], default=Kind.simplification.value,
                   help="kind of new files (default: simplification)")
    p.add_argument("--status", choices=[s.value for s in Status], default=Status.implemented.value,
                   help="status of new files (default: implemented)")
    p.add_argument("--implemented", type=_date, metavar="YYYY-MM-DD",
                   help="dates.implemented of new files (default: today, with a reminder to correct it)")
    p.set_defaults(run=run, content=True)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(ascii_digits(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(both("problem.date_format", value=text)) from None


def _line(outcome, dry_run: bool) -> Said:
    key = "import." + ((_DRY.get(outcome.action) if dry_run else None) or outcome.action)
    return Said(*(t(key, lang, row=outcome.label(lang), path=outcome.path or "") for lang in ("en", "bn")))


def _show(outcome, dry_run: bool) -> None:
    if isinstance(outcome, Said):  # a note: the header found, a column not read
        say(outcome)
        return
    say(_line(outcome, dry_run))
    for reason in outcome.reasons:
        say(reason, indent=4)


def run(args) -> int:
    from ..officers import importer  # spreadsheets: only this command reads them
    from ..officers.sheets import SheetError

    try:
        result = importer.run_import(Path(args.root), args.file, args.office, args.team, dry_run=args.dry_run,
                                     kind=args.kind, status=args.status, implemented=args.implemented,
                                     progress=lambda o: _show(o, args.dry_run))
    except (importer.ImportFailure, SheetError) as failure:
        say(failure.key, file=sys.stderr, **failure.values)
        return 2
    except BrokenPipeError:  # the reader of the output is gone: cli._run ends quietly
        raise
    except Exception as error:  # an officer never sees a traceback
        return unexpected(error)
    for outcome in result.outcomes:
        if outcome.rolled_back:
            _show(outcome, False)
    print()
    say("import.summary_dry" if args.dry_run else "import.summary", created=result.count("created"), updated=result.count("updated"),
        unchanged=result.count("unchanged"), skipped=result.count("skipped"),
        blank=result.count("skipped", blank=True))
    if result.dated and not args.dry_run:
        say("import.dated", count=len(result.dated), date=(args.implemented or today()).isoformat())
        for path in result.dated:
            print(f"    {path}")
    if args.dry_run:
        say("import.dry_run")
    return 1 if result.failed else 0
