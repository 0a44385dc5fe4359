"""Reading content files in forked worker processes. Reading, parsing and checking one file for
personal data (and validating it, for `innobank validate`) needs nothing from any other file, and
costs most of a load; so when there are many files, one worker per core reads every other chunk
of them while the loading process puts what they send back, in order, into the bank. The workers
send plain data (text, dictionaries, problems; for a valid file, what the cache keeps of it,
pickled: load.bank._sent), which crosses a pipe many times faster than validated models would.

A worker is forked only from a process without other threads (a lock another thread held at the
fork would never be released in the child). A chunk a worker could not send is read by the
loading process itself, so the result never depends on how the files were read."""

from __future__ import annotations

import fcntl
import os
import pickle
import signal
import threading
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

FROM = 256  # files: fewer are read in the loading process (a fork costs more than it saves)
CHUNK = 32  # files a worker sends at a time
_PIPE_BYTES = 1 << 20  # a pipe that holds a few chunks: a worker seldom waits for the reader


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def mapped(read: Callable[[T], R], items: Iterable[T], send: Callable[[T, R], R] | None = None) -> Iterator[R]:
    """read(item) for each item, in order: in forked workers when there are many items (FROM; sent
    back CHUNK at a time), more than one core and no other thread, else here. A worker sends
    send(item, read(item)), if given: what crosses the pipe faster, which the reader takes as
    read(item)."""
    items = list(items)
    count = min(cores(), len(items) // CHUNK)
    if len(items) < FROM or count < 2 or threading.active_count() > 1:
        yield from map(read, items)
        return
    chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    workers, sent = _Workers(read if send is None else lambda item: send(item, read(item)), chunks, count), 0
    try:
        for chunk in chunks:
            done = workers.next(sent % count)
            sent += 1
            yield from done if done is not None else map(read, chunk)
    finally:
        workers.close(stop=sent < len(chunks))


class _Workers:
    def __init__(self, read: Callable, chunks: list[list], count: int):
        self.pids: list[int] = []
        self.pipes: list = []
        self.failed: set[int] = set()
        try:
            for index in range(count):
                self._fork(read, chunks[index::count])
        except BaseException:
            self.close(stop=True)
            raise

    def _fork(self, read: Callable, chunks: list[list]) -> None:
        fd_in, fd_out = os.pipe()
        try:
            fcntl.fcntl(fd_out, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)  # Linux's
        except (AttributeError, OSError):
            pass  # a smaller pipe only makes the worker wait more
        try:
            pid = os.fork()
        except BaseException:
            os.close(fd_in)
            os.close(fd_out)
            raise
        if pid == 0:
            os.close(fd_in)
            for pipe in self.pipes:
                pipe.close()
            _work(read, chunks, fd_out)
        os.close(fd_out)
        self.pids.append(pid)
        self.pipes.append(os.fdopen(fd_in, "rb"))

    def next(self, worker: int) -> list | None:
        """The results of the worker's next chunk; None when the worker could not send them (and,
        once it failed, any more)."""
        if worker not in self.failed:
            try:
                return pickle.load(self.pipes[worker])
            except Exception:  # noqa: BLE001 — it died, or sent half a chunk
                self.failed.add(worker)
        return None

    def close(self, stop: bool) -> None:
        """Wait for the workers to end; with `stop`, end them first (the reader gave up early)."""
        for pipe in self.pipes:
            pipe.close()
        for pid in self.pids:
            if stop:
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _work(read: Callable, chunks: list[list], fd: int) -> None:
    """In a worker: each chunk's results, pickled, then exit without running the parent's exit
    handlers. A chunk that fails is sent as None: the loading process reads it again itself."""
    code = 0
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                try:
                    done = [read(item) for item in chunk]
                except Exception:  # noqa: BLE001 — the loading process reports it as it would have
                    done = None
                pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
    except BaseException:  # noqa: BLE001 — the reader is gone (a broken pipe) or stopped
        code = 1
    finally:
        os._exit(code)
