"""The publishing pipeline and the installs: zizmor finds nothing in the workflows, every action is
pinned to a commit, and requirements.lock pins and hashes every dependency pyproject.toml declares."""

import json
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted([*(GITHUB / "workflows").glob("*.yml"), *(GITHUB / "workflows").glob("*.yaml")])
LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
SELF = canonicalize_name(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["name"])
FAILING = {"high", "medium"}


# --- zizmor ------------------------------------------------------------------------------------------


def _zizmor():
    exe = Path(sys.executable).parent / "zizmor"
    found = str(exe) if exe.exists() else shutil.which("zizmor")
    if not found:
        pytest.fail("zizmor is not installed: it is in the test extra (make setup installs requirements.lock)")
    return found


def run_zizmor(target):
    """zizmor's findings (JSON v1) for a file or folder, offline; a tool failure fails the test."""
    proc = subprocess.run(
        [_zizmor(), "--offline", "--no-progress", "--no-exit-codes", "--format", "json-v1", str(target)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, f"zizmor failed (exit {proc.returncode}):\n{proc.stderr}"
    return json.loads(proc.stdout or "[]")


def _where(finding):
    for loc in finding.get("locations", []):
        key = loc.get("symbolic", {}).get("key", {})
        local = next(iter(key.values()), {}) if isinstance(key, dict) else {}
        path = next(iter(local.values()), "?") if isinstance(local, dict) else "?"
        concrete = loc.get("concrete", {})
        row = concrete.get("location", {}).get("start_point", {}).get("row", -1) + 1
        note = loc.get("symbolic", {}).get("annotation", "")
        feature = concrete.get("feature", "").strip().splitlines()[:1]
        return f"{path}:{row}: {feature[0] if feature else ''} ({note})"
    return "?"


def serious(findings):
    """Findings of high or medium severity that no ignore comment covers, one line each."""
    return [
        f"{f['determinations']['severity']} {f['ident']}: {f.get('desc', '')} at {_where(f)}"
        for f in findings
        if str(f["determinations"]["severity"]).lower() in FAILING and not f.get("ignored", False)
    ]


def test_workflows_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "pages.yml"} <= names, names
    assert (GITHUB / "dependabot.yml").is_file()


def test_zizmor_finds_nothing_high_or_medium():
    # .github/ holds the workflows and dependabot.yml; zizmor collects both.
    bad = serious(run_zizmor(GITHUB))
    assert not bad, "zizmor --offline .github/ found:\n" + "\n".join(bad)


def test_zizmor_check_catches_a_hijackable_workflow(tmp_path):
    """The check above can fail: a workflow with the classic mistakes is reported as high/medium."""
    wf = tmp_path / ".github" / "workflows" / "bad.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(
        "on: pull_request_target\n"
        "permissions: write-all\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n",
        encoding="utf-8",
    )
    found = {f.split(":")[0] for f in serious(run_zizmor(wf.parent))}
    assert any(f.startswith("High template-injection") for f in found), found
    assert any(f.startswith("High unpinned-uses") for f in found), found


# --- pinned actions ----------------------------------------------------------------------------------

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<q>['\"]?)(?P<ref>[^\s'\"#]+)(?P=q)\s*(?:#\s*(?P<comment>.*))?$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^v\d+(\.\d+)*\b")


def uses_lines(text):
    """(line number, reference, trailing comment) of every `uses:` in a workflow."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(r"^\s*(-\s+)?uses:", line):
            m = USES.match(line)
            out.append((n, m["ref"] if m else line.strip(), (m["comment"] or "").strip() if m else ""))
    return out


def unpinned(text):
    """Problems with the `uses:` lines: not a 40-hex commit, or no `# vX.Y.Z` comment beside it."""
    problems = []
    for n, ref, comment in uses_lines(text):
        if ref.startswith("./"):
            continue  # an action in this repository: pinned by the checkout itself
        if ref.startswith("docker://"):
            if "@sha256:" not in ref:
                problems.append(f"{n}: {ref} (docker image not pinned to a digest)")
            continue
        if not PINNED.match(ref):
            problems.append(f"{n}: {ref} (not pinned to a full commit SHA)")
        elif not VERSION_COMMENT.match(comment):
            problems.append(f"{n}: {ref} (no '# vX.Y.Z' comment naming the version)")
    return problems


def test_pin_check_can_fail():
    text = (
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830\n"
        "      - uses: 'actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065' # v5.6.0\n"
        "        uses: actions/deploy-pages@main # v4\n"
    )
    problems = unpinned(text)
    assert [p.split(":")[0] for p in problems] == ["2", "3", "5"], problems


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(workflow):
    text = workflow.read_text(encoding="utf-8")
    assert uses_lines(text), f"{workflow.name} uses no action?"
    problems = unpinned(text)
    assert not problems, f"{workflow.name}:\n" + "\n".join(problems)


def test_checkout_keeps_no_credentials():
    for workflow in WORKFLOWS:
        lines = workflow.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if "uses: actions/checkout@" in line:
                block = "\n".join(lines[n + 1 : n + 4])
                assert re.search(r"persist-credentials:\s*false", block), f"{workflow.name}:{n + 1}"


def test_installs_use_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    setup = makefile.split("$(BIN)/pelican:", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes -r $(LOCK)" in setup and "--no-deps -e ." in setup, setup
    assert re.search(r"^LOCK = requirements\.lock$", makefile, re.M)
    assert re.search(r"^lock:", makefile, re.M)
    pages = (GITHUB / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements.lock" in pages
    assert "pip install --no-deps ." in pages


# --- the lock file ------------------------------------------------------------------------------------


def parse_lock(text):
    """{canonical name: [(Requirement, hashes), ...]} from a hashed requirements file."""
    entries = {}
    logical = re.sub(r"\\\n", " ", text)
    for raw in logical.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            raise AssertionError(f"unexpected option line in the lock: {raw!r}")
        spec, *opts = re.split(r"\s+(?=--)", line)
        try:
            req = Requirement(spec)
        except InvalidRequirement as exc:
            raise AssertionError(f"unreadable lock line {raw!r}: {exc}") from exc
        hashes = [o.split("=", 1)[1] for o in opts if o.startswith("--hash=")]
        entries.setdefault(canonicalize_name(req.name), []).append((req, hashes))
    return entries


def declared():
    """Every requirement in pyproject.toml: runtime deps and all extras, minus the self-reference."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    specs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    reqs = [Requirement(s) for s in specs]
    return [r for r in reqs if canonicalize_name(r.name) != SELF]


def lock_problems(lock_text, reqs):
    entries = parse_lock(lock_text)
    problems = [f"{r} is not in the lock" for r in reqs if canonicalize_name(r.name) not in entries]
    for name, pins in entries.items():
        if name == SELF:
            problems.append(f"the lock pins the project itself ({name})")
        for req, hashes in pins:
            if len(req.specifier) != 1 or next(iter(req.specifier)).operator not in ("==", "==="):
                problems.append(f"{req} is not pinned with ==")
            if not hashes:
                problems.append(f"{req} has no --hash")
            if any(not re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes):
                problems.append(f"{req} has a hash that is not sha256: {hashes}")
    return problems


def test_lock_check_can_fail():
    lock = (
        "alpha==1.0 \\\n    --hash=sha256:" + "a" * 64 + "\n"
        "beta==2.0\n"
        "gamma>=1 \\\n    --hash=sha256:" + "b" * 64 + "\n"
        f"{SELF}==0.1 \\\n    --hash=sha256:" + "c" * 64 + "\n"
    )
    reqs = [Requirement("alpha>=1"), Requirement("beta"), Requirement("Gamma_Pkg[x]>=1"), Requirement("gamma")]
    problems = lock_problems(lock, reqs)
    assert "Gamma_Pkg[x]>=1 is not in the lock" in problems
    assert "beta==2.0 has no --hash" in problems
    assert "gamma>=1 is not pinned with ==" in problems
    assert any("project itself" in p for p in problems)
    assert not any(p.startswith("alpha") for p in problems)


def test_lock_pins_and_hashes_every_declared_dependency():
    assert LOCK.is_file(), "no requirements.lock: run make lock"
    reqs = declared()
    assert any(canonicalize_name(r.name) == "zizmor" for r in reqs)
    problems = lock_problems(LOCK.read_text(encoding="utf-8"), reqs)
    assert not problems, "requirements.lock is stale (run make lock):\n" + "\n".join(problems)


def test_lock_pins_satisfy_pyproject_ranges():
    entries = parse_lock(LOCK.read_text(encoding="utf-8"))
    bad = []
    for req in declared():
        for pin, _ in entries.get(canonicalize_name(req.name), []):
            version = next(iter(pin.specifier)).version
            if not req.specifier.contains(version, prereleases=True):
                bad.append(f"lock has {pin.name}=={version}, pyproject.toml asks {req}")
    assert not bad, "requirements.lock is stale (run make lock):\n" + "\n".join(bad)


def test_lock_is_closed_under_dependencies_here():
    """Every dependency of a locked package (with the extras asked for, e.g. pagefind[bin] -> pagefind-bin)
    that applies on this machine is locked too; checked against the installed packages' metadata."""
    entries = parse_lock(LOCK.read_text(encoding="utf-8"))
    todo = [(r, r.extras) for r in declared()]  # every extra of the project is declared here already
    seen, missing, checked = set(), [], 0
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if (name, frozenset(extras)) in seen:
            continue
        seen.add((name, frozenset(extras)))
        if name not in entries:
            missing.append(str(req))
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue
        checked += 1
        for spec in dist.requires or []:
            dep = Requirement(spec)
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in (*extras, "")):
                todo.append((dep, dep.extras))
    assert not missing, "not in requirements.lock (run make lock): " + ", ".join(sorted(missing))
    assert checked, "no locked package is installed here: run make setup"
