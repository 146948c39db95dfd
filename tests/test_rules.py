"""Meta-tests: every rule is documented, has examples that behave, and every
data file loads."""
from __future__ import annotations

import re

import pytest

from auditor import datafile
from auditor.checks import ENGINES
from auditor.checks.boilerplate import load_groups
from auditor.checks.style import load_pack
from auditor.config import Config, StyleSettings
from auditor.finding import KINDS
from auditor.pipeline import run
from auditor.resources import corpora, models
from auditor.rules import BATCH_SEP, RULES, matching

# every pack shipped, so the examples of opt-in packs are exercised too
ALL_PACKS = Config(style=StyleSettings(packs=tuple(
    p.name[:-5] for p in corpora().joinpath("style").iterdir() if p.name.endswith(".toml"))))


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_documented(code):
    rule = RULES[code]
    assert re.fullmatch(r"AUD[1-5]\d\d", code)
    assert rule.kind in KINDS
    assert rule.engine in ENGINES
    assert code in ENGINES[rule.engine].codes
    assert len(rule.summary) > 20 and len(rule.doc) > 150
    assert rule.flags, f"{code} has no should-flag example"
    assert rule.passes, f"{code} has no should-pass example"


def _codes(code, example, audit_text, tmp_path):
    if RULES[code].scope == "batch":  # a batch of files, audited together
        tmp_path.mkdir()
        for i, part in enumerate(example.split(BATCH_SEP)):
            (tmp_path / f"file{i}.txt").write_text(part, encoding="utf-8")
        return [f.code for f in run([tmp_path], ALL_PACKS.with_options(workers=1), progress=False).findings]
    return [f.code for f in audit_text(example, config=ALL_PACKS)]


@pytest.mark.parametrize("code,example", [(c, e) for c in sorted(RULES) for e in RULES[c].flags])
def test_should_flag(code, example, audit_text, tmp_path):
    assert code in _codes(code, example, audit_text, tmp_path / "batch")


@pytest.mark.parametrize("code,example", [(c, e) for c in sorted(RULES) for e in RULES[c].passes])
def test_should_pass(code, example, audit_text, tmp_path):
    assert code not in _codes(code, example, audit_text, tmp_path / "batch")


def test_every_engine_code_is_in_the_table():
    for engine in ENGINES.values():
        for code in engine.codes:
            assert code in RULES


def test_prefix_matching():
    assert {r.code for r in matching(["AUD4"])} == {c for c in RULES if c.startswith("AUD4")}
    assert len(matching(["ALL"])) == len(RULES)


def _data_files(folder):
    return [p for p in corpora().joinpath(folder).iterdir() if p.name.endswith(".toml")]


@pytest.mark.parametrize("res", _data_files("style"), ids=lambda p: p.name)
def test_style_packs_load(res):
    entries = load_pack(datafile.read(res, res.name))
    assert entries


@pytest.mark.parametrize("res", _data_files("boilerplate"), ids=lambda p: p.name)
def test_boilerplate_packs_load(res):
    assert load_groups(datafile.read(res, res.name))


def test_model_registry_loads():
    reg = datafile.read(models().joinpath("registry.toml"), "registry.toml").data
    (default,) = [m for m in reg["model"] if m.get("default")]
    assert re.fullmatch(r"[0-9a-f]{64}", default["sha256"])
    for key in ("name", "package", "module", "directory", "weights", "licence"):
        assert default[key]


def test_bad_data_file_names_file_and_key(tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('[[rule]]\nmatch = ["Foo"]\n', encoding="utf-8")
    with pytest.raises(datafile.DataError, match=r"mine\.toml: rule\[0\]: missing key 'replace'"):
        load_pack(datafile.read(bad, "mine.toml"))
    bad.write_text('[[rule]]\npattern = "(unclosed"\nreplace = "x"\n', encoding="utf-8")
    with pytest.raises(datafile.DataError, match=r"rule\[0\]\.pattern: bad regular expression"):
        load_pack(datafile.read(bad, "mine.toml"))
    bad.write_text('[[residue]]\ngroup = "x"\nlines = "not a list"\n', encoding="utf-8")
    with pytest.raises(datafile.DataError, match=r"residue\[0\]\.lines: expected a list of strings"):
        load_groups(datafile.read(bad, "mine.toml"))


def test_readme_rule_table_is_generated(capsys):
    from pathlib import Path

    from auditor.cli import main

    assert main(["rules", "--format", "markdown"]) == 0
    table = capsys.readouterr().out.strip()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rules:start", 1)[1].split("-->", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert block.strip() == table
