"""Messages for officers: every sentence from the catalogue, in English and in Bengali, printed as
two lines (English first, as `innobank validate` does). Never a traceback."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from ..i18n import t


@dataclass(frozen=True)
class Said:
    """A sentence in both languages."""

    en: str
    bn: str

    @classmethod
    def of(cls, key: str, **values) -> "Said":
        return cls(t(key, "en", **values), t(key, "bn", **values))

    def get(self, lang: str) -> str:
        return self.bn if lang == "bn" else self.en


def say(message: Said | str, indent: int = 0, file: TextIO | None = None, **values) -> None:
    """Print a Said (or a catalogue key with values) as an English line and a Bengali line."""
    if isinstance(message, str):
        message = Said.of(message, **values)
    out = file or sys.stdout
    pad = " " * indent
    print(f"{pad}{message.en}", file=out)
    print(f"{pad}{message.bn}", file=out)


def unexpected(error: BaseException) -> int:
    """What a command prints instead of a traceback when something unforeseen fails."""
    reason = f"{type(error).__name__}: {error}"[:300]
    say("cli.unexpected", file=sys.stderr, reason=reason)
    return 1
