"""`innobank pr-comment --base REV`: the comment on a pull request (generator/officers/pr_comment.py)
for the content as it is at HEAD, compared with REV. Errors are shown wherever they are (a pull
request can break a file it did not touch); warnings only for the files it changes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..load import load, shown_path
from ..officers.messages import say


def add(sub) -> None:
    p = sub.add_parser("pr-comment", help="write the pull request's comment: problems, pages changed, preview")
    p.add_argument("--base", required=True, help="the commit the pull request starts from (in the check: HEAD^1)")
    p.add_argument("--preview", metavar="URL",
                   help="the check's run, whose artifacts hold the built site (leave out when it was not built)")
    p.add_argument("--out", type=Path, help="file to write (default: the screen)")
    p.set_defaults(run=run, content=True)


def run(args) -> int:
    import subprocess  # not at the program's start, which every command waits for

    from ..officers.pr_comment import changed_files, comment, page_changes  # the site's pages

    root = Path(args.root)
    if args.preview and not re.fullmatch(r"https://[^\s()<>\[\]]+", args.preview):
        say("cli.bad_url", file=sys.stderr, value=args.preview)
        return 2
    try:
        changes = changed_files(root, args.base)
    except subprocess.CalledProcessError as error:
        say("cli.git_failed", file=sys.stderr, reason=error.stderr.decode("utf-8", "replace").strip()[:300])
        return 2
    bank, problems = load(root / "content", warnings=True)
    changed = {shown_path(root / path) for _, path in changes}
    problems = [p for p in problems if p.error or p.file in changed]
    text = comment(problems, page_changes(changes, bank), args.preview)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0
