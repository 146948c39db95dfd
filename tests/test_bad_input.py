"""Files that cannot be audited are reported as problems; the rest of the batch
is still audited, and a file not audited makes the exit code 1."""
from __future__ import annotations

import json
import os

import pytest

from auditor.cli import main

LATIN1_TEXT = "The café in Kiev reopened on Friday.\n"
GOOD_TXT = "Officials in Kiev met on Monday.\n"  # AUD301 warning
GOOD_MD = "# Night raid\n\nShelling hit Kharkov overnight.\n\nSource link\n"  # AUD301 + AUD401
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def batch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "batch"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (d / "good.md").write_text(GOOD_MD, encoding="utf-8")
    (d / "binary.txt").write_bytes(b"Kiev\x00\x01\x02\xff\xfe binary payload")
    (d / "latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (d / "broken.txt").symlink_to(d / "does-not-exist.txt")  # an OSError on read, even for root
    return d


def check_json(capsys, *args):
    capsys.readouterr()
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_each_bad_file_is_a_problem_of_its_kind(batch, capsys):
    code, report = check_json(capsys, "batch")
    problems = {p["path"]: p for p in report["problems"]}
    assert {path: p["kind"] for path, p in problems.items()} == {
        "batch/binary.txt": "binary",
        "batch/broken.txt": "unreadable",
        "batch/latin1.txt": "encoding",
    }
    assert all(p["detail"] for p in problems.values())
    assert report["summary"]["not_audited"] == 3
    assert code == 1


def test_encoding_problem_names_the_byte_and_offset(batch, capsys):
    _, report = check_json(capsys, "batch/latin1.txt")
    (problem,) = report["problems"]
    offset = LATIN1_TEXT.encode("latin-1").index(b"\xe9")
    assert problem["kind"] == "encoding"
    assert "0xe9" in problem["detail"].lower()
    assert f"offset {offset}" in problem["detail"]


def test_good_files_are_still_audited(batch, capsys):
    _, report = check_json(capsys, "batch")
    assert report["summary"]["files"] == 2
    found = sorted((f["path"], f["code"], f["text"]) for f in report["findings"])
    assert found == [("batch/good.md", "AUD301", "Kharkov"), ("batch/good.md", "AUD401", "Source link"),
                     ("batch/good.txt", "AUD301", "Kiev")]


def test_a_file_not_audited_fails_the_gate(batch, capsys):
    for name in ("good.md",):  # leave only warnings, which do not fail the default gate
        (batch / name).unlink()
    code, report = check_json(capsys, "batch")
    assert {f["severity"] for f in report["findings"]} == {"warning"}
    assert code == 1  # only because of the problems
    assert main(["check", "batch", "--fail-on", "never"]) == 0
    (batch / "binary.txt").unlink()
    (batch / "latin1.txt").unlink()
    (batch / "broken.txt").unlink()
    assert main(["check", "batch"]) == 0


@pytest.mark.parametrize("name", ["binary.txt", "latin1.txt", "broken.txt"])
def test_one_bad_file_alone_exits_1(batch, capsys, name):
    code, report = check_json(capsys, f"batch/{name}")
    assert code == 1
    assert report["findings"] == [] and report["summary"]["files"] == 0
    assert [p["path"] for p in report["problems"]] == [f"batch/{name}"]


def test_explicit_broken_symlink_is_unreadable_not_missing(batch, capsys):
    _, report = check_json(capsys, "batch/broken.txt")
    assert [p["kind"] for p in report["problems"]] == ["unreadable"]


@pytest.mark.skipif(IS_ROOT, reason="root can read a file whatever its mode")
def test_permission_denied_is_unreadable(batch, capsys):
    locked = batch / "locked.txt"
    locked.write_text(GOOD_TXT, encoding="utf-8")
    locked.chmod(0)
    try:
        code, report = check_json(capsys, "batch")
    finally:
        locked.chmod(0o644)
    assert {p["path"]: p["kind"] for p in report["problems"]}["batch/locked.txt"] == "unreadable"
    assert code == 1


@pytest.mark.parametrize("encoding", ["latin-1", "latin1", "cp1252", "iso-8859-1"])
def test_encoding_option_audits_the_latin1_file(batch, capsys, encoding):
    code, report = check_json(capsys, "batch/latin1.txt", "--encoding", encoding)
    assert report["problems"] == []
    (finding,) = report["findings"]
    assert (finding["code"], finding["text"]) == ("AUD301", "Kiev")
    assert finding["start"] == LATIN1_TEXT.index("Kiev")  # offsets into the decoded text
    assert code == 0


def test_encoding_from_the_config(batch, capsys):
    (batch.parent / "auditor.toml").write_text('encoding = "latin-1"\n', encoding="utf-8")
    _, report = check_json(capsys, "batch/latin1.txt")
    assert report["problems"] == [] and [f["text"] for f in report["findings"]] == ["Kiev"]


def test_missing_path_is_reported(batch, capsys):
    code, report = check_json(capsys, "batch/good.txt", "batch/nope.txt", "no-such-folder")
    assert code == 1
    assert {p["path"]: p["kind"] for p in report["problems"]} == {"batch/nope.txt": "missing",
                                                                  "no-such-folder": "missing"}
    assert [f["path"] for f in report["findings"]] == ["batch/good.txt"]  # the good one is still audited


def test_problems_are_listed_in_every_format(batch, capsys):
    for fmt in ("text", "sarif", "github"):
        capsys.readouterr()
        assert main(["check", "batch", "--format", fmt]) == 1
        out = capsys.readouterr().out
        for name in ("binary.txt", "latin1.txt", "broken.txt"):
            assert name in out, (fmt, name)


def test_a_folder_named_like_a_file_is_walked(batch, capsys):
    (batch / "folder.txt").mkdir()
    (batch / "folder.txt" / "inner.txt").write_text(GOOD_TXT, encoding="utf-8")
    code, report = check_json(capsys, "batch/folder.txt")
    assert report["problems"] == [] and [f["path"] for f in report["findings"]] == ["batch/folder.txt/inner.txt"]


def test_empty_and_bom_files_are_audited(batch, capsys):
    (batch / "empty.txt").write_bytes(b"")
    (batch / "bom.txt").write_bytes(b"\xef\xbb\xbf" + GOOD_TXT.encode("utf-8"))
    _, report = check_json(capsys, "batch/empty.txt", "batch/bom.txt")
    assert report["problems"] == [] and report["summary"]["files"] == 2
    assert ("batch/bom.txt", "AUD301", "Kiev") in {(f["path"], f["code"], f["text"]) for f in report["findings"]}
    assert "batch/empty.txt" not in {f["path"] for f in report["findings"]}


def test_a_utf8_bom_draws_no_finding(batch, capsys):
    (batch / "bom.txt").write_bytes(b"\xef\xbb\xbf" + GOOD_TXT.encode("utf-8"))
    _, report = check_json(capsys, "batch/bom.txt")
    assert [(f["code"], f["text"]) for f in report["findings"]] == [("AUD301", "Kiev")]


def test_utf16_file_with_encoding_option(batch, capsys):
    (batch / "wide.txt").write_bytes(GOOD_TXT.encode("utf-16"))
    _, report = check_json(capsys, "batch/wide.txt", "--encoding", "utf-16")
    assert report["problems"] == [] and [f["text"] for f in report["findings"]] == ["Kiev"]


def test_unknown_encoding_option_is_a_usage_error(batch, capsys):
    assert main(["check", "batch/good.txt", "--encoding", "klingon"]) == 2
