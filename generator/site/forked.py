"""A pure step of the build run in a forked child, on the machine's other core, collected later.

The fork shares the build's memory (copy on write), so the step's input is neither
copied nor pickled on the way in; only its result comes back, pickled through an
unlinked temporary file (a child that is never collected blocks on nothing). Only
on Linux: elsewhere, or when the fork fails, :meth:`Forked.start` returns None and
the caller runs the step in process. The child only computes: it never logs or
prints (other threads may hold those locks at the fork) and leaves with
``os._exit``.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
import warnings


class ForkedError(RuntimeError):
    """The forked step raised, or its process died before it answered."""


class Forked:
    """A call of ``fn(*args)`` running in a forked child; :meth:`result` waits for it."""

    def __init__(self, pid: int, file):
        self.pid, self.file = pid, file

    @classmethod
    def start(cls, fn, *args) -> Forked | None:
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        try:
            file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by result() or cancel()
        except OSError:  # no writable temporary folder: the caller runs the step in process
            return None
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns that forking with other threads alive (Pelican's console spinner) may
                # deadlock a child that takes a lock one of them held: this child takes none (see above).
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            file.close()
            return None
        if pid == 0:  # the child
            code = 0
            try:
                try:
                    payload = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as exc:
                    code = 1
                    payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
                view = memoryview(payload)
                while view:
                    view = view[os.write(file.fileno(), view):]
            finally:
                os._exit(code)
        return cls(pid, file)

    def result(self):
        """The call's result; :class:`ForkedError` when it raised or its process died."""
        try:
            _, status = os.waitpid(self.pid, 0)
            self.file.seek(0)
            data = self.file.read()
        except OSError as exc:  # reaped by someone else (SIGCHLD ignored): its answer may be cut short
            raise ForkedError(f"the forked process could not be waited for ({exc})") from exc
        finally:
            self.file.close()
        try:
            kind, value = pickle.loads(data)
        except Exception as exc:  # nothing written, or cut short (a full disk)
            raise ForkedError(f"the forked process ended with status {status} and no result") from exc
        if kind != "ok":
            raise ForkedError(value)
        return value

    def cancel(self) -> None:
        """Stop the child (a build that ends without collecting it)."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        finally:
            self.file.close()
