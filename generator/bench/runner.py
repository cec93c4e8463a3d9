"""Timed runs of whole processes, with their peak memory.

Each run is ``python -m generator.bench._child RUSAGE MODULE ARGS`` in a subprocess: the wall
time is taken around it (interpreter start to exit). Its peak memory is the larger of

* the peak of the whole process tree's memory (the build and its NLP workers at once), sampled
  from ``/proc`` every ``SAMPLE_EVERY`` seconds where there is one (Linux): the sum of each
  process's proportional set size (PSS: a page shared by forked workers and their parent counts
  once in all, not once per process as in RSS), or of RSS where the kernel gives no PSS; and
* what ``getrusage`` says at exit: the process's own peak RSS and its largest reaped child's.

Without ``/proc`` the two ``getrusage`` figures are added (an upper bound: the workers run
beside the parent, but share pages with it and need not peak with it).
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .conf import ROOT

SAMPLE_EVERY = 0.25  # seconds between /proc samples
MIB = 1024 * 1024
_DIGEST = re.compile(r"Digest: (\d+) articles \((\d+) from the NLP cache, (\d+) analysed\);([^\n]*)")
_STEP = re.compile(r"([A-Za-z][A-Za-z ]*?) (\d+(?:\.\d+)?) s\b")
_PROCESSED = re.compile(r"Processed (\d+) articles?")


class RunFailed(RuntimeError):
    pass


@dataclass
class Run:
    """One timed process: wall seconds, peak MiB and what it printed."""

    seconds: float
    peak_mib: float | None
    output: str
    memory: dict = field(default_factory=dict)

    def digest(self) -> dict | None:
        """The plugin's summary line: ``{"articles", "from_cache", "analysed", "steps": {name: s}}``."""
        matches = list(_DIGEST.finditer(self.output))
        if not matches:
            return None
        match = matches[-1]
        steps = {name.strip(): float(s) for name, s in _STEP.findall(match.group(4))}
        return {"articles": int(match.group(1)), "from_cache": int(match.group(2)),
                "analysed": int(match.group(3)), "steps": steps}

    def processed(self) -> int | None:
        """Articles Pelican says it processed (its ``Done: Processed N articles`` line)."""
        found = _PROCESSED.findall(self.output)
        return int(found[-1]) if found else None


def _parents() -> dict[int, list[int]]:
    """Parent pid -> child pids of every process, from /proc/*/stat."""
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as fh:
                    stat = fh.read()
                kids.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return kids


def _memory(pid: int, page: int) -> int:
    """PSS of one process in bytes (RSS where there is no smaps_rollup); raises OSError when it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, PermissionError, ValueError):
        pass
    with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * page


def tree_memory(pid: int) -> int | None:
    """Memory of ``pid`` and all its descendants now, in bytes, from /proc; None without /proc."""
    page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    if not os.path.isdir(f"/proc/{pid}"):
        return None
    kids = _parents()
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            total += _memory(p, page)
        except (OSError, ValueError, IndexError):
            if p == pid:
                return None
            continue
        todo.extend(kids.get(p, ()))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, None, threading.Event()

    def run(self):
        while not self.done.is_set():
            rss = tree_memory(self.pid)
            if rss is not None:
                self.peak = max(self.peak or 0, rss)
            self.done.wait(SAMPLE_EVERY)


def env(code: Path = ROOT) -> dict:
    """The children's environment: ours, with the project's code at ``code`` importable first."""
    path = os.environ.get("PYTHONPATH", "")
    return os.environ | {"PYTHONPATH": os.pathsep.join(p for p in (str(code), path) if p)}


def run(module: str, args: list[str], cwd: Path, logs: Path, label: str, code: Path = ROOT) -> Run:
    """Run ``python -m module args`` through the wrapper, in ``cwd``, with the project's code at ``code``
    (put first on PYTHONPATH); output and figures go to ``logs``."""
    logs.mkdir(parents=True, exist_ok=True)
    usage, log = logs / f"{label}.rusage.json", logs / f"{label}.log"
    cmd = [sys.executable, "-m", "generator.bench._child", str(usage), module, *args]
    with open(log, "w+", encoding="utf-8", errors="replace") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env(code))
        sampler = _Sampler(proc.pid)
        sampler.start()
        code = proc.wait()
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        out.seek(0)
        output = out.read()
    if code:
        tail = "\n".join(output.splitlines()[-20:])
        raise RunFailed(f"{label} failed (exit status {code}): {' '.join(cmd)}\n{tail}")
    try:
        usage_data = json.loads(usage.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        usage_data = {}
    own, kids = usage_data.get("self_bytes"), usage_data.get("children_bytes")
    # Without /proc: the sum of the two peaks, an upper bound.
    peak = max(sampler.peak, own or 0, kids or 0) if sampler.peak is not None else (own or 0) + (kids or 0) or None
    memory = {"tree_sampled_mib": sampler.peak and sampler.peak / MIB, "self_mib": own and own / MIB,
              "children_mib": kids and kids / MIB}
    return Run(seconds, peak and peak / MIB, output, memory)
