"""A published file made when asked, from what it says it is made from."""

from __future__ import annotations

from pathlib import Path
from typing import Callable


class Output:
    """A file made by make(*args) from its args alone (and the code): a build whose args digest
    as the last build's keeps the file the last build published instead of making it again
    (generator/incremental.py). An arg that is an Output stands for that file's bytes, read back
    rather than made twice: a bulk part is made from its records' documents."""

    __slots__ = ("make", "args")

    def __init__(self, make: Callable[..., str | bytes], *args):
        self.make, self.args = make, args

    def content(self, piece: Callable[[Output], bytes]) -> str | bytes:
        """What make gives, each Output among the args given as piece(it)."""
        return self.make(*(piece(arg) if isinstance(arg, Output) else arg for arg in self.args))


def made(outputs: dict[str, str | bytes | Path | Output]) -> dict[str, str | bytes | Path]:
    """Every file made, in order (a file's pieces come before it): what a publisher publishes."""
    done: dict[int, bytes] = {}  # id(Output) → its bytes, for the Outputs made of it

    def piece(output: Output) -> bytes:
        return done[id(output)]

    out = {}
    for path, output in outputs.items():
        if isinstance(output, Output):
            out[path] = content = output.content(piece)
            done[id(output)] = content.encode() if isinstance(content, str) else content
        else:
            out[path] = output
    return out
