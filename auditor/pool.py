"""The worker processes a batch is audited in.

`imap_unordered(work, items, workers, size)` runs `work(item)` for every item
in `workers` processes and yields `(index, result)` as results arrive.  The
workers take batches of items themselves, from a shared counter, and send
each batch's results back through a pipe of their own, widened to hold a
few batches.  The main process only reads, so it is free to work on what
comes back without holding the workers up: no thread of it feeds them, as
concurrent.futures' pool does, and a worker does not wait on a full pipe
while it is busy.  The pipeline uses that time to run the engines that
learn once in the main process (see `Check.main_process`), and, when no
results are waiting, has the main process take batches of its own
(`local`), so that one process fewer shares the cores.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import pickle
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait

# A pipe holds 64 KiB by default.  A batch's results, with the documents the main process
# still reads, are several times that, so a worker would wait on a full pipe until the
# main process came to read it.  With room for a few batches it goes on (Linux only).
PIPE_BYTES = 1 << 20


class _RemoteTraceback(Exception):
    def __init__(self, tb: str) -> None:
        super().__init__(tb)
        self.tb = tb

    def __str__(self) -> str:
        return self.tb


def batches(n: int, workers: int, size: int) -> list[tuple[int, int]]:
    """[start, end) of each batch of n items: `size` items each, then smaller
    ones near the end, so the workers finish close together."""
    out, i = [], 0
    while i < n:
        left = n - i
        step = size if left > size * workers * 3 else max(1, min(size, left // (workers * 3)))
        out.append((i, min(n, i + step)))
        i += step
    return out


def _widen(conn: Connection) -> None:
    try:
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # another system, or over the user's pipe-size limit: the default pipe works, only slower


def _claim(plan: list[tuple[int, int]], counter, lock) -> tuple[int, int] | None:
    """The next batch nobody has taken, or None when all are taken."""
    with lock:
        k = counter.value
        counter.value = k + 1
    return plan[k] if k < len(plan) else None


def _worker(conn: Connection, work: Callable, items: list, plan: list[tuple[int, int]], counter, lock) -> None:
    try:
        while (batch := _claim(plan, counter, lock)) is not None:
            start, end = batch
            conn.send((start, [work(item) for item in items[start:end]]))
        conn.send(None)
    except BaseException as exc:  # sent to the main process, which raises it
        tb = traceback.format_exc()
        try:
            payload = pickle.dumps((exc, tb))
        except Exception:  # an exception that does not pickle
            payload = pickle.dumps((RuntimeError(f"{type(exc).__name__}: {exc}"), tb))
        with contextlib.suppress(OSError):  # else the main process is gone: no one to tell
            conn.send_bytes(payload)
    finally:
        conn.close()


def imap_unordered(work: Callable, items: list, workers: int, size: int,
                   local: Callable | None = None) -> Iterator[tuple[int, object]]:
    """(index, result) for every item, computed in `workers` processes, in
    the order they finish: work(item) in a worker process.  With `local`,
    this process is one of the `workers`: whenever no worker's results are
    waiting, it takes a batch itself and yields local(item) for its items,
    so one process fewer shares the cores.  An exception in a worker is
    raised here (with the worker's traceback as its cause); a worker that
    dies raises BrokenProcessPool.  Closing the iterator stops the workers."""
    ctx = mp.get_context()
    plan = batches(len(items), workers, size)
    counter, lock = ctx.RawValue("q", 0), ctx.Lock()
    live: dict[Connection, mp.process.BaseProcess] = {}
    own = local is not None  # this process still takes batches
    try:
        for _ in range(min(workers - own, len(plan))):
            reader, writer = ctx.Pipe(duplex=False)
            _widen(writer)
            proc = ctx.Process(target=_worker, args=(writer, work, items, plan, counter, lock), daemon=True)
            live[reader] = proc
            proc.start()
            writer.close()
        while live or own:
            ready = wait(list(live), timeout=0 if own else None)
            if not ready and own:
                batch = _claim(plan, counter, lock)
                if batch is None:
                    own = False
                else:
                    for i in range(*batch):
                        yield i, local(items[i])
                continue
            for conn in ready:
                try:
                    msg = conn.recv()
                except EOFError:
                    proc = live.pop(conn)
                    proc.join()
                    raise BrokenProcessPool(f"a worker process ended unexpectedly (exit code {proc.exitcode})") \
                        from None
                if msg is None:  # the worker is done
                    live.pop(conn).join()
                    conn.close()
                elif isinstance(msg[0], BaseException):
                    exc, tb = msg
                    raise exc from _RemoteTraceback(tb)
                else:
                    start, results = msg
                    yield from enumerate(results, start)
    finally:
        for conn, proc in live.items():
            proc.terminate()
            proc.join()
            conn.close()
