"""`innobank stats`: what the bank holds, counted the way the home page counts it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..load import FORMATS, load


def add(sub) -> None:
    p = sub.add_parser("stats", help="count innovations, teams, awards and time/cost/visits saved")
    p.set_defaults(run=run, content=True)


def run(args) -> int:
    from ..stats import summary  # not at the program's start, which every command waits for

    bank, problems = load(Path(args.root) / "content")
    if problems:
        print(FORMATS["human"](problems))
        return 1
    s = summary(bank)
    rows = [("innovations", s.ideas), ("implemented", s.implemented), ("services running", s.running),
            ("awarded", s.awarded), ("teams", s.teams), ("offices", s.offices),
            ("days saved per service", s.days_saved), ("BDT saved per service", s.cost_saved),
            ("visits saved per service", s.visits_saved)]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:,}" if isinstance(value, int) else f"{name:<{width}}  {value:,.1f}")
    for title, counter in (("by status", Counter(r.item.status.value for r in bank.ideas.values())),
                           ("by kind", Counter(r.item.kind.value for r in bank.ideas.values()))):
        print(f"\n{title}:")
        for key, count in counter.most_common():
            print(f"  {key:<{width - 2}}  {count:,}")
    return 0
