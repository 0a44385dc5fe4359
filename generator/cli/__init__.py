"""The `innobank` command. Each sub-command is a module with `add(subparsers)` that registers its
parser and sets `run` (and `content=True` when it reads or writes content/ under --root: run from
another folder, it is told so and stops); this file only wires them together. Every module is
imported at each start, so what only one command's run needs (spreadsheets, templates, the site's
pages, the link checker's http.client and ssl) its run imports: `innobank validate` does not wait
for them."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from ..officers.messages import say
from . import cache, check_links, codeowners, import_form, new, pr_comment, schema, stats, validate

COMMANDS = (validate, new, schema, stats, import_form, check_links, codeowners, pr_comment, cache)


def main(argv: list[str] | None = None) -> int:
    return _run(_parsed(argv))


def _parsed(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="innobank", description="Innovation Bank / উদ্ভাবন ব্যাংক")
    parser.add_argument("--root", default=".", help="the repository folder that holds content/ (default: here)")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add(sub)
    return parser.parse_args(argv)


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "content", False) and not (Path(args.root) / "content").is_dir():
        # Run from inside content/ideas, `validate` would find nothing and call that valid.
        say("cli.no_content", file=sys.stderr, root=Path(args.root).resolve())
        return 2
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of the output is gone (`innobank schema | head`)
        # What is still buffered goes nowhere instead of failing again when Python exits.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 120


def script() -> None:
    """The `innobank` program: a command, then the end of the process, which gives the memory back
    at once. Python would take a loaded bank apart object by object (0.3 s at 10,000 innovations),
    and its cyclic collector, let run again after the load, would first look through all of it
    (0.7 s): so the collector never runs, and what a command keeps in its arguments (validate: the
    bank) is never freed."""
    gc.disable()
    try:
        args = _parsed(None)
    except BrokenPipeError:  # --help into a closed pipe
        os._exit(120)
    code = _run(args)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader of the output is gone (`innobank validate | head`)
        code = 120  # what Python itself exits with when its last flush fails
    os._exit(code)


if __name__ == "__main__":
    script()
