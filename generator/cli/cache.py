"""`innobank cache seal|check NAME PATH...`: the deploy workflow seals each cache it saves and
checks each one it restores (generator/sealed.py)."""

from __future__ import annotations

import os
from pathlib import Path

from ..officers.messages import say


def add(sub) -> None:
    p = sub.add_parser("cache", help="seal a cache the deploy saves, or check one it restored (removed unless sealed)")
    p.add_argument("action", choices=("seal", "check"))
    p.add_argument("name", help="the cache's name, as deploy.yml gives it")
    p.add_argument("paths", nargs="+", metavar="PATH", help="what the cache holds, relative to --root")
    p.set_defaults(run=run)


def run(args) -> int:
    from .. import sealed  # and the removal's subprocess: not for every command's start

    secret = sealed.key()
    if secret is None:
        say("cli.cache_no_key", secret=sealed.KEY, name=args.name)
        return 0
    root = Path(args.root)
    if args.action == "seal":
        sealed.seal(root, args.name, args.paths, secret)
        say("cli.cache_sealed", name=args.name)
    elif not any(os.path.lexists(root / path) for path in args.paths):
        say("cli.cache_none", name=args.name)
    elif sealed.check(root, args.name, args.paths, secret):
        say("cli.cache_intact", name=args.name)
    else:
        say("cli.cache_removed", name=args.name, paths=", ".join(args.paths))
    return 0
