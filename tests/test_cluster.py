"""The Dask engine's plumbing: scheduler addresses, errors across processes, chunk order."""

from __future__ import annotations

import pickle
import sys

import pytest

from bidtool.cluster import ClusterError, connect, map_chunks, scheduler_address
from bidtool.errors import ExitCode, InputError, Problem


@pytest.mark.parametrize(
    ("given", "want"),
    [
        ("tcp://127.0.0.1:8786", "tcp://127.0.0.1:8786"),
        ("tls://scheduler.example.org:8786", "tls://scheduler.example.org:8786"),
        ("tcp://dask-scheduler:8786/", "tcp://dask-scheduler:8786"),
        ("tcp://[::1]:8786", "tcp://[::1]:8786"),
    ],
)
def test_scheduler_address_accepts_tcp_and_tls(given: str, want: str) -> None:
    assert scheduler_address(given) == want


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("127.0.0.1:8786", "scheme"),
        ("http://127.0.0.1:8786", "scheme 'http'"),
        ("ws://host:1", "scheme 'ws'"),
        ("tcp://host", "no port"),
        ("tcp://host:0", "no port"),
        ("tcp://host:99999", "Port out of range"),
        ("tcp://host:port", "Port could not be cast"),
        ("tcp://user:pw@host:8786", "user or password"),
        ("tcp://host:8786/x?y", "path, query or fragment"),
        ("tcp://host;rm -rf /:8786", "not a scheduler address"),
        ("tcp://$(id):8786", "no valid host"),
        ("tcp://[zz::1]:8786", "IPv6 address"),
        ("", "not a scheduler address"),
        (" tcp://host:8786", "not a scheduler address"),
    ],
)
def test_scheduler_address_refuses_anything_else(given: str, says: str) -> None:
    with pytest.raises(ClusterError, match="tcp://HOST:PORT") as info:
        scheduler_address(given)
    assert says in str(info.value)
    assert info.value.exit_code == ExitCode.USAGE


def test_input_error_survives_pickling() -> None:
    """A chunk's bad-input error crosses from a worker process intact."""
    error = InputError([Problem("parcels.gpkg", None, "features[3]", "geometry is empty")])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is InputError
    assert again.problems == error.problems
    assert str(again) == str(error)


def test_missing_dask_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ClusterError, match=r"pip install 'bidtool\[dask\]'") as info, connect(1):
        pass
    assert info.value.exit_code == ExitCode.USAGE


def add(spec: int, shared: int) -> int:
    return spec + shared


def fail_from_three(spec: int, shared: int) -> int:
    if spec >= 3:
        raise InputError.single("parcels.parquet", f"chunk {spec} is bad", path=f"rows[{spec}]")
    return spec


def test_chunks_come_back_in_order(dask_scheduler: str) -> None:
    seen: list[int] = []
    with connect(scheduler=dask_scheduler) as client:
        got = map_chunks(add, list(range(12)), 100, client, done=seen.append)
    assert got == [100 + i for i in range(12)]
    assert sorted(seen) == list(range(12))


def test_the_first_failing_chunk_is_reported(dask_scheduler: str) -> None:
    """Whichever worker fails first, the error is the one the local engine meets first."""
    with connect(scheduler=dask_scheduler) as client, pytest.raises(InputError) as info:
        map_chunks(fail_from_three, list(range(8)), 0, client)
    assert [p.path for p in info.value.problems] == ["rows[3]"]


def test_an_unreachable_scheduler_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import bidtool.cluster

    monkeypatch.setattr(bidtool.cluster, "CONNECT_TIMEOUT", "0.5s")
    with (
        pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"),
        connect(scheduler="tcp://127.0.0.1:9"),
    ):
        pass


