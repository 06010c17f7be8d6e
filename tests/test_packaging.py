"""A built wheel carries the rules and templates and runs outside the source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("advisor-*.whl")
    return built


def test_the_wheel_carries_rules_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "advisor/rules/default.yaml" in names
    assert any(name.startswith("advisor/templates/") for name in names)
    assert any(name.endswith("entry_points.txt") for name in names)


def installed(wheel: Path, tmp_path: Path) -> Path:
    """The wheel installed into a folder of its own (to be put on PYTHONPATH)."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


def test_the_installed_wheel_scores_with_its_own_rules(wheel, tmp_path):
    target = installed(wheel, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import advisor.core.resources as r; print(r.default_rules_path())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip() == str(target / "advisor" / "rules" / "default.yaml")
    scored = subprocess.run(
        [sys.executable, "-m", "advisor", "score", str(EXAMPLES / "law-firm.json"), "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert scored.returncode == 0, scored.stderr
    assert '"recommendation": "llm"' in scored.stdout


def test_the_installed_wheel_scores_with_the_extended_catalogue_by_name(wheel, tmp_path):
    target = installed(wheel, tmp_path)
    forecasting = b'{"organization": {"name": "Mill"}, "needs": {"forecasting": {"importance": 5}}}'
    scored = subprocess.run(
        [sys.executable, "-m", "advisor", "score", "-", "--rules", "extended", "--format", "json"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        input=forecasting,
        capture_output=True,
    )
    assert scored.returncode == 0, scored.stderr
    assert b'"recommendation": "neither"' in scored.stdout


def test_make_demo_makes_its_output_folder_before_writing_reports_into_it():
    """advisor never creates a missing output folder (exit 2): the demo's recipe must make out/ first."""
    recipe = subprocess.run(
        ["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert '-o "out/' in recipe
    assert recipe.index("mkdir -p out") < recipe.index('-o "out/')
