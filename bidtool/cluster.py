"""Run a chunk function on a dask.distributed cluster (``bidtool screen --engine dask``).

The local engine measures candidates chunk by chunk in one process; this
module runs the *same* pure chunk function on Dask workers instead.  Only the
small chunk descriptions travel to the workers (each worker reads its own
partition of the candidates from a path it can see), and only the per-chunk
results come back; the caller then finishes exactly as the local engine does,
so both engines give the same bytes.

The cluster is a :class:`distributed.LocalCluster` of single-threaded worker
processes on this machine by default, or an existing one reached at a
``tcp://`` or ``tls://`` scheduler address (``dask scheduler`` /
``dask worker``, Kubernetes, SSH: see docs/scale.md).  dask is an optional
dependency (``pip install 'bidtool[dask]'``), imported only here, and only
when the engine is used.

Reference: Dask Development Team, *Dask: Library for dynamic task scheduling*
(2016), https://dask.org — futures API (``Client.scatter``, ``Client.map``,
``as_completed``) as documented at https://distributed.dask.org.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

from bidtool.errors import BidtoolError, ExitCode

S = TypeVar("S")
C = TypeVar("C")
R = TypeVar("R")

INSTALL_HINT = "pip install 'bidtool[dask]'"
SCHEMES = ("tcp", "tls")
CONNECT_TIMEOUT = "30s"
WORKER_WAIT = 60.0  # seconds to wait for an existing cluster's first worker
LEAN = {
    # a LocalCluster's processes wake up less: the event-loop watchdog every second
    # instead of every 20 ms, the resource monitors every 2 s instead of 0.1-0.5 s.
    # On a busy machine each wake-up costs the measuring thread its time slice.
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.memory.monitor-interval": "1s",
    # a worker process that starts slowly on a busy machine is not a failure
    "distributed.comm.timeouts.connect": "120s",
}
# The scheduler serves HTTP (health checks) even without a dashboard, on port 8787 by
# default; a second cluster on the machine then warns and moves.  Ask for a free
# loopback port instead (port 0: no warning, nothing listening on other interfaces).
LOOPBACK_HTTP = {"dashboard_address": "127.0.0.1:0"}
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")


class ClusterError(BidtoolError):
    """The Dask engine cannot run as asked: not installed, a bad or unreachable
    ``--scheduler``, workers that cannot run bidtool (exit 2, a usage problem)."""

    exit_code = ExitCode.USAGE


class WorkerLost(BidtoolError):
    """A Dask worker died while measuring (most often: out of memory); exit 1."""

    exit_code = ExitCode.INTERNAL


def scheduler_address(text: str) -> str:
    """Validate a user-given scheduler address; return it as ``scheme://host:port``.

    Only ``tcp://HOST:PORT`` and ``tls://HOST:PORT`` are accepted (a host name,
    an IPv4 address or a bracketed IPv6 address, and an explicit port) — no
    user, path, query or fragment.  The address is only ever given to
    :class:`distributed.Client`, never to a shell.
    """
    hint = "write it as tcp://HOST:PORT (or tls://HOST:PORT), e.g. tcp://10.0.0.5:8786"
    if not text or text != text.strip() or any(ch.isspace() for ch in text):
        raise ClusterError(f"--scheduler {text!r} is not a scheduler address; {hint}")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ClusterError(f"--scheduler {text!r}: {exc}; {hint}") from None
    if parts.scheme not in SCHEMES:
        got = f"scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        raise ClusterError(f"--scheduler {text!r} has {got}; {hint}")
    host = parts.hostname or ""
    ipv6 = parts.netloc.startswith("[") or "@[" in parts.netloc  # urlsplit checked it
    if not ipv6 and not _HOST.match(host):
        raise ClusterError(f"--scheduler {text!r} names no valid host; {hint}")
    if parts.username is not None or parts.password is not None:
        raise ClusterError(f"--scheduler {text!r} must not carry a user or password; {hint}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ClusterError(f"--scheduler {text!r} has a path, query or fragment; {hint}")
    if port is None or port == 0:
        raise ClusterError(f"--scheduler {text!r} has no port; {hint}")
    return f"{parts.scheme}://{f'[{host}]' if ipv6 else host}:{port}"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            f"--engine dask needs dask.distributed, which is not installed: {INSTALL_HINT}"
        ) from None
    return distributed


def _worker_version() -> str:
    from bidtool._version import __version__

    return __version__


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep dask's start-up and shut-down chatter off the user's stderr."""
    loggers = [logging.getLogger(name) for name in ("distributed", "dask", "tornado", "asyncio")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            # distributed warns (UserWarning) about its own event loop and ports while it
            # starts and stops a cluster; none is about the user's data or the results
            warnings.filterwarnings("ignore", module=r"distributed(\..*)?$")
            warnings.filterwarnings("ignore", category=ResourceWarning)
            yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def local_cluster(workers: int) -> Any:
    """A new :class:`distributed.LocalCluster` of ``workers`` single-threaded worker
    processes on loopback, with no dashboard; its scheduler's HTTP server (health
    checks) on a free loopback port instead of 8787, which another cluster may hold.
    Use it as a context manager (it shuts the cluster down)."""
    return _distributed().LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs=LOOPBACK_HTTP,
        silence_logs=logging.CRITICAL,
    )


@contextlib.contextmanager
def connect(workers: int = 2, scheduler: str | None = None) -> Iterator[Any]:
    """A :class:`distributed.Client`: on a new LocalCluster of ``workers``
    single-threaded processes, or on the cluster at ``scheduler``.  Closed on exit
    (the LocalCluster too; an existing cluster is left running)."""
    distributed = _distributed()
    import dask

    address = scheduler_address(scheduler) if scheduler is not None else None
    with _quiet(), dask.config.set(LEAN), contextlib.ExitStack() as stack:
        if address is None:
            try:
                local = local_cluster(workers)
            except (RuntimeError, OSError) as exc:
                raise ClusterError(
                    f"could not start a local Dask cluster ({exc}); from a Python script, "
                    "call bidtool under `if __name__ == '__main__':` (the worker processes "
                    "import the main module again)"
                ) from None
            cluster = stack.enter_context(local)
            client = stack.enter_context(distributed.Client(cluster, set_as_default=False))
        else:
            try:
                client = stack.enter_context(
                    distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
                )
            except (OSError, TimeoutError) as exc:
                raise ClusterError(
                    f"cannot reach the Dask scheduler at {address} ({exc}); start one with "
                    "`dask scheduler` and check the address and the firewall"
                ) from None
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT)
            except (OSError, TimeoutError):
                raise ClusterError(
                    f"the Dask scheduler at {address} has no worker after {WORKER_WAIT:.0f} s; "
                    f"start some with `dask worker {address}`"
                ) from None
        _check_workers(client)
        yield client


def _check_workers(client: Any) -> None:
    """Every worker must run the same bidtool (the chunk function is bidtool's)."""
    from bidtool._version import __version__

    try:
        versions = client.run(_worker_version)
    except Exception as exc:  # ModuleNotFoundError on the worker, comm errors …
        raise ClusterError(
            f"the Dask workers cannot run bidtool ({type(exc).__name__}: {exc}); install "
            f"bidtool {__version__} with {INSTALL_HINT} in every worker's environment"
        ) from None
    wrong = sorted({v for v in versions.values() if v != __version__})
    if wrong:
        raise ClusterError(
            f"the Dask workers run bidtool {', '.join(wrong)}, this is {__version__}; "
            "install the same version everywhere so both engines give the same results"
        )


def _run_chunk(fn: Callable[[S, C], R], spec: S, shared: C) -> tuple[bool, Any]:
    """On a worker: ``(True, fn(spec, shared))``, or ``(False, error)`` for bad input,
    which is the user's to fix and not a worker failure to log."""
    try:
        return True, fn(spec, shared)
    except BidtoolError as exc:
        return False, exc


def map_chunks(
    fn: Callable[[S, C], R],
    specs: Sequence[S],
    shared: C,
    client: Any,
    done: Callable[[int], None] | None = None,
    keep: Callable[[R], Any] | None = None,
) -> list[Any]:
    """``[fn(spec, shared) for spec in specs]``, computed on the cluster, in order.

    ``keep(result)``, called as each result arrives, replaces it in the list (the
    screen engine spills a chunk's measures to disk there, so the client holds
    one chunk's at a time).

    ``shared`` (the criteria and layer paths) is sent once to every worker and
    reused by all its tasks, so whatever it caches — loaded layers, STRtrees —
    is built once per worker.  ``done(i)`` is called as chunk ``i`` finishes.
    Should chunks fail, the error of the *first* failing chunk is raised — the
    one the local engine would meet first — and the chunks after it are cancelled.
    """
    distributed = _distributed()
    if not specs:
        return []
    with _quiet():
        shared_future = client.scatter(shared, broadcast=True, hash=False)
        n = len(specs)
        futures = client.map(_run_chunk, [fn] * n, list(specs), [shared_future] * n, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        first_error: int | None = None
        errors: dict[int, BidtoolError] = {}
        try:
            for future in distributed.as_completed(futures, loop=client.loop, raise_errors=False):
                i = index[future.key]
                if future.status == "finished":
                    ok, value = future.result()
                    if ok:
                        results[i] = value if keep is None else keep(value)
                        del value
                        if done is not None:
                            done(i)
                        continue
                    errors[i] = value
                elif future.status != "error":
                    continue  # cancelled after an earlier chunk failed
                if first_error is None or i < first_error:
                    first_error = i
                    client.cancel(futures[i + 1 :])
            if first_error is not None:
                if first_error in errors:
                    raise errors[first_error]
                futures[first_error].result()  # raises the chunk's own error
        except distributed.KilledWorker as exc:
            raise WorkerLost(
                f"a Dask worker died while measuring ({exc}); most often it ran out of "
                "memory: lower --chunk-size or give each worker more memory"
            ) from None
        finally:
            client.cancel(futures)
            client.cancel(shared_future)
    return results



def dask_runner(
    workers: int = 2, scheduler: str | None = None
) -> Callable[..., list[Any]]:
    """The Dask engine, as the ``run_chunks`` of :func:`bidtool.screen_engine.screen_source`.

    The chunks are planned and the layers loaded where bidtool runs; then the
    returned function connects (a LocalCluster of ``workers`` processes, or the
    cluster at ``scheduler``), runs ``measure_chunk`` on every chunk there
    (:func:`map_chunks`) and closes; ``screen_source`` finishes as for the local
    engine.  dask's presence and the address are checked here, before any work.
    """
    _distributed()
    address = scheduler_address(scheduler) if scheduler is not None else None

    def run(
        fn: Callable[[S, C], R],
        specs: list[S],
        context: C,
        done: Callable[[int], None],
        keep: Callable[[R], Any] | None = None,
    ) -> list[Any]:
        with connect(workers, address) as client:
            return map_chunks(fn, specs, context, client, done, keep)

    return run
