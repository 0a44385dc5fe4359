"""`innobank codeowners [--check]`: write .github/CODEOWNERS from the offices' maintainers so each
office reviews its own innovations and teams (generator/officers/codeowners.py)."""

from __future__ import annotations

import os
from pathlib import Path

from ..load import FORMATS, load
from ..officers import codeowners
from ..officers.messages import say, unexpected


def add(sub) -> None:
    p = sub.add_parser("codeowners", help="write .github/CODEOWNERS from the offices' maintainers")
    p.add_argument("--default", action="append", default=[], metavar="@HANDLE",
                   help="owners of everything no office maintains (may be given more than once)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is out of date")
    p.set_defaults(run=run, content=True)


def run(args) -> int:
    try:
        root = Path(args.root)
        bank, problems = load(root / "content")
        if problems:
            print(FORMATS["human"](problems))
            return 1
        try:
            text = codeowners.render(bank, args.default)
        except codeowners.Unsafe as refused:
            say(refused.key, path=str(codeowners.PATH), **refused.values)
            return 1
        path = root / codeowners.PATH
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if args.check:
            if current != text:
                say("cli.codeowners_outdated", path=str(codeowners.PATH))
                return 1
            say("cli.codeowners_current", path=str(codeowners.PATH))
            return 0
        path.parent.mkdir(parents=True, exist_ok=True)
        if current != text or path.is_symlink():
            # A new file moved into place: never written through a symlink a pull request put there.
            temporary = path.with_name(f".{path.name}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        missing = codeowners.offices_without_maintainers(bank)
        if missing:
            say("cli.codeowners_unmaintained", count=len(missing), offices=", ".join(missing))
        say("cli.codeowners_written", path=str(codeowners.PATH))
        return 0
    except BrokenPipeError:  # the reader of the output is gone: cli._run ends quietly
        raise
    except Exception as error:  # an officer never sees a traceback
        return unexpected(error)
