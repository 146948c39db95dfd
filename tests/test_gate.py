"""The CI gate: exit codes, thresholds, selection, bad input, config errors,
suppression and baselines, through main(argv) -> int."""
from __future__ import annotations

import json

import pytest

from auditor.cli import main

WARN_ONLY = "Officials in Kiev met on Monday.\n"  # one AUD301 warning
WITH_ERROR = "Talks went on.\n\nSource link\n"  # one AUD401 error


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(capsys):
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("fail_on,expected", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_thresholds_with_a_warning(folder, fail_on, expected):
    (folder / "a.txt").write_text(WARN_ONLY, encoding="utf-8")
    assert main(["check", "a.txt", "--fail-on", fail_on, "--format", "json"]) == expected


def test_exit_codes(folder, capsys):
    (folder / "clean.txt").write_text("Officials in Kyiv met.\n", encoding="utf-8")
    (folder / "err.txt").write_text(WITH_ERROR, encoding="utf-8")
    assert main(["check", "clean.txt"]) == 0
    assert main(["check", "err.txt"]) == 1
    assert main(["check", "err.txt", "--fail-on", "never"]) == 0
    assert main(["check", "clean.txt", "--no-such-option"]) == 2
    assert main(["check", "clean.txt", "--select", "XYZ"]) == 2
    assert main(["check", "clean.txt", "--fail-on", "sometimes"]) == 2
    assert main(["rules", "AUD999"]) == 2


def test_select_and_ignore_by_prefix(folder, capsys):
    (folder / "a.txt").write_text(WARN_ONLY + WITH_ERROR, encoding="utf-8")
    main(["check", "a.txt", "--format", "json", "--select", "AUD4"])
    assert {f["code"] for f in findings(capsys)["findings"]} == {"AUD401"}
    main(["check", "a.txt", "--format", "json", "--ignore", "AUD401"])
    assert {f["code"] for f in findings(capsys)["findings"]} == {"AUD301"}
    main(["check", "a.txt", "--format", "json", "--select", "AUD3,AUD4", "--ignore", "AUD40"])
    assert {f["code"] for f in findings(capsys)["findings"]} == {"AUD301"}


def test_bad_input_is_reported_and_the_batch_goes_on(folder, capsys):
    (folder / "good.txt").write_text(WARN_ONLY, encoding="utf-8")
    (folder / "also-good.md").write_text("Shelling hit Kharkov.\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (folder / "latin1.txt").write_bytes("The café in Kiev reopened.\n".encode("latin-1"))
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")  # unreadable, even as root
    code = main(["check", ".", "--format", "json"])
    data = findings(capsys)
    assert code == 1  # a file that was not audited fails the gate
    problems = {p["path"]: p for p in data["problems"]}
    assert problems["binary.txt"]["kind"] == "binary"
    assert problems["latin1.txt"]["kind"] == "encoding" and "0xe9" in problems["latin1.txt"]["detail"]
    assert problems["dangling.txt"]["kind"] == "unreadable"
    assert sorted({f["path"] for f in data["findings"]}) == ["also-good.md", "good.txt"]
    assert data["summary"]["files"] == 2
    assert main(["check", ".", "--format", "json", "--fail-on", "never"]) == 0
    capsys.readouterr()
    main(["check", "latin1.txt", "--format", "json", "--encoding", "latin-1"])
    data = findings(capsys)
    assert not data["problems"] and [f["text"] for f in data["findings"]] == ["Kiev"]


def test_missing_path_is_reported(folder, capsys):
    assert main(["check", "nope.txt", "--format", "json"]) == 1
    assert findings(capsys)["problems"] == [{"path": "nope.txt", "kind": "missing",
                                             "detail": "no such file or folder"}]


def test_include_exclude_and_output(folder, capsys):
    (folder / "keep.md").write_text(WARN_ONLY, encoding="utf-8")
    (folder / "skip.txt").write_text(WARN_ONLY, encoding="utf-8")
    (folder / "notes.csv").write_text(WARN_ONLY, encoding="utf-8")
    main(["check", ".", "--exclude", "skip.*", "--format", "json", "-o", "out.json"])
    assert capsys.readouterr().out == ""
    data = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in data["findings"]] == ["keep.md"]
    main(["check", ".", "--include", "*.csv", "--format", "json"])
    assert [f["path"] for f in findings(capsys)["findings"]] == ["notes.csv"]


def test_output_is_the_same_for_any_worker_count(folder, capsys):
    for i in range(24):
        (folder / f"a{i:02}.txt").write_text(f"Report {i} from Kiev.\n\nShare this:\n" * (i % 3 + 1),
                                             encoding="utf-8")
    main(["check", ".", "--format", "json", "--workers", "1"])
    one = capsys.readouterr().out
    main(["check", ".", "--format", "json", "--workers", "2"])
    two = capsys.readouterr().out
    assert one == two and json.loads(one)["summary"]["findings"] == 24 * 4


def test_baseline_round_trip(folder, capsys):
    art = folder / "a.txt"
    art.write_text("Kiev.\nSource link\n", encoding="utf-8")
    assert main(["check", "a.txt", "--write-baseline", "base.json", "--format", "json"]) == 1
    capsys.readouterr()
    assert main(["check", "a.txt", "--baseline", "base.json", "--format", "json"]) == 0
    assert findings(capsys)["findings"] == []
    art.write_text("New line first.\nKiev.\nKharkov too.\n", encoding="utf-8")  # lines moved
    main(["check", "a.txt", "--baseline", "base.json", "--format", "json"])
    data = findings(capsys)
    assert [f["text"] for f in data["findings"]] == ["Kharkov"]
    assert [u["what"] for u in data["unused_suppressions"]] == ["baseline base.json: AUD401 'Source link' x1"]
    (folder / "bad.json").write_text("{not json", encoding="utf-8")
    assert main(["check", "a.txt", "--baseline", "bad.json"]) == 2


def _as_page(body: str) -> str:
    paras = "".join(line if line.startswith("<!--") else f"<p>{line}</p>" for line in body.splitlines())
    return f"<html><body><article>{paras}</article></body></html>"


@pytest.mark.parametrize("suffix,wrap", [(".md", lambda body: body), (".html", _as_page)])
def test_inline_suppression(folder, capsys, suffix, wrap):
    body = "\n".join([
        "Kiev first.",
        "<!-- auditor: disable=AUD301 -->",
        "Kiev inside.",
        "Source link",
        "<!-- auditor: enable -->",
        "Kharkov after.",
        "<!-- auditor: disable=AUD402 -->",
        "Nothing to hide.",
        "<!-- auditor: enable -->",
    ])
    (folder / f"a{suffix}").write_text(wrap(body), encoding="utf-8")
    main(["check", f"a{suffix}", "--format", "json"])
    data = findings(capsys)
    assert [f["text"] for f in data["findings"]] == ["Kiev", "Source link", "Kharkov"]
    assert [u["what"] for u in data["unused_suppressions"]] == ["disable=AUD402"]


def test_comments_do_not_suppress_in_plain_text(folder, capsys):
    (folder / "a.txt").write_text("<!-- auditor: disable -->\nKiev.\n", encoding="utf-8")
    main(["check", "a.txt", "--format", "json"])
    assert [f["text"] for f in findings(capsys)["findings"]] == ["Kiev"]


def test_rules_command(capsys):
    from auditor.rules import RULES

    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(code in out for code in RULES)
    assert main(["rules", "aud301"]) == 0
    assert "Kyiv" in capsys.readouterr().out


def test_eval_command(folder, capsys):
    (folder / "arts").mkdir()
    text = "Officials in Kiev met.\nSource link\n"
    (folder / "arts" / "one.txt").write_text(text, encoding="utf-8")
    (folder / "arts" / "clean.txt").write_text("Officials in Kyiv met.\n", encoding="utf-8")
    s = text.index("Kiev")
    gold = [{"file": "one.txt", "start": s, "end": s + 4, "text": "Kiev", "kind": "style", "correct": ["Kyiv"]},
            {"file": "one.txt", "start": 0, "end": 9, "text": "Officials", "kind": "calque", "correct": []}]
    (folder / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    assert main(["eval", "arts", "--gold", "gold.jsonl", "--format", "json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["overall"]["precision"] == 0.5  # the residue finding has no gold item
    assert res["overall"]["recall"] == 0.5  # the calque item is missed
    assert res["per_kind"]["style"]["correction_accuracy"] == 1.0
    assert res["clean_articles"] == 1 and res["false_alarms_per_clean_article"] == 0.0
    (folder / "gold.jsonl").write_text('{"file": "one.txt"}\n', encoding="utf-8")
    assert main(["eval", "arts", "--gold", "gold.jsonl"]) == 2
