"""Inline suppression: `<!-- auditor: disable=CODES -->` ... `<!-- auditor: enable -->`
in Markdown and HTML; plain text has no comment syntax."""
from __future__ import annotations

import json

import pytest

from auditor.cli import main


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def as_md(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def as_html(lines: list[str]) -> str:
    """One source line per input line, so line numbers match the Markdown version."""
    body = [line if line.startswith("<!--") else f"<p>{line}</p>" for line in lines]
    return "\n".join(["<html><body><article>", *body, "</article></body></html>"]) + "\n"


FORMATS = [pytest.param(".md", as_md, 1, id="md"), pytest.param(".html", as_html, 2, id="html")]


def audit(cwd, capsys, suffix, text, *args):
    (cwd / f"story{suffix}").write_text(text, encoding="utf-8")
    capsys.readouterr()
    code = main(["check", f"story{suffix}", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def code_lines(report):
    return [(f["code"], f["line"]) for f in report["findings"]]


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_region_hides_only_its_codes(cwd, capsys, suffix, wrap, first):
    lines = [
        "Officials in Kiev met on Monday.",  # +0 reported: before the region
        "<!-- auditor: disable=AUD301 -->",  # +1
        "Sirens sounded in Kiev again.",  # +2 hidden
        "Source link",  # +3 AUD401 inside: reported
        "The mayor said the шахта would reopen.",  # +4 AUD402 inside: reported
        "<!-- auditor: enable -->",  # +5
        "Shelling hit Kharkov overnight.",  # +6 reported: after the region
    ]
    _, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code_lines(report) == [("AUD301", first), ("AUD401", first + 3), ("AUD402", first + 4),
                                  ("AUD301", first + 6)]
    assert [f["text"] for f in report["findings"] if f["code"] == "AUD301"] == ["Kiev", "Kharkov"]
    assert report["unused_suppressions"] == []


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_disable_without_codes_hides_everything_inside(cwd, capsys, suffix, wrap, first):
    lines = [
        "Officials in Kiev met on Monday.",
        "<!-- auditor: disable -->",
        "Sirens sounded in Kiev again.",
        "Source link",
        "The mayor said the шахта would reopen.",
        "<!-- auditor: enable -->",
        "Source link",
    ]
    code, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code_lines(report) == [("AUD301", first), ("AUD401", first + 6)]
    assert report["unused_suppressions"] == []
    assert code == 1  # the AUD401 error after the region still fails the gate


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_a_region_that_hides_nothing_is_reported_unused(cwd, capsys, suffix, wrap, first):
    lines = [
        "Officials in Kiev met on Monday.",
        "<!-- auditor: disable=AUD402 -->",  # nothing of that code inside
        "Sirens sounded in Kyiv again.",
        "<!-- auditor: enable -->",
        "<!-- auditor: disable=AUD301 -->",  # used
        "Shelling hit Kharkov overnight.",
        "<!-- auditor: enable -->",
        "<!-- auditor: disable -->",  # nothing at all inside
        "Rescuers worked through the night.",
        "<!-- auditor: enable -->",
    ]
    _, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code_lines(report) == [("AUD301", first)]
    unused = [(u["path"], u["line"], u["column"], u["what"]) for u in report["unused_suppressions"]]
    assert unused == [(f"story{suffix}", first + 1, 1, "disable=AUD402"), (f"story{suffix}", first + 7, 1, "disable")]


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_a_region_without_enable_runs_to_the_end(cwd, capsys, suffix, wrap, first):
    lines = ["Officials in Kiev met on Monday.", "<!-- auditor: disable=AUD301 -->",
             "Sirens sounded in Kiev again.", "Shelling hit Kharkov overnight."]
    _, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code_lines(report) == [("AUD301", first)]


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_codes_are_prefixes_lists_and_any_case(cwd, capsys, suffix, wrap, first):
    inside = ["Sirens sounded in Kiev again.", "Source link", "The mayor said the шахта would reopen."]
    cases = {
        "AUD4": [("AUD301", first + 1)],
        "aud301, AUD402": [("AUD401", first + 2)],
        "AUD301,AUD401,AUD402": [],
        "AUD40": [("AUD301", first + 1)],
    }
    for codes, expected in cases.items():
        lines = [f"<!-- auditor: disable={codes} -->", *inside, "<!-- auditor: enable -->"]
        _, report = audit(cwd, capsys, suffix, wrap(lines))
        assert code_lines(report) == expected, codes
        assert report["unused_suppressions"] == []


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_enable_with_a_code_ends_only_that_region(cwd, capsys, suffix, wrap, first):
    lines = [
        "<!-- auditor: disable=AUD301 -->",
        "<!-- auditor: disable=AUD401 -->",
        "Sirens sounded in Kiev again.",  # hidden
        "Source link",  # hidden
        "<!-- auditor: enable=AUD301 -->",
        "Shelling hit Kharkov overnight.",  # reported
        "Source link",  # still hidden
        "<!-- auditor: enable -->",
        "Source link",  # reported
    ]
    _, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code_lines(report) == [("AUD301", first + 5), ("AUD401", first + 8)]


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_suppressed_findings_do_not_fail_the_gate(cwd, capsys, suffix, wrap, first):
    lines = ["Rescuers worked through the night.", "<!-- auditor: disable=AUD401 -->", "Source link",
             "<!-- auditor: enable -->"]
    code, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code == 0 and report["findings"] == []


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_other_comments_are_not_directives(cwd, capsys, suffix, wrap, first):
    lines = ["<!-- editor: check the spelling of Kiev -->", "<!-- auditor disable -->",
             "<!-- auditor: disabled -->", "Sirens sounded in Kiev again."]
    _, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code_lines(report) == [("AUD301", first + 3)]
    assert report["unused_suppressions"] == []


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_a_malformed_code_list_hides_nothing_and_says_so(cwd, capsys, suffix, wrap, first):
    lines = ["<!-- auditor: disable=AUD301 AUD401 -->", "Sirens sounded in Kiev again.", "Source link"]
    _, report = audit(cwd, capsys, suffix, wrap(lines))
    assert code_lines(report) == [("AUD301", first + 1), ("AUD401", first + 2)]
    assert [u["line"] for u in report["unused_suppressions"]] == [first]


@pytest.mark.parametrize("suffix,wrap,first", FORMATS)
def test_suppressed_findings_stay_out_of_a_written_baseline(cwd, capsys, suffix, wrap, first):
    lines = ["Officials in Kiev met on Monday.", "<!-- auditor: disable -->", "Shelling hit Kharkov overnight.",
             "<!-- auditor: enable -->"]
    audit(cwd, capsys, suffix, wrap(lines), "--write-baseline", "base.json")
    base = json.loads((cwd / "base.json").read_text(encoding="utf-8"))
    assert [e["text"] for e in base["findings"]] == ["Kiev"]


def test_plain_text_has_no_comment_syntax(cwd, capsys):
    lines = ["<!-- auditor: disable -->", "Sirens sounded in Kiev again.", "Source link",
             "<!-- auditor: enable -->"]
    code, report = audit(cwd, capsys, ".txt", as_md(lines))
    assert code_lines(report) == [("AUD301", 2), ("AUD401", 3)]
    assert report["unused_suppressions"] == []  # not a directive, so not an unused one either
    assert code == 1


def test_a_directive_inside_a_code_block_is_not_obeyed(cwd, capsys):
    text = ("To silence the tool, editors write:\n\n```\n<!-- auditor: disable -->\n```\n\n"
            "Sirens sounded in Kiev again.\n")
    _, report = audit(cwd, capsys, ".md", text)
    assert [f["text"] for f in report["findings"]] == ["Kiev"]
