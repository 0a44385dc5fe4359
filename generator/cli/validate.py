"""`innobank validate [PATHS]`: check content and print every problem; exit 1 when any is an
error (warnings are printed, and the content is still valid)."""

from __future__ import annotations

import os
from pathlib import Path

from ..i18n import t
from ..load import FORMATS, load, no_collection


def add(sub) -> None:
    p = sub.add_parser("validate", help="check content files and report every problem")
    p.add_argument("paths", nargs="*", type=Path, help="files to report on (default: all content)")
    p.add_argument("--format", choices=sorted(FORMATS), default="human")
    p.set_defaults(run=run)


def run(args) -> int:
    # No cyclic garbage collection until the command is done: after loading, each collection would
    # look through the bank's millions of objects again, to free nothing (seconds at 10,000 innovations).
    with no_collection():
        return _report(args)


def _report(args) -> int:
    root = Path(args.root)
    only = _expand(args.paths) if args.paths else None
    bank, problems = load(root / "content", only=only, warnings=True)
    args.bank = bank  # lives as long as the arguments: the program ends without freeing it (cli.script)
    if problems or args.format == "json":
        print(FORMATS[args.format](problems))
    if any(p.error for p in problems):
        return 1
    if args.format == "human":
        counts = dict(ideas=len(bank.ideas), teams=len(bank.teams), offices=len(bank.offices))
        print(t("cli.all_valid", "en", **counts))
        print(t("cli.all_valid", "bn", **counts))
    return 0


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
