"""`auditor fix`: the edit planner, safe writing, and the command."""
from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from auditor import fix as fixmod
from auditor.checks.base import match_case
from auditor.cli import main
from auditor.config import Config
from auditor.finding import Finding, Position, Severity, Suggestion
from auditor.fix import apply, fix_report, plan, write_all
from auditor.loaders import from_text
from auditor.pipeline import run

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "seeds" / "000_77e07ece4414ba92.txt"
NO_MODEL = dataclasses.replace(Config(), workers=1,
                               calques=dataclasses.replace(Config().calques, no_model=True))


def finding(text: str, start: int, end: int, replacement: str, confidence: float, code="AUD301",
            kind="style") -> Finding:
    return Finding(code, kind, Severity.WARNING, "a.txt", start, end, Position(1, start + 1),
                   Position(1, end + 1), text[start:end], "msg", (Suggestion(replacement, confidence),))


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no project config in effect
    return tmp_path


def fix_cli(*args: str) -> int:
    return main(["fix", "--no-model", "--workers", "1", *args])


# ---- the planner -------------------------------------------------------------
@pytest.mark.parametrize("old,new,expected", [
    ("kiev", "Kyiv", "Kyiv"),
    ("Kiev", "Kyiv", "Kyiv"),
    ("KIEV", "Kyiv", "KYIV"),
    ("Novel", "version", "Version"),
    ("novel", "version", "version"),
    ("French", "AFP", "AFP"),
    ("sector", "Strip", "Strip"),
    ("NOVEL", "version", "VERSION"),
    ("A", "the", "The"),
])
def test_case_is_carried_over(old, new, expected):
    assert match_case(old, new) == expected


def test_overlapping_findings_give_one_edit_the_surer_one():
    text = "Officials in the Kiev region said."
    doc = from_text("a.txt", text)
    s = text.index("Kiev")
    narrow = finding(text, s, s + 4, "Kyiv", 0.95)
    wide = finding(text, s, s + len("Kiev region"), "Kyiv Oblast", 0.6, code="AUD201", kind="translit_place")
    edits, skipped = plan(doc, [wide, narrow], 0.5)
    assert [(e.old, e.new) for e in edits] == [("Kiev", "Kyiv")]
    assert [k.finding for k in skipped] == [wide] and "overlaps" in skipped[0].reason
    assert apply(text, edits) == "Officials in the Kyiv region said."


def test_two_rules_with_the_same_edit_give_it_once():
    text = "Shelling near Kiev."
    doc = from_text("a.txt", text)
    s = text.index("Kiev")
    edits, skipped = plan(doc, [finding(text, s, s + 4, "Kyiv", 0.9),
                                finding(text, s, s + 4, "Kyiv", 0.8, code="AUD202", kind="translit_place")], 0.5)
    assert len(edits) == 1 and not skipped


def test_a_suggestion_below_the_threshold_is_left_for_an_editor():
    text = "Shelling near Kiev."
    s = text.index("Kiev")
    edits, skipped = plan(from_text("a.txt", text), [finding(text, s, s + 4, "Kyiv", 0.4)], 0.5)
    assert edits == [] and "below" in skipped[0].reason


def test_apply_refuses_edits_that_do_not_fit():
    with pytest.raises(ValueError):
        apply("abc", [fixmod.Edit(0, 1, "x", "y", "AUD301", 1.0)])


# ---- the command ---------------------------------------------------------------
def test_diff_shows_the_corrections_and_writes_nothing(here, capsys):
    art = here / "a.txt"
    body = "Officials in Kiev said the shelling stopped.\nSource link\nLeave a Reply\n"
    art.write_text(body, encoding="utf-8")
    assert fix_cli(str(art), "--diff") == 1  # something to fix
    out = capsys.readouterr().out
    assert "-Officials in Kiev said" in out and "+Officials in Kyiv said" in out
    assert "-Source link" in out and "-Leave a Reply" in out
    assert art.read_text(encoding="utf-8") == body
    assert not (here / "a.txt.orig").exists()


def test_write_applies_keeps_a_backup_and_is_idempotent(here, capsys):
    art = here / "a.txt"
    body = "Officials in Kiev said the shelling stopped.\nSource link\nThe Kiev city council met.\n"
    art.write_text(body, encoding="utf-8")
    assert fix_cli(str(art), "--write") == 0
    fixed = art.read_text(encoding="utf-8")
    assert fixed == "Officials in Kyiv said the shelling stopped.\nThe Kyiv city council met.\n"
    assert (here / "a.txt.orig").read_text(encoding="utf-8") == body
    capsys.readouterr()
    assert fix_cli(str(art), "--write") == 0  # nothing left to do: no change, no second backup
    assert art.read_text(encoding="utf-8") == fixed
    assert not (here / "a.txt.orig.1").exists()
    assert fix_cli(str(art), "--diff") == 0
    assert capsys.readouterr().out == ""


def test_an_older_backup_is_never_overwritten(here):
    art = here / "a.txt"
    (here / "a.txt.orig").write_text("older backup\n", encoding="utf-8")
    art.write_text("Officials in Kiev said.\n", encoding="utf-8")
    assert fix_cli(str(art), "--write") == 0
    assert (here / "a.txt.orig").read_text(encoding="utf-8") == "older backup\n"
    assert (here / "a.txt.orig.1").read_text(encoding="utf-8") == "Officials in Kiev said.\n"


def test_no_backup(here):
    art = here / "a.txt"
    art.write_text("Officials in Kiev said.\n", encoding="utf-8")
    assert fix_cli(str(art), "--write", "--no-backup") == 0
    assert art.read_text(encoding="utf-8") == "Officials in Kyiv said.\n"
    assert sorted(p.name for p in here.iterdir()) == ["a.txt"]


def test_line_endings_bom_and_mode_are_kept(here):
    art = here / "a.txt"
    art.write_bytes("\ufeffOfficials in Kiev said.\r\nSource link\r\nEnd of report.\r\n".encode())
    art.chmod(0o640)
    assert fix_cli(str(art), "--write") == 0
    assert art.read_bytes() == "\ufeffOfficials in Kyiv said.\r\nEnd of report.\r\n".encode()
    assert art.stat().st_mode & 0o777 == 0o640


def test_select_and_min_confidence_choose_what_is_applied(here):
    art = here / "a.txt"
    art.write_text("Officials in Kiev said.\nSource link\n", encoding="utf-8")
    assert fix_cli(str(art), "--write", "--select", "AUD4") == 0
    assert art.read_text(encoding="utf-8") == "Officials in Kiev said.\n"
    assert fix_cli(str(art), "--write", "--min-confidence", "0.99") == 0
    assert art.read_text(encoding="utf-8") == "Officials in Kiev said.\n"
    assert fix_cli(str(art), "--write", "--ignore", "AUD4") == 0
    assert art.read_text(encoding="utf-8") == "Officials in Kyiv said.\n"


def test_markdown_markup_is_untouched(here):
    art = here / "a.md"
    art.write_text("# News from Kiev\n\nOfficials in **Kiev** said, see [Kiev city hall](https://kiev.example/Kiev)."
                   "\n\n**Source link**\n\nEnd.\n", encoding="utf-8")
    assert fix_cli(str(art), "--write", "--no-backup") == 0
    assert art.read_text(encoding="utf-8") == (
        "# News from Kyiv\n\nOfficials in **Kyiv** said, see [Kyiv city hall](https://kiev.example/Kiev)."
        "\n\nEnd.\n")


@pytest.mark.parametrize("before, after", [
    ("A said.\n\nSource link\n\nB said.\n", "A said.\n\nB said.\n"),  # a paragraph of its own
    ("A said.\r\n\r\nSource link\r\n\r\nB said.\r\n", "A said.\r\n\r\nB said.\r\n"),
    ("A said.\n\nSource link\n", "A said.\n"),  # the last paragraph
    ("A said.\n\nSource link", "A said.\n"),
    ("Source link\n\nB said.\n", "B said.\n"),  # the first
    ("A said.\n\nSource link\n\nLeave a Reply\n\nB said.\n", "A said.\n\nB said.\n"),  # several
    ("A said.\n\nSource link\n\nLeave a Reply\n", "A said.\n"),
    ("Source link\n\nLeave a Reply\n\nB said.\n", "\nB said.\n"),  # two at the top: one blank line stays
    ("A said.\nSource link\nB said.\n", "A said.\nB said.\n"),  # a line inside a paragraph
    ("A said.\n\nSource link\nB said.\n", "A said.\n\nB said.\n"),
])
def test_a_deleted_line_leaves_no_run_of_blank_lines(here, before, after):
    art = here / "a.txt"
    art.write_bytes(before.encode())
    assert fix_cli(str(art), "--write", "--no-backup", "--select", "AUD4") == 0
    assert art.read_bytes() == after.encode()


def test_html_markup_is_untouched(here):
    art = here / "a.html"
    art.write_text('<html><body><article><p>Officials in <b>Kiev</b> said.</p>'
                   '<p><a href="https://kiev.example/Kiev" title="Kiev">Kiev news</a></p>'
                   '<p>Shelling near Ki<i>ev</i>.</p><p>Source link</p></article></body></html>\n',
                   encoding="utf-8")
    assert fix_cli(str(art), "--write", "--no-backup") == 0
    assert art.read_text(encoding="utf-8") == (
        '<html><body><article><p>Officials in <b>Kyiv</b> said.</p>'
        '<p><a href="https://kiev.example/Kiev" title="Kiev">Kyiv news</a></p>'
        '<p>Shelling near Ki<i>ev</i>.</p><p></p></article></body></html>\n')


def test_a_file_changed_under_us_is_left_alone(here):
    art = here / "a.txt"
    art.write_text("Officials in Kiev said.\n", encoding="utf-8")
    report = run([str(art)], NO_MODEL, progress=False, keep_sources=True)
    fixes = fix_report(report, 0.5)
    art.write_text("An editor rewrote this meanwhile. Kiev.\n", encoding="utf-8")
    write_all(fixes, "utf-8", backup=True)
    assert "changed on disk" in fixes[0].error
    assert art.read_text(encoding="utf-8") == "An editor rewrote this meanwhile. Kiev.\n"
    assert sorted(p.name for p in here.iterdir()) == ["a.txt"]


def test_a_failed_write_loses_nothing_and_leaves_no_litter(here, monkeypatch, capsys):
    art = here / "a.txt"
    other = here / "b.txt"
    art.write_text("Officials in Kiev said.\n", encoding="utf-8")
    other.write_text("Shelling near Kiev.\n", encoding="utf-8")
    real_replace = os.replace

    def refuse(src, dst):
        if str(dst).endswith("a.txt"):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(fixmod.os, "replace", refuse)
    assert fix_cli(str(here), "--write") == 1
    err = capsys.readouterr().err
    assert "a.txt: not fixed: cannot write it: Permission denied" in err
    assert art.read_text(encoding="utf-8") == "Officials in Kiev said.\n"
    assert other.read_text(encoding="utf-8") == "Shelling near Kyiv.\n"  # the rest of the batch goes on
    assert sorted(p.name for p in here.iterdir()) == ["a.txt", "b.txt", "b.txt.orig"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only folder")
def test_a_read_only_folder_is_reported(here, capsys):
    d = here / "ro"
    d.mkdir()
    art = d / "a.txt"
    art.write_text("Officials in Kiev said.\n", encoding="utf-8")
    d.chmod(0o500)
    try:
        assert fix_cli(str(art), "--write") == 1
        assert "not fixed" in capsys.readouterr().err
        assert art.read_text(encoding="utf-8") == "Officials in Kiev said.\n"
    finally:
        d.chmod(0o700)


def test_a_bad_file_is_reported_and_the_rest_fixed(here, capsys):
    (here / "bad.txt").write_bytes(b"\x00\x01binary")
    good = here / "good.txt"
    good.write_text("Officials in Kiev said.\n", encoding="utf-8")
    assert fix_cli(str(here), "--write", "--no-backup") == 1
    assert "bad.txt: not audited (binary)" in capsys.readouterr().err
    assert good.read_text(encoding="utf-8") == "Officials in Kyiv said.\n"


def test_bad_config_value_names_file_and_key(here, capsys):
    (here / "auditor.toml").write_text("[fix]\nmin_confidence = 2\n", encoding="utf-8")
    (here / "a.txt").write_text("Kiev.\n", encoding="utf-8")
    assert fix_cli("a.txt") == 2
    assert "auditor.toml: fix.min_confidence: expected a number between 0 and 1" in capsys.readouterr().err


# ---- acceptance: the seed article --------------------------------------------------
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is absent")
def test_seed_fix(here, capsys):
    art = here / SEED.name
    shutil.copy(SEED, art)
    assert main(["fix", str(art), "--diff", "--workers", "1"]) == 1
    diff = capsys.readouterr().out
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    for old, new in [("Gregoron", "Graivoron"), ("novel", "version"), ("Malyar", "Maliar"), ("Hana", "Hanna"),
                     ("French", "AFP"), ("system", "regime"), ("Kiev", "Kyiv")]:
        assert any(old in line for line in removed), old
        assert any(new in line for line in added), new
    report = run([str(art)], Config().with_options(workers=1), progress=False, keep_sources=True)
    edits = {(e.old.strip(), e.new) for fx in fix_report(report, 0.5) for e in fx.edits}
    assert edits == {("Kiev", "Kyiv"), ("Gregoron", "Graivoron"), ("novel", "version"), ("Malyar", "Maliar"),
                     ("Hana", "Hanna"), ("Andrei", "Andriy"), ("French", "AFP"), ("system", "regime"),
                     ("Source link", ""), ("Leave a Reply", ""),
                     ("Your email address will not be published. Required fields are marked *", "")}
    assert main(["fix", str(art), "--write", "--workers", "1"]) == 0
    after = run([str(art)], Config().with_options(workers=1), progress=False)
    left = {(f.kind, f.text) for f in after.findings}
    assert not left & {("translit_place", "Gregoron"), ("calque", "novel"), ("inconsistent", "Malyar"),
                       ("translit_person", "Hana"), ("calque", "French"), ("calque", "system"),
                       ("style", "Kiev")}
    assert after.findings == []
