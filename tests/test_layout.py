"""The direction of imports, read from the code with `ast`: a wrong arrow fails CI.

core imports nothing outside core but the standard library and a few pure libraries; the vocabulary (words) builds
on core only and the core never imports it; io builds on core and words; an edge
(questionnaire, batch, report, web, group) imports core, io, its own modules, and another edge only through its package; only
the prompts module imports questionary, only the report renderer imports WeasyPrint.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "advisor"
EDGES = ("questionnaire", "batch", "report", "web", "group")
CORE_LIBRARIES = {"pydantic", "pydantic_core", "numpy", "yaml", "orjson", "langcodes", "pycountry"}
ONLY_IN = {"questionary": "advisor.questionnaire.prompts", "weasyprint": "advisor.report.render"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str) -> list[str]:
    """Every module `source` imports, at any depth (functions and TYPE_CHECKING blocks included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".")[: -node.level] if not module.endswith("__init__") else module.split(".")
                found.append(".".join([*base, node.module] if node.module else base))
            elif node.module == "advisor":  # `from advisor import X` names the package's own exports
                found += [f"advisor.{alias.name}" if alias.name != "__version__" else "advisor" for alias in node.names]
            else:
                found.append(node.module or "")
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ("core", "words", "io", *EDGES):
        return parts[1]
    return "top"  # advisor, advisor.api, advisor.cli, advisor.__main__


def violations(module: str, source: str) -> list[str]:
    """What is wrong with the imports of `module` (its code in `source`)."""
    wrong = []
    here = layer(module)
    for target in imports(source, module):
        root = target.split(".")[0]
        for library, allowed in ONLY_IN.items():
            if root == library and module != allowed:
                wrong.append(f"{module} imports {library}; only {allowed} may")
        if root != "advisor":
            if here == "core" and root not in sys.stdlib_module_names and root not in CORE_LIBRARIES:
                wrong.append(f"{module} (core) imports {target}, not a library the core may use")
            continue
        there = layer(target)
        if here == "core" and there != "core":
            wrong.append(f"{module} (core) imports {target}, outside the core")
        elif here == "words" and there not in ("core", "words"):
            wrong.append(f"{module} (words) imports {target}; the vocabulary builds on the core only")
        elif here == "io" and there not in ("core", "words", "io"):
            wrong.append(f"{module} (io) imports {target}, an edge")
        elif here in EDGES and there in EDGES and there != here and target != f"advisor.{there}":
            wrong.append(f"{module} imports {target}: another edge's internals; import from advisor.{there}")
        elif here in EDGES and there == "top":
            wrong.append(f"{module} imports {target}, above the edges")
    return wrong


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_every_module_imports_in_the_allowed_direction(path):
    assert violations(module_name(path), path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        ("advisor.core.engine", "from advisor.report import render_pdf", "(core) imports advisor.report, outside the core"),
        ("advisor.core.scoring", "import rich", "(core) imports rich, not a library"),
        ("advisor.core.rules", "from advisor.io.sources import load_rules", "(core) imports advisor.io.sources"),
        ("advisor.io.sources", "from advisor.questionnaire.questions import parse_questions", "(io) imports"),
        ("advisor.batch.run", "from advisor.report.render import render_pdf", "another edge's internals"),
        ("advisor.report.render", "import questionary", "only advisor.questionnaire.prompts may"),
        ("advisor.core.headline", "from advisor.words import say", "(core) imports advisor.words, outside the core"),
        ("advisor.words.say", "from advisor.io.terminal import show", "(words) imports advisor.io.terminal"),
        ("advisor.core.context", "if TYPE_CHECKING:\n    from advisor.cli import app", "outside the core"),
    ],
)
def test_a_wrong_arrow_is_caught(module, line, expected):
    assert any(expected in v for v in violations(module, line)), violations(module, line)


def test_allowed_arrows_pass():
    assert violations("advisor.batch.run", "from advisor.report import render_pdf\nfrom advisor.core import engine") == []
    assert violations("advisor.cli", "from advisor.report.render import render_pdf") == []
    assert violations("advisor.io.terminal", "from advisor.words import say") == []
    assert violations("advisor.report.content", "from advisor.words import say") == []
    assert violations("advisor.core.engine", "import numpy\nfrom advisor.core.rules import Rules") == []


def test_the_core_packages_have_no_module_left_at_the_top():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "api.py", "cli.py"]
