"""`innobank validate [PATHS]`: check content and print every problem; exit 1 when any is an
error (warnings are printed, and the content is still valid). What each content file gave is kept
in .cache/validate/ (load.stored), so the next run reads and validates only the files whose bytes
changed; the checks across files run on the whole bank every time, and the report is the one a
run without the cache (--no-cache) gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..i18n import t
from ..load import FORMATS, load, no_collection
from ..load.stored import Kept, version
from ..officers.messages import say

CACHE = Path(".cache", "validate")  # in the repository folder (--root)


def add(sub) -> None:
    p = sub.add_parser("validate", help="check content files and report every problem")
    p.add_argument("paths", nargs="*", type=Path, help="files to report on (default: all content)")
    p.add_argument("--format", choices=sorted(FORMATS), default="human")
    p.add_argument("--no-cache", action="store_true", help=f"read and validate every file, neither reading nor writing {CACHE}")
    p.set_defaults(run=run, content=True)


def run(args) -> int:
    # No cyclic garbage collection until the command is done: after loading, each collection would
    # look through the bank's millions of objects again, to free nothing (seconds at 10,000 innovations).
    with no_collection():
        return _report(args)


def _report(args) -> int:
    root = Path(args.root)
    # A mistyped name, or a file outside content/, would otherwise be reported as valid: nothing was checked.
    content = os.path.abspath(root / "content")
    wrong = [("cli.no_such_file", path) for path in args.paths if not os.path.lexists(path)]
    wrong += [("cli.not_content", path) for path in args.paths if os.path.lexists(path)
              and os.path.commonpath([content, os.path.abspath(path)]) != content]
    for key, path in wrong:
        say(key, file=sys.stderr, path=path, content=Path(content))
    if wrong:
        return 2
    only = _expand(args.paths) if args.paths else None
    kept = None if args.no_cache else Kept(root / CACHE, version())
    cache = None if kept is None else kept.load()
    bank, problems = load(root / "content", only=only, cache=cache, warnings=True, by_content=True, models=False)
    args.bank = bank  # lives as long as the arguments: the program ends without freeing it (cli.script)
    if problems or args.format == "json":
        print(FORMATS[args.format](problems))
    if args.format == "human" and not any(p.error for p in problems):
        counts = dict(ideas=len(bank.ideas), teams=len(bank.teams), offices=len(bank.offices))
        print(t("cli.all_valid", "en", **counts))
        print(t("cli.all_valid", "bn", **counts))
    if kept is not None:
        kept.write()
    return 1 if any(p.error for p in problems) else 0


def _expand(paths: list[Path]) -> list[Path]:
    """The files under the given paths, links included (a link is reported, never followed)."""
    files = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for folder, folders, names in os.walk(path):  # does not follow links
                files.extend(sorted(Path(folder, name) for name in names + [f for f in folders if Path(folder, f).is_symlink()]))
        else:
            files.append(path)
    return files
