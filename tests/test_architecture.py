"""The layers of ``generator/``: imports flow one way, and only ``generator.site`` touches Pelican."""

import ast

from helpers import ROOT

PACKAGE = ROOT / "generator"
GLUE_ONLY = {"pelican", "markupsafe"}
# Which parts of generator/ each part may import. The root package (version,
# register) is open to all. A new part must be added here on purpose.
ALLOWED = {
    "text": {"text"},
    "analysis": {"text", "analysis"},
    "corpus": {"text", "analysis", "corpus"},
    "site": {"text", "analysis", "corpus", "site"},
    "eval": {"text", "analysis", "corpus", "eval"},
    "bench": {"text", "analysis", "corpus", "eval", "bench"},
    "ingest": {"ingest"},
    "serve": {"serve"},
}


def _part(path):
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.name != "__init__.py" else None


def _imports(path):
    """(module, level) of every import in ``path``, relative ones resolved against the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    # The package a relative import starts from: the folder holding the module.
    package = list(path.relative_to(ROOT).parent.parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:
                    # "from .. import x": x may be a sub-package
                    for alias in node.names:
                        yield f"{module}.{alias.name}"
                    continue
                yield module
            else:
                yield node.module


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_layers_are_known():
    parts = {_part(p) for p in _modules()} - {None}
    assert parts <= set(ALLOWED), f"new part(s) {parts - set(ALLOWED)}: say in ALLOWED what they may import"


def test_only_the_glue_imports_pelican_or_markupsafe():
    offenders = []
    for path in _modules():
        if _part(path) == "site":
            continue
        for module in _imports(path):
            if module.split(".")[0] in GLUE_ONLY:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, offenders


def test_imports_flow_one_way():
    offenders = []
    for path in _modules():
        part = _part(path)
        if part is None:
            continue
        for module in _imports(path):
            names = module.split(".")
            if names[0] != "generator" or len(names) < 2:
                continue
            target = names[1]
            if target in ALLOWED and target not in ALLOWED[part]:
                offenders.append(f"{path.relative_to(ROOT)} ({part}) imports {module}")
    assert not offenders, offenders


def test_each_layer_says_what_it_may_import():
    for part in ("text", "analysis", "corpus", "site", "eval"):
        doc = ast.get_docstring(ast.parse((PACKAGE / part / "__init__.py").read_text()))
        assert doc and ("May import" in doc or "may import" in doc or "imports" in doc), part


def test_the_checker_sees_a_violation(tmp_path):
    """The import walk resolves relative imports (so the tests above can fail)."""
    mod = PACKAGE / "text" / "parse.py"
    assert "generator.text.sentences" in set(_imports(mod))
    assert "generator.analysis.records" in set(_imports(PACKAGE / "corpus" / "tags.py"))
