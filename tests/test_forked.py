"""A step run in a forked process: its result, its failure, its cancellation."""

import os
import sys
import time

import pytest

from generator.site.forked import Forked, ForkedError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="steps fork on Linux only")


def _square_all(values):
    return {"pid": os.getpid(), "squares": [v * v for v in values]}


def _fail():
    raise ValueError("no such story")


def test_the_result_comes_from_another_process():
    running = Forked.start(_square_all, list(range(50_000)))  # a result larger than a pipe's buffer
    result = running.result()
    assert result["pid"] != os.getpid()
    assert result["squares"] == [v * v for v in range(50_000)]


def test_a_failure_is_raised_in_the_parent():
    running = Forked.start(_fail)
    with pytest.raises(ForkedError, match="ValueError: no such story"):
        running.result()


def test_a_child_that_dies_is_a_failure():
    running = Forked.start(os._exit, 3)
    with pytest.raises(ForkedError, match="no result"):
        running.result()


def test_cancel_stops_the_child():
    running = Forked.start(time.sleep, 60)
    started = time.monotonic()
    running.cancel()
    assert time.monotonic() - started < 30
    with pytest.raises(ChildProcessError):
        os.waitpid(running.pid, os.WNOHANG)  # reaped: no zombie left


def test_a_child_reaped_by_someone_else_is_a_failure():
    running = Forked.start(_square_all, [1, 2, 3])
    os.waitpid(running.pid, 0)  # as a host that ignores SIGCHLD would
    with pytest.raises(ForkedError, match="could not be waited for"):
        running.result()


def test_no_temporary_folder_means_no_fork(monkeypatch):
    def unwritable(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr("tempfile.TemporaryFile", unwritable)
    assert Forked.start(_square_all, [1]) is None, "the caller then runs the step in process"
