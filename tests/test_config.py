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
    ("include = 3", "include"),
    ("exclude = [1]", "exclude"),
    ('ignore = ["AUD9"]', "ignore"),
    ("workers = true", "workers"),
    ("workers = 1.5", "workers"),
    ('severity = "error"', "severity"),
    ("[severity]\nAUD301 = 3", "severity.AUD301"),
    ('[per_file_ignores]\n"drafts/*" = ["NOPE"]', "per_file_ignores"),
    ("[boilerplate]\nlanguages = []", "boilerplate: unknown key 'languages'"),
    ("style = true", "style"),
    ("[style]\npacks = 1", "style.packs"),
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


# ---- discovery -----------------------------------------------------------------
KIEV = "Officials in Kiev met on Monday.\n"


def _exit_with(cwd, body, name="auditor.toml", target="a.txt"):
    (cwd / name).write_text(body, encoding="utf-8")
    return main(["check", target])


def test_auditor_toml_is_discovered_from_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(KIEV, encoding="utf-8")
    assert main(["check", "a.txt"]) == 0  # a warning: below the default gate
    assert _exit_with(tmp_path, 'fail_on = "warning"\n') == 1


def test_pyproject_section_is_discovered_from_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(KIEV, encoding="utf-8")
    assert _exit_with(tmp_path, '[project]\nname = "news"\n\n[tool.auditor]\nfail_on = "warning"\n',
                      name="pyproject.toml") == 1


@pytest.mark.parametrize("name,body", [
    ("auditor.toml", 'fail_on = "warning"\n'),
    ("pyproject.toml", '[tool.auditor]\nfail_on = "warning"\n'),
])
def test_config_is_discovered_from_a_subfolder(tmp_path, monkeypatch, name, body):
    (tmp_path / name).write_text(body, encoding="utf-8")
    sub = tmp_path / "desk" / "today"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text(KIEV, encoding="utf-8")
    monkeypatch.chdir(sub)
    assert main(["check", "a.txt"]) == 1


def test_auditor_toml_beats_pyproject_in_the_same_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(KIEV, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\nfail_on = "warning"\n', encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('fail_on = "error"\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 0


def test_pyproject_without_the_section_is_passed_over(tmp_path, monkeypatch):
    (tmp_path / "auditor.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "pyproject.toml").write_text('[project]\nname = "news"\n', encoding="utf-8")
    (proj / "a.txt").write_text(KIEV, encoding="utf-8")
    monkeypatch.chdir(proj)
    assert main(["check", "a.txt"]) == 1  # the parent's auditor.toml applies


def test_auditor_toml_may_use_the_tool_auditor_table(here):
    (here / "auditor.toml").write_text('[tool.auditor]\nfail_on = "warning"\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 1


def test_explicit_config_beats_discovery(here):
    (here / "auditor.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    (here / "other.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 1
    assert main(["check", "a.txt", "--config", "other.toml"]) == 0


def test_bad_pyproject_section_names_the_file_and_key(here, capsys):
    (here / "pyproject.toml").write_text('[tool.auditor]\nworkers = -1\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "workers" in err


def test_invalid_toml_given_with_config_names_the_file(here, capsys):
    (here / "conf.toml").write_text("fail_on = 'warning\n", encoding="utf-8")
    assert main(["check", "a.txt", "--config", "conf.toml"]) == 2
    assert "conf.toml" in capsys.readouterr().err


def test_tool_auditor_that_is_not_a_table(here, capsys):
    (here / "pyproject.toml").write_text("[tool]\nauditor = 1\n", encoding="utf-8")
    assert main(["check", "a.txt"]) == 2


# ---- style files ---------------------------------------------------------------------
def test_custom_style_file_adds_to_the_default_pack(here, capsys):
    (here / "b.txt").write_text("Officials in Kiev and across Kyiv Oblast met.\n", encoding="utf-8")
    (here / "house.toml").write_text('[[rule]]\nmatch = ["Kyiv Oblast"]\nreplace = "Kyiv region"\n',
                                     encoding="utf-8")
    (here / "auditor.toml").write_text('[style]\nfiles = ["house.toml"]\n', encoding="utf-8")
    main(["check", "b.txt", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["text"], f["suggestions"][0]["replacement"]) for f in found] == [
        ("Kiev", "Kyiv"), ("Kyiv Oblast", "Kyiv region")]


def test_style_file_path_is_relative_to_the_config_not_the_cwd(tmp_path, monkeypatch, capsys):
    conf = tmp_path / "newsroom"
    (conf / "style").mkdir(parents=True)
    (conf / "style" / "house.toml").write_text('[[rule]]\nmatch = ["Kyiv Oblast"]\nreplace = "Kyiv region"\n',
                                               encoding="utf-8")
    (conf / "auditor.toml").write_text('[style]\npacks = []\nfiles = ["style/house.toml"]\n', encoding="utf-8")
    desk = conf / "desk"
    desk.mkdir()
    (desk / "b.txt").write_text("Officials in Kiev and across Kyiv Oblast met.\n", encoding="utf-8")
    monkeypatch.chdir(desk)
    main(["check", "b.txt", "--format", "json"])
    assert codes_and_texts(capsys) == [("AUD301", "Kyiv Oblast")]


@pytest.mark.parametrize("body,where", [
    ('[[rule]]\nmatch = ["Kyiv Oblast"]\n', "rule[0]"),
    ('[[rule]]\nmatch = ["a"]\nreplace = "b"\n[[rule]]\nreplace = "c"\n', "rule[1]"),
    ('[[rule]]\npattern = "(unclosed"\nreplace = "x"\n', "rule[0]"),
    ('[[rule]]\nmatch = ["a"]\nreplace = 5\n', "rule[0]"),
    ('[[rule]]\nmatch = ["a"]\nreplace = "b"\ncolour = "red"\n', "rule[0]"),
    ("title = 'no rules here'\n", "rule"),
    ("[[rule]\n", "house.toml"),
])
def test_malformed_style_file_exits_2_naming_file_and_rule(here, capsys, body, where):
    (here / "house.toml").write_text(body, encoding="utf-8")
    (here / "auditor.toml").write_text('[style]\nfiles = ["house.toml"]\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    err = capsys.readouterr().err
    assert "house.toml" in err and where in err


def test_missing_style_file_or_pack_exits_2(here, capsys):
    (here / "auditor.toml").write_text('[style]\nfiles = ["gone.toml"]\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    assert "gone.toml" in capsys.readouterr().err
    (here / "auditor.toml").write_text('[style]\npacks = ["en-mars"]\n', encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    assert "en-mars" in capsys.readouterr().err


def test_skip_quotes_only_spares_quoted_text(here, capsys):
    text = "“Kiev will stand,” the mayor said on a visit to Kiev.\n"
    inside, outside = text.index("Kiev"), text.rindex("Kiev")
    (here / "q.txt").write_text(text, encoding="utf-8")
    main(["check", "q.txt", "--format", "json"])
    assert [f["start"] for f in json.loads(capsys.readouterr().out)["findings"]] == [inside, outside]
    (here / "auditor.toml").write_text("[style]\nskip_quotes = true\n", encoding="utf-8")
    main(["check", "q.txt", "--format", "json"])
    assert [(f["text"], f["start"]) for f in json.loads(capsys.readouterr().out)["findings"]] == [("Kiev", outside)]


def test_packs_off_leaves_other_rules_on(here, capsys):
    (here / "b.txt").write_text("Officials in Kiev met.\n\nSource link\n", encoding="utf-8")
    (here / "auditor.toml").write_text("[style]\npacks = []\n", encoding="utf-8")
    assert main(["check", "b.txt", "--format", "json"]) == 1
    assert [c for c, _ in codes_and_texts(capsys)] == ["AUD401"]


# ---- severity and per-file ignores ---------------------------------------------------
def test_severity_override_changes_the_report_and_the_exit_code(here, capsys):
    (here / "k.txt").write_text(KIEV, encoding="utf-8")
    assert main(["check", "k.txt"]) == 0
    capsys.readouterr()
    (here / "auditor.toml").write_text('[severity]\naud301 = "error"\n', encoding="utf-8")
    assert main(["check", "k.txt", "--format", "json"]) == 1
    assert [f["severity"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["error"]
    (here / "auditor.toml").write_text('[severity]\nAUD401 = "info"\n', encoding="utf-8")
    (here / "r.txt").write_text("Rescuers worked on.\n\nSource link\n", encoding="utf-8")
    assert main(["check", "r.txt"]) == 0


def test_per_file_ignores_only_drop_the_listed_codes_for_matching_files(here, capsys):
    (here / "drafts").mkdir()
    (here / "drafts" / "d.txt").write_text("Kiev.\n\nSource link\n", encoding="utf-8")
    (here / "final").mkdir()
    (here / "final" / "f.txt").write_text("Kiev.\n", encoding="utf-8")
    (here / "auditor.toml").write_text('[per_file_ignores]\n"drafts/*" = ["AUD3"]\n', encoding="utf-8")
    main(["check", ".", "--format", "json"])
    found = {(f["path"], f["code"]) for f in json.loads(capsys.readouterr().out)["findings"]}
    assert found == {("a.txt", "AUD301"), ("drafts/d.txt", "AUD401"), ("final/f.txt", "AUD301")}
