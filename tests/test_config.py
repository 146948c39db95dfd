"""Config discovery and validation: a bad config exits 2 naming the file and key."""
from __future__ import annotations

import json

import pytest

from auditor.cli import main


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Officials in Kiev met.\n“We hold Kiev,” he said.\n", encoding="utf-8")
    return tmp_path


def codes_and_texts(capsys):
    return [(f["code"], f["text"]) for f in json.loads(capsys.readouterr().out)["findings"]]


@pytest.mark.parametrize("body,key", [
    ("colour = true", "unknown key 'colour'"),
    ("[style]\nskip_quote = true", "style: unknown key 'skip_quote'"),
    ('fail_on = "sometimes"', "fail_on"),
    ("workers = -1", "workers"),
    ('select = ["XYZ"]', "select"),
    ('[severity]\nAUD301 = "fatal"', "severity.AUD301"),
    ('[severity]\nAUD999 = "error"', "severity.AUD999"),
    ('[style]\nskip_quotes = "yes"', "style.skip_quotes"),
    ('encoding = "klingon"', "encoding"),
    ("select = [", "not valid TOML"),
])
def test_bad_config_names_file_and_key(here, capsys, body, key):
    (here / "auditor.toml").write_text(body + "\n", encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    err = capsys.readouterr().err
    assert "auditor.toml" in err and key in err


def test_pyproject_section_is_discovered_from_a_subfolder(here, capsys):
    (here / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.auditor]\nfail_on = "warning"\n',
                                         encoding="utf-8")
    (here / "sub").mkdir()
    (here / "sub" / "b.txt").write_text("Kiev.\n", encoding="utf-8")
    assert main(["check", "a.txt"]) == 1  # the warning now fails the gate
    (here / "pyproject.toml").write_text('[tool.auditor]\nfail_on = "loud"\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    assert "[tool.auditor]" in capsys.readouterr().err


def test_style_settings(here, capsys):
    (here / "auditor.toml").write_text("[style]\nskip_quotes = true\n", encoding="utf-8")
    main(["check", "a.txt", "--format", "json"])
    assert codes_and_texts(capsys) == [("AUD301", "Kiev")]  # the quoted one is left alone
    (here / "auditor.toml").write_text("[style]\npacks = []\n", encoding="utf-8")
    main(["check", "a.txt", "--format", "json"])
    assert codes_and_texts(capsys) == []


def test_custom_style_file_relative_to_config(here, capsys):
    (here / "conf").mkdir()
    (here / "conf" / "mine.toml").write_text('[[rule]]\nmatch = ["met"]\nreplace = "gathered"\n',
                                             encoding="utf-8")
    (here / "conf" / "auditor.toml").write_text('[style]\npacks = []\nfiles = ["mine.toml"]\n', encoding="utf-8")
    main(["check", "a.txt", "--format", "json", "--config", "conf/auditor.toml"])
    assert codes_and_texts(capsys) == [("AUD301", "met")]
    (here / "conf" / "mine.toml").write_text('[[rule]]\nmatch = ["met"]\n', encoding="utf-8")
    assert main(["check", "a.txt", "--config", "conf/auditor.toml"]) == 2
    err = capsys.readouterr().err
    assert "mine.toml" in err and "rule[0]" in err and "replace" in err


def test_severity_override_and_per_file_ignores(here, capsys):
    (here / "drafts").mkdir()
    (here / "drafts" / "d.txt").write_text("Kiev.\n", encoding="utf-8")
    (here / "auditor.toml").write_text('[severity]\nAUD301 = "error"\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 1
    (here / "auditor.toml").write_text('[per_file_ignores]\n"drafts/*" = ["AUD3"]\n', encoding="utf-8")
    capsys.readouterr()
    main(["check", ".", "--format", "json"])
    assert {f["path"] for f in json.loads(capsys.readouterr().out)["findings"]} == {"a.txt"}
