"""Atomic output: a build writes into a fresh folder beside OUTPUT_PATH, swapped in when complete.

A build that fails (an exception, DIGEST_STRICT) leaves the previous site as it
was, so the preview server keeps serving it. Entries of OUTPUT_RETENTION (a
``.git`` of ghp-import, say) are carried over from the old folder.
"""

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time

logger = logging.getLogger(__name__)

PREFIX = ".digest-build-"
FINAL_KEY = "_digest_final_output"  # private settings key: the output folder the user asked for


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# A retired site younger than this is left to the detached process deleting it (see _remove_later):
# a build started right after another would otherwise delete the same files in step with it.
RETIRED_GRACE_S = 120


def _remove_stale_stages(parent: str) -> None:
    """Folders left by builds that died (their process is gone), and retired sites their deleter left."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(parent), key=lambda e: e.name):
            if entry.is_dir() and entry.name.startswith(PREFIX):
                pid = entry.name[len(PREFIX):].split("-")[0]
                if not pid.isdigit() or _alive(int(pid)):
                    continue
                with contextlib.suppress(OSError):
                    if "-old-" in entry.name and now - entry.stat().st_mtime < RETIRED_GRACE_S:
                        continue
                shutil.rmtree(entry.path, ignore_errors=True)


def stage(pelican) -> str:
    """Point this run of ``pelican`` at a fresh folder beside its output folder; returns that folder."""
    settings = pelican.settings
    final = settings.get(FINAL_KEY) or os.path.abspath(pelican.output_path)
    settings[FINAL_KEY] = final
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    _remove_stale_stages(parent)
    folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent)
    pelican.output_path = settings["OUTPUT_PATH"] = folder
    return folder


def _remove_later(folder: str) -> None:
    """Delete the retired site in a detached process: the new site is live already, and removing
    thousands of files (seconds on a large archive) need not delay the build's end. Should that
    process not run, the next build removes the folder (its owner's process is gone)."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", folder],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def publish(pelican) -> str:
    """Swap the finished folder in for the output folder; returns the output folder."""
    settings = pelican.settings
    final, built = settings[FINAL_KEY], os.path.abspath(pelican.output_path)
    if built != final:
        for name in settings.get("OUTPUT_RETENTION", []):
            old = os.path.join(final, name)
            if os.path.lexists(old) and not os.path.lexists(os.path.join(built, name)):
                os.replace(old, os.path.join(built, name))
        os.chmod(built, 0o755)  # mkdtemp makes it private; a site folder is not
        retired = None
        if os.path.lexists(final):
            retired = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-old-", dir=os.path.dirname(final))
            os.replace(final, os.path.join(retired, "site"))
        os.replace(built, final)
        if retired:
            _remove_later(retired)
    pelican.output_path = settings["OUTPUT_PATH"] = final
    return final


def discard(pelican) -> None:
    """Drop a failed build's folder; the output folder is untouched."""
    built = os.path.abspath(pelican.output_path)
    if built != pelican.settings.get(FINAL_KEY) and os.path.basename(built).startswith(PREFIX):
        shutil.rmtree(built, ignore_errors=True)
    pelican.output_path = pelican.settings["OUTPUT_PATH"] = pelican.settings.get(FINAL_KEY, built)
