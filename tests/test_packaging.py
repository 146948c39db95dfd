"""`pip install .` must carry corpora/ and models/ along (as auditor.corpora, auditor.models).

The wheel is built from a copy of the project in a temporary folder, so the
build leaves no build/ or *.egg-info behind in the checkout.  Slow-ish (a few
seconds), but part of the default run.
"""
from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                ".ruff_cache")


def _project_files() -> list[str] | None:
    """Tracked and untracked-but-not-ignored files, or None outside a git checkout."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    res = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, check=False)
    if res.returncode != 0:
        return None
    return [name for name in res.stdout.decode("utf-8").split("\0") if name and (ROOT / name).is_file()]


def _copy_project(dest: Path) -> None:
    files = _project_files()
    if files is None:
        shutil.copytree(ROOT, dest, ignore=IGNORE)
        return
    for name in files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)


def _build_outputs() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.name in ("build", "dist") or p.name.endswith(".egg-info")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("setuptools")
    pytest.importorskip("wheel")
    before = _build_outputs()
    tmp = tmp_path_factory.mktemp("wheel")
    src, out = tmp / "src", tmp / "dist"
    _copy_project(src)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(out), str(src)], check=True)
    assert _build_outputs() == before, "the build wrote into the checkout"
    (built,) = out.glob("auditor-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.mark.parametrize("needed", [
    "auditor/corpora/style/en-ukraine.toml",
    "auditor/corpora/boilerplate/en.toml",
    "auditor/corpora/eval/gold.jsonl",
    "auditor/models/registry.toml",
    "auditor/report.schema.json",
    "auditor/cli.py",
    "auditor/checks/style.py",
    "auditor/formats/json_format.py",
])
def test_wheel_contains(wheel_names, needed):
    assert needed in wheel_names


def test_wheel_contains_every_style_pack_and_sample(wheel_names):
    for sub in ("style", "boilerplate", "samples"):
        shipped = sorted(p.name for p in (ROOT / "corpora" / sub).iterdir() if p.is_file())
        assert shipped, sub
        for name in shipped:
            assert f"auditor/corpora/{sub}/{name}" in wheel_names, f"{sub}/{name}"


def test_wheel_contains_the_eval_articles(wheel_names):
    articles = [n for n in wheel_names if n.startswith("auditor/corpora/eval/articles/")]
    assert articles
    assert len(articles) == len([p for p in (ROOT / "corpora" / "eval" / "articles").iterdir() if p.is_file()])


def test_wheel_has_the_console_script(wheel, wheel_names):
    (entry_points,) = [n for n in wheel_names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(entry_points).decode("utf-8")
    parser = configparser.ConfigParser()
    parser.read_string(text)
    assert parser["console_scripts"]["auditor"].strip() == "auditor.cli:entry"


def test_wheel_leaves_out_tests_and_tooling(wheel_names):
    assert not [n for n in wheel_names if n.startswith(("tests/", "benchmarks/", ".venv/", "corpora/", "models/"))]


def test_installed_package_finds_its_data():
    from auditor.resources import corpora, models

    assert corpora().joinpath("style", "en-ukraine.toml").is_file()
    assert models().joinpath("registry.toml").is_file()


def test_importlib_resources_finds_the_style_pack():
    pack = resources.files("auditor.corpora").joinpath("style", "en-ukraine.toml")
    assert pack.is_file()
    assert "[[rule]]" in pack.read_text(encoding="utf-8")
    assert resources.files("auditor.corpora").joinpath("boilerplate", "en.toml").is_file()
    assert resources.files("auditor.corpora").joinpath("eval", "gold.jsonl").is_file()
