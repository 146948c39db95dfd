"""`pip install .` must carry corpora/ and models/ along (as auditor.corpora, auditor.models)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_the_data(tmp_path):
    pytest.importorskip("setuptools")
    pytest.importorskip("wheel")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache"))
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(out), str(src)], check=True)
    (wheel,) = out.glob("auditor-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("auditor/corpora/style/en-ukraine.toml", "auditor/corpora/boilerplate/en.toml",
                   "auditor/corpora/eval/gold.jsonl", "auditor/corpora/samples/kyiv-drone-attack.txt",
                   "auditor/models/registry.toml", "auditor/report.schema.json", "auditor/cli.py"):
        assert needed in names, needed
    articles = [n for n in names if n.startswith("auditor/corpora/eval/articles/")]
    assert len(articles) == len(list((ROOT / "corpora" / "eval" / "articles").iterdir()))


def test_installed_package_finds_its_data():
    from auditor.resources import corpora, models

    assert corpora().joinpath("style", "en-ukraine.toml").is_file()
    assert models().joinpath("registry.toml").is_file()
