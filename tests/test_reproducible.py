"""Two builds of the same input, in fresh processes with different hash seeds, are byte-identical."""

import filecmp
import os
import shutil
import subprocess
import sys

from helpers import FIXTURES, ROOT, SEEDS


def _build(tmp_path, name, seed, raw):
    out, cache = tmp_path / name, tmp_path / f"{name}-cache"
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", "-q", "-s", "pelicanconf.py", "-o", str(out),
         "-e", f'DIGEST_SOURCES=["{raw}"]', f'DIGEST_CACHE_PATH="{cache}"', 'SITEURL="http://example.org/sub"',
         'FEED_DOMAIN="http://example.org/sub"'],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def _tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_builds_are_byte_identical_across_hash_seeds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in [*SEEDS, *sorted((FIXTURES / "raw").glob("*.txt"))]:
        shutil.copy(path, raw / path.name)
    one = _build(tmp_path, "one", 1, raw)
    two = _build(tmp_path, "two", 3, raw)
    files = _tree(one)
    assert files == _tree(two)
    assert any(f.startswith("pagefind/") for f in files), "the search index is part of the comparison"
    _, mismatch, errors = filecmp.cmpfiles(one, two, files, shallow=False)
    assert not mismatch and not errors, f"files that differ: {mismatch[:10]}"
