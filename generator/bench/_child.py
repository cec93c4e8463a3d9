"""``python -m generator.bench._child RUSAGE_JSON MODULE [ARGS...]``: run MODULE as ``python -m`` would
(e.g. ``pelican``), then write this process's peak resident memory and its children's (the NLP pool,
Pagefind) to RUSAGE_JSON, in bytes (null where the platform has no ``resource`` module)."""

import json
import runpy
import sys


def peak_bytes() -> tuple[int | None, int | None]:
    """(own peak RSS, largest reaped child's peak RSS) in bytes."""
    try:
        import resource
    except ImportError:  # Windows
        return None, None
    unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return own * unit, children * unit


def main() -> None:
    out, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        own, children = peak_bytes()
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({"self_bytes": own, "children_bytes": children}, fh)


if __name__ == "__main__":
    main()
