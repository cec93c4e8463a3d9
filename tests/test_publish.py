"""Publishing with ghp-import (what `make github` runs) to a local bare repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SITEURL, build_site

GHP_IMPORT = Path(sys.executable).parent / "ghp-import"


def _env(home):
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Test Author",
        GIT_AUTHOR_EMAIL="author@example.org",
        GIT_COMMITTER_NAME="Test Committer",
        GIT_COMMITTER_EMAIL="committer@example.org",
        # Keep the user's and the system's git configuration (signing, hooks…) out of the test.
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(home),
    )
    return env


def _run(args, env, cwd=None):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_ghp_import_pushes_site_to_gh_pages(tmp_path, nlp_cache):
    assert GHP_IMPORT.is_file(), "ghp-import is installed in the venv"
    home = tmp_path / "home"
    home.mkdir()
    (home / "gitconfig").write_text("")
    env = _env(home)

    bare = tmp_path / "remote.git"
    work = tmp_path / "work"
    _run(["git", "init", "--bare", "--quiet", str(bare)], env)
    _run(["git", "clone", "--quiet", str(bare), str(work)], env)
    (work / "README.md").write_text("project\n")
    _run(["git", "add", "README.md"], env, cwd=work)
    _run(["git", "commit", "--quiet", "-m", "initial"], env, cwd=work)
    _run(["git", "push", "--quiet", "origin", "HEAD"], env, cwd=work)

    output = work / "output"
    site = build_site(output, SITEURL, cache=nlp_cache)
    assert (output / "index.html").is_file() and site.articles

    _run(
        [str(GHP_IMPORT), "--no-jekyll", "--push", "--force", "--remote", "origin", "--branch", "gh-pages",
         "-m", "Generate Pelican site", str(output)],
        env,
        cwd=work,
    )

    files = _run(["git", f"--git-dir={bare}", "ls-tree", "-r", "--name-only", "gh-pages"], env).split("\n")
    assert ".nojekyll" in files
    assert "index.html" in files
    built = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}
    assert built <= set(files), f"not published: {sorted(built - set(files))[:5]}"
    assert "README.md" not in files, "gh-pages holds the site only, not the project"
    message = _run(["git", f"--git-dir={bare}", "log", "-1", "--format=%s", "gh-pages"], env).strip()
    assert message == "Generate Pelican site"


def test_stale_stages_are_removed_but_a_fresh_retired_site_is_left_to_its_deleter(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from generator.site import output

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a build process that has ended
    dead, alive = gone.pid, os.getpid()
    folders = {name: tmp_path / name for name in (
        f"{output.PREFIX}{dead}-abc", f"{output.PREFIX}{dead}-old-fresh", f"{output.PREFIX}{dead}-old-stale",
        f"{output.PREFIX}{alive}-mine", "site")}
    for folder in folders.values():
        (folder / "page").mkdir(parents=True)
    hour_ago = time.time() - 3600
    os.utime(folders[f"{output.PREFIX}{dead}-old-stale"], (hour_ago, hour_ago))
    output._remove_stale_stages(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{output.PREFIX}{dead}-old-fresh", f"{output.PREFIX}{alive}-mine", "site"])
