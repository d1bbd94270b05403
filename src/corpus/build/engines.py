"""Where the per-document work runs: in this process, a local process pool, or a Dask cluster.

An engine takes ``work`` (a picklable function of one item, here ``run.build_one`` with its
options bound) and the items, and yields the results **in item order**, whatever order the workers
finish in -- so the report, and every byte written, is the same for any engine and any number of
workers.  Closing the iterator early (the build stops at a failure) cancels what is still queued.

Dask (``pip install 'corpus[dask]'``, docs/scaling.md): items go to the workers in batches (one
task per batch keeps the scheduler's per-task cost, ~1 ms, off the per-document path); each worker
runs ``work``, which reads its seeds and writes its outputs itself (through fsspec for a URL), and
sends back only the small per-document results the report is made of.
"""
from __future__ import annotations

import functools
import multiprocessing
import os
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Sequence

ENGINES = ("local", "dask")


def chunk_size(n: int, workers: int) -> int:
    """Items per task: about 8 tasks per worker (load balance), at most 64 items (early stops)."""
    return max(1, min(64, n // (max(1, workers) * 8) or 1))


def run(work: Callable, items: Sequence, *, engine: str = "local", jobs: int = 1,
        scheduler: str | None = None, client=None) -> Iterator:
    """Results of ``work(item)`` for every item, in item order (one pass: ``session`` for several)."""
    with session(engine=engine, jobs=jobs, scheduler=scheduler, client=client) as map_:
        yield from map_(work, items)


@contextmanager
def session(*, engine: str = "local", jobs: int = 1, scheduler: str | None = None, client=None):
    """An engine held open for several passes over the items (the build's first pass and its main pass
    share one Dask cluster): yields ``map(work, items)``, an iterator of results in item order."""
    if engine == "dask" or scheduler or client is not None:
        with dask_client(scheduler, client, jobs) as c:
            yield functools.partial(_map_dask, c, jobs)
        return
    if engine != "local":
        raise ValueError(f"engine {engine!r}: use one of {', '.join(ENGINES)}")
    yield functools.partial(run_local, jobs=jobs)


#: the work of this worker process (set once per process by the pool's initializer): a pool task then
#: carries its items only, not ``work`` -- which holds the build's options and its first-pass
#: statistics (every page's site), pickled once per chunk otherwise, O(N) bytes for each of N/64 chunks
_WORK: Callable | None = None


def _install(work: Callable) -> None:
    global _WORK
    _WORK = work


def _call(item):
    return _WORK(item)


def run_local(work: Callable, items: Sequence, *, jobs: int = 1) -> Iterator:
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield work(item)
        return
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    # with fork, the workers inherit ``work`` (nothing pickled); with spawn, it is pickled once per worker
    pool = ctx.Pool(jobs, initializer=_install, initargs=(work,))
    try:
        yield from pool.imap(_call, items, chunksize=chunk_size(len(items), jobs))
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _batch(work: Callable, items: list) -> list:
    """One Dask task: the work of a batch of items, run on a worker."""
    return [work(item) for item in items]


@contextmanager
def dask_client(scheduler: str | None = None, client=None, workers: int = 1):
    """A Dask client: the one given, one connected to ``scheduler`` (tcp://HOST:PORT), or a
    LocalCluster of ``workers`` single-threaded worker processes on this machine."""
    if client is not None:
        yield client
        return
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from corpus.errors import ConfigError

        raise ConfigError("--engine dask", "the Dask engine needs dask.distributed",
                          hint="pip install 'corpus[dask]'") from None
    if scheduler:
        with Client(scheduler) as c:
            yield c
        return
    with LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


def _map_dask(c, workers: int, work: Callable, items: Sequence) -> Iterator:
    n_workers = max(1, len(c.scheduler_info().get("workers", {})) or workers)
    size = chunk_size(len(items), n_workers)
    batches = [list(items[i:i + size]) for i in range(0, len(items), size)]
    # ``work`` goes to each worker once (a scattered future), not pickled into every task
    shared = c.scatter(work, broadcast=True, hash=False)
    futures = c.map(_batch, [shared] * len(batches), batches, pure=False)
    try:
        for i, fut in enumerate(futures):
            yield from fut.result()
            futures[i] = None  # release the batch's results on the cluster
    finally:
        live = [f for f in futures if f is not None]
        if live:
            c.cancel(live)
        c.cancel([shared])


def consume(results: Iterable, *, keep_going: bool, progress=None, out: list | None = None) -> list:
    """Collect results in order (into ``out`` as they come, so a caller keeps them if something breaks
    midway); stop after the first failure unless ``keep_going``."""
    out = [] if out is None else out
    it = iter(results)
    try:
        for res in it:
            out.append(res)
            if progress:
                progress(res)
            if not res.ok and not keep_going:
                break
    finally:
        close = getattr(it, "close", None)
        if close:
            close()
    return out
