"""The command line through main(argv) -> int: exit codes, thresholds, selection,
output, discovery globs, `rules`, worker determinism, baselines and `eval`."""
from __future__ import annotations

import json

import pytest

from auditor.cli import main
from auditor.rules import RULES

KIEV = "Officials in Kiev met on Monday.\n"  # one AUD301 warning, nothing else
RESIDUE = "Rescuers worked through the night.\n\nSource link\n"  # one AUD401 error
CYRILLIC = "The mayor said the шахта would reopen next month.\n"  # one AUD402 warning
CLEAN = "Officials in Kyiv met on Monday.\n"


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check_json(capsys, *args):
    """Run `auditor check ... --format json`; -> (exit code, parsed report)."""
    capsys.readouterr()
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def codes(report):
    return sorted(f["code"] for f in report["findings"])


# ---- exit codes --------------------------------------------------------------
def test_clean_file_exits_0(cwd, capsys):
    write(cwd / "clean.txt", CLEAN)
    code, report = check_json(capsys, "clean.txt")
    assert code == 0
    assert report["findings"] == [] and report["problems"] == []
    assert report["summary"]["files"] == 1


def test_error_finding_exits_1(cwd, capsys):
    write(cwd / "err.txt", RESIDUE)
    code, report = check_json(capsys, "err.txt")
    assert code == 1
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [("AUD401", "error")]


def test_text_format_gives_the_same_exit_code(cwd, capsys):
    write(cwd / "err.txt", RESIDUE)
    write(cwd / "clean.txt", CLEAN)
    assert main(["check", "err.txt"]) == 1
    assert main(["check", "clean.txt"]) == 0
    assert main(["check", "err.txt", "--format", "sarif"]) == 1
    assert main(["check", "err.txt", "--format", "github"]) == 1


@pytest.mark.parametrize("extra", [
    ["--no-such-option"],
    ["--select", "XYZ"],
    ["--select", "AUD9"],
    ["--select", "AUD301,NOPE"],
    ["--ignore", "XYZ"],
    ["--fail-on", "sometimes"],
    ["--format", "yaml"],
    ["--workers", "-1"],
    ["--workers", "two"],
    ["--config", "missing.toml"],
    ["--config", "broken.toml"],
    ["--config", "unknown-key.toml"],
    ["--baseline", "missing.json"],
])
def test_usage_and_config_errors_exit_2(cwd, capsys, extra):
    write(cwd / "err.txt", RESIDUE)  # would exit 1 if it were audited
    write(cwd / "broken.toml", "select = [\n")
    write(cwd / "unknown-key.toml", "colour = true\n")
    assert main(["check", "err.txt", *extra]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip()  # says what was wrong
    assert "AUD401" not in captured.out  # nothing was audited


def test_missing_arguments_exit_2(cwd):
    assert main(["check"]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["eval", "."]) == 2  # --gold is required


def test_version_exits_0(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip()


# ---- --fail-on ---------------------------------------------------------------
@pytest.mark.parametrize("fail_on,expected", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_with_a_single_warning(cwd, capsys, fail_on, expected):
    write(cwd / "a.txt", KIEV)
    code, report = check_json(capsys, "a.txt", "--fail-on", fail_on)
    assert code == expected
    assert [(f["code"], f["severity"], f["text"]) for f in report["findings"]] == [("AUD301", "warning", "Kiev")]


def test_default_fail_on_is_error(cwd, capsys):
    write(cwd / "a.txt", KIEV)
    assert main(["check", "a.txt"]) == 0


@pytest.mark.parametrize("fail_on,expected", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_with_an_error(cwd, capsys, fail_on, expected):
    write(cwd / "a.txt", RESIDUE)
    assert main(["check", "a.txt", "--fail-on", fail_on]) == expected


@pytest.mark.parametrize("fail_on,expected", [("error", 0), ("warning", 0), ("info", 1), ("never", 0)])
def test_fail_on_with_an_info_finding(cwd, capsys, fail_on, expected):
    write(cwd / "auditor.toml", '[severity]\nAUD301 = "info"\n')
    write(cwd / "a.txt", KIEV)
    code, report = check_json(capsys, "a.txt", "--fail-on", fail_on)
    assert code == expected
    assert [f["severity"] for f in report["findings"]] == ["info"]


def test_command_line_fail_on_beats_the_config(cwd):
    write(cwd / "auditor.toml", 'fail_on = "warning"\n')
    write(cwd / "a.txt", KIEV)
    assert main(["check", "a.txt"]) == 1
    assert main(["check", "a.txt", "--fail-on", "error"]) == 0


# ---- --select / --ignore -----------------------------------------------------
@pytest.mark.parametrize("args,expected", [
    ([], ["AUD301", "AUD401", "AUD402"]),
    (["--select", "AUD4"], ["AUD401", "AUD402"]),
    (["--select", "aud3"], ["AUD301"]),
    (["--select", "AUD301,AUD402"], ["AUD301", "AUD402"]),
    (["--select", "AUD301", "--select", "AUD401"], ["AUD301", "AUD401"]),
    (["--select", "ALL"], ["AUD301", "AUD401", "AUD402"]),
    (["--ignore", "AUD4"], ["AUD301"]),
    (["--ignore", "AUD40"], ["AUD301"]),
    (["--ignore", "AUD401"], ["AUD301", "AUD402"]),
    (["--select", "AUD4", "--ignore", "AUD402"], ["AUD401"]),
    (["--select", "AUD402", "--ignore", "AUD4"], ["AUD402"]),  # the longer prefix wins
    (["--ignore", "ALL"], []),
])
def test_select_and_ignore_by_prefix(cwd, capsys, args, expected):
    write(cwd / "a.txt", KIEV + CYRILLIC + RESIDUE)
    _, report = check_json(capsys, "a.txt", *args)
    assert codes(report) == expected


def test_selection_changes_the_exit_code(cwd):
    write(cwd / "a.txt", KIEV + RESIDUE)
    assert main(["check", "a.txt"]) == 1
    assert main(["check", "a.txt", "--ignore", "AUD401"]) == 0
    assert main(["check", "a.txt", "--select", "AUD3", "--fail-on", "warning"]) == 1


def test_empty_select_is_a_usage_error(cwd):
    write(cwd / "a.txt", RESIDUE)
    assert main(["check", "a.txt", "--select", ","]) == 2


# ---- --output ----------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_output_writes_the_report_to_a_file(cwd, capsys, fmt):
    write(cwd / "a.txt", KIEV + RESIDUE)
    assert main(["check", "a.txt", "--format", fmt]) == 1
    on_stdout = capsys.readouterr().out
    assert main(["check", "a.txt", "--format", fmt, "--output", "report.out"]) == 1
    assert capsys.readouterr().out == ""
    assert (cwd / "report.out").read_text(encoding="utf-8") == on_stdout


def test_output_short_option_and_overwrite(cwd, capsys):
    write(cwd / "a.txt", KIEV)
    write(cwd / "out.json", "old content")
    assert main(["check", "a.txt", "--format", "json", "-o", "out.json"]) == 0
    data = json.loads((cwd / "out.json").read_text(encoding="utf-8"))
    assert [f["text"] for f in data["findings"]] == ["Kiev"]


def test_output_into_a_missing_folder_is_a_usage_error(cwd):
    write(cwd / "a.txt", KIEV)
    assert main(["check", "a.txt", "--output", "no-such-dir/report.txt"]) == 2


# ---- --include / --exclude ---------------------------------------------------
@pytest.fixture
def tree(cwd):
    for rel in ("a.txt", "b.md", "c.html", "notes.csv", "sub/d.txt", "drafts/e.txt", "drafts/deep/f.md",
                ".hidden/g.txt", "node_modules/h.txt"):
        body = f"<p>{KIEV}</p>" if rel.endswith(".html") else KIEV
        write(cwd / "site" / rel, body)
    return cwd / "site"


def audited(report):
    return sorted({f["path"] for f in report["findings"]})


def test_folder_walk_defaults(tree, capsys):
    _, report = check_json(capsys, "site")
    assert audited(report) == ["site/a.txt", "site/b.md", "site/c.html", "site/drafts/deep/f.md",
                               "site/drafts/e.txt", "site/sub/d.txt"]
    assert report["summary"]["files"] == 6


@pytest.mark.parametrize("args,expected", [
    (["--include", "*.md"], ["site/b.md", "site/drafts/deep/f.md"]),
    (["--include", "*.csv"], ["site/notes.csv"]),
    (["--include", "*.md", "--include", "*.csv"], ["site/b.md", "site/drafts/deep/f.md", "site/notes.csv"]),
    (["--include", "sub/*"], ["site/sub/d.txt"]),
    (["--exclude", "*.md"], ["site/a.txt", "site/c.html", "site/drafts/e.txt", "site/sub/d.txt"]),
    (["--exclude", "drafts/*"], ["site/a.txt", "site/b.md", "site/c.html", "site/sub/d.txt"]),
    (["--exclude", "a.txt", "--exclude", "c.*"], ["site/b.md", "site/drafts/deep/f.md", "site/drafts/e.txt",
                                                  "site/sub/d.txt"]),
    (["--include", "*.txt", "--exclude", "drafts/*"], ["site/a.txt", "site/sub/d.txt"]),
])
def test_include_and_exclude_globs(tree, capsys, args, expected):
    _, report = check_json(capsys, "site", *args)
    assert audited(report) == expected
    assert report["summary"]["files"] == len(expected)


def test_a_file_named_on_the_command_line_is_always_audited(tree, capsys):
    _, report = check_json(capsys, "site/notes.csv", "site/b.md", "--exclude", "*.md")
    assert audited(report) == ["site/b.md", "site/notes.csv"]


def test_a_file_named_twice_is_audited_once(tree, capsys):
    _, report = check_json(capsys, "site/a.txt", "site", "site/a.txt")
    assert [f["path"] for f in report["findings"]].count("site/a.txt") == 1


# ---- rules -------------------------------------------------------------------
def test_rules_lists_every_code(capsys):
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(line.split()[0] for line in lines if line.strip()) == sorted(RULES)


def test_rules_markdown_has_a_row_per_code(capsys):
    assert main(["rules", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    for code in RULES:
        assert f"| {code} |" in out


@pytest.mark.parametrize("code", sorted(RULES))
def test_rules_explains_one(capsys, code):
    assert main(["rules", code.lower()]) == 0
    out = capsys.readouterr().out
    rule = RULES[code]
    assert out.startswith(code) and rule.name in out
    assert all(code_ not in out for code_ in RULES if code_ != code)


def test_rules_aud301_shows_its_examples(capsys):
    assert main(["rules", "AUD301"]) == 0
    out = capsys.readouterr().out
    for example in RULES["AUD301"].flags + RULES["AUD301"].passes:
        assert " ".join(example.split()) in out


@pytest.mark.parametrize("code", ["AUD999", "XYZ", "AUD30"])
def test_rules_unknown_code_exits_2(capsys, code):
    assert main(["rules", code]) == 2
    assert code in capsys.readouterr().err


# ---- determinism over workers ------------------------------------------------
def test_worker_count_does_not_change_the_report(cwd, capsys):
    bodies = [
        KIEV, RESIDUE, CYRILLIC, CLEAN, KIEV + RESIDUE,
        "Shelling hit Kharkov overnight.\n\nShare this:\n",
        "Ships left Odessa at dawn.\nOfficials in Kiev confirmed it.\n",
        "The delegation arrived in Куiv on Tuesday.\n",
    ]
    for i in range(12):
        suffix = (".txt", ".md", ".html")[i % 3]
        body = bodies[i % len(bodies)] * (i % 2 + 1)
        if suffix == ".html":
            body = "".join(f"<p>{line}</p>\n" for line in body.splitlines() if line)
        write(cwd / "batch" / f"{chr(ord('l') - i)}{i:02}{suffix}", body)
    write(cwd / "batch" / "z-notes.md", "<!-- auditor: disable=AUD404 -->\nCalm day in Kyiv.\n")  # unused
    (cwd / "batch" / "zz-binary.txt").write_bytes(b"\x00\x01binary")  # a problem
    runs = {}
    for workers in ("1", "2", "0"):
        code, report = check_json(capsys, "batch", "--workers", workers)
        runs[workers] = (code, json.dumps(report, sort_keys=False))
    assert runs["1"] == runs["2"] == runs["0"]
    code, report = check_json(capsys, "batch", "--workers", "2")
    assert report["summary"]["files"] == 13 and report["summary"]["not_audited"] == 1
    assert report["summary"]["findings"] > 12
    paths = [f["path"] for f in report["findings"]]
    assert paths == sorted(paths)  # in file order, not completion order
    assert len(report["unused_suppressions"]) == 1


# ---- baseline ----------------------------------------------------------------
ARTICLE = [
    "Officials in Kiev met on Monday.",
    "Source link",
    "Ships left Odessa at dawn.",
    "Rescuers worked through the night.",
]


def test_baseline_round_trip(cwd, capsys):
    art = write(cwd / "a.txt", "\n".join(ARTICLE) + "\n")
    code, report = check_json(capsys, "a.txt", "--write-baseline", "base.json")
    assert code == 1  # the report itself is unchanged: the error is still there
    assert codes(report) == ["AUD301", "AUD301", "AUD401"]
    base = json.loads((cwd / "base.json").read_text(encoding="utf-8"))
    assert sorted((e["path"], e["code"], e["text"], e["count"]) for e in base["findings"]) == [
        ("a.txt", "AUD301", "Kiev", 1), ("a.txt", "AUD301", "Odessa", 1), ("a.txt", "AUD401", "Source link", 1)]

    code, report = check_json(capsys, "a.txt", "--baseline", "base.json")
    assert code == 0
    assert report["findings"] == [] and report["unused_suppressions"] == []

    # a new finding (and the old ones moved down a line): only the new one shows
    art.write_text("Shelling hit Kharkov overnight.\n" + "\n".join(ARTICLE) + "\n", encoding="utf-8")
    code, report = check_json(capsys, "a.txt", "--baseline", "base.json", "--fail-on", "warning")
    assert code == 1
    assert [(f["code"], f["text"], f["line"]) for f in report["findings"]] == [("AUD301", "Kharkov", 1)]
    assert report["unused_suppressions"] == []

    # a baselined line is gone: its entry is reported as unused
    art.write_text("\n".join(line for line in ARTICLE if line != "Source link") + "\n", encoding="utf-8")
    code, report = check_json(capsys, "a.txt", "--baseline", "base.json")
    assert code == 0 and report["findings"] == []
    (unused,) = report["unused_suppressions"]
    assert unused["path"] == "a.txt"
    assert "AUD401" in unused["what"] and "Source link" in unused["what"] and "base.json" in unused["what"]


def test_baseline_counts_repeats(cwd, capsys):
    art = write(cwd / "a.txt", KIEV * 2)
    main(["check", "a.txt", "--write-baseline", "base.json"])
    art.write_text(KIEV * 3, encoding="utf-8")
    _, report = check_json(capsys, "a.txt", "--baseline", "base.json")
    assert [f["text"] for f in report["findings"]] == ["Kiev"]  # one more than recorded


def test_write_baseline_ignores_a_baseline_in_effect(cwd, capsys):
    write(cwd / "a.txt", KIEV + RESIDUE)
    main(["check", "a.txt", "--write-baseline", "old.json"])
    write(cwd / "auditor.toml", 'baseline = "old.json"\n')
    code, report = check_json(capsys, "a.txt")
    assert code == 0 and report["findings"] == []  # the config's baseline applies
    main(["check", "a.txt", "--write-baseline", "new.json"])
    new = json.loads((cwd / "new.json").read_text(encoding="utf-8"))
    assert len(new["findings"]) == 2  # recorded everything, not what the old baseline left


def test_baseline_keeps_folders_apart(cwd, capsys):
    write(cwd / "x" / "a.txt", KIEV)
    write(cwd / "y" / "a.txt", KIEV)
    main(["check", "x", "--write-baseline", "base.json"])
    _, report = check_json(capsys, "x", "y", "--baseline", "base.json")
    assert [f["path"] for f in report["findings"]] == ["y/a.txt"]


@pytest.mark.parametrize("content", ["{not json", "[]", '{"version": 99, "findings": []}',
                                     '{"version": 1, "findings": [{"path": "a.txt"}]}'])
def test_a_bad_baseline_exits_2(cwd, capsys, content):
    write(cwd / "a.txt", KIEV)
    write(cwd / "base.json", content)
    assert main(["check", "a.txt", "--baseline", "base.json"]) == 2
    assert "base.json" in capsys.readouterr().err


# ---- eval --------------------------------------------------------------------
ONE = "Officials in Kiev met on Monday.\n\nSource link\n"
TWO = "Shelling hit Kharkov overnight.\nShips left Odessa at dawn.\n"


def _gold(file, text, snippet, kind, correct=()):
    s = text.index(snippet)
    return {"file": file, "start": s, "end": s + len(snippet), "text": snippet, "kind": kind,
            "correct": list(correct)}


@pytest.fixture
def eval_set(cwd):
    write(cwd / "arts" / "one.txt", ONE)
    write(cwd / "arts" / "two.txt", TWO)
    write(cwd / "arts" / "clean.txt", CLEAN)
    gold = [
        _gold("one.txt", ONE, "Kiev", "style", ["Kyiv"]),  # found, corrected
        _gold("one.txt", ONE, "Source link", "boilerplate"),  # found
        _gold("two.txt", TWO, "Kharkov", "style", ["Charkiw"]),  # found, correction differs
        _gold("two.txt", TWO, "Shelling hit", "calque", ["Shelling struck"]),  # missed
        # Odessa has no gold line: a false alarm
    ]
    write(cwd / "gold.jsonl", "".join(json.dumps(g) + "\n" for g in gold))
    return cwd


def test_eval_scores(eval_set, capsys):
    assert main(["eval", "arts", "--gold", "gold.jsonl", "--format", "json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["articles"] == 3 and res["clean_articles"] == 1
    assert res["false_alarms_per_clean_article"] == 0.0
    overall = res["overall"]
    assert (overall["findings"], overall["gold"]) == (4, 4)
    assert overall["precision"] == pytest.approx(0.75)
    assert overall["recall"] == pytest.approx(0.75)
    assert overall["f1"] == pytest.approx(0.75)
    assert (overall["correctable"], overall["corrected"]) == (2, 1)
    style = res["per_kind"]["style"]
    assert style["precision"] == pytest.approx(2 / 3) and style["recall"] == 1.0
    assert style["correction_accuracy"] == 0.5
    assert res["per_kind"]["boilerplate"]["precision"] == 1.0
    calque = res["per_kind"]["calque"]
    assert calque["recall"] == 0.0 and calque["precision"] is None


def test_eval_with_select(eval_set, capsys):
    assert main(["eval", "arts", "--gold", "gold.jsonl", "--format", "json", "--select", "AUD4"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["overall"]["findings"] == 1 and res["overall"]["precision"] == 1.0
    assert res["overall"]["recall"] == pytest.approx(0.25)


def test_eval_text_format(eval_set, capsys):
    assert main(["eval", "arts", "--gold", "gold.jsonl", "--details"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "Odessa" in out and "Shelling hit" in out


def test_eval_counts_false_alarms_on_clean_articles(eval_set, capsys):
    write(eval_set / "arts" / "three.txt", KIEV)  # no gold: a clean article with a false alarm
    main(["eval", "arts", "--gold", "gold.jsonl", "--format", "json"])
    res = json.loads(capsys.readouterr().out)
    assert res["clean_articles"] == 2 and res["false_alarms_per_clean_article"] == 0.5


@pytest.mark.parametrize("line", [
    "not json",
    '{"file": "one.txt"}',
    '{"file": "one.txt", "start": 0, "end": 4}',
    '{"file": "one.txt", "start": "zero", "end": 4, "kind": "style"}',
    '{"file": "one.txt", "start": 0, "end": 4, "kind": "spelling"}',
    "[1, 2]",
])
def test_eval_malformed_gold_line_exits_2(eval_set, capsys, line):
    with (eval_set / "gold.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    assert main(["eval", "arts", "--gold", "gold.jsonl", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "gold.jsonl:5" in captured.err  # names the file and the line


def test_eval_missing_inputs_exit_2(eval_set):
    assert main(["eval", "no-such-dir", "--gold", "gold.jsonl"]) == 2
    assert main(["eval", "arts", "--gold", "no-such.jsonl"]) == 2


def test_eval_gold_correct_must_be_a_list(eval_set, capsys):
    write(eval_set / "gold.jsonl", json.dumps({**_gold("one.txt", ONE, "Kiev", "style"), "correct": "Kyiv"}) + "\n")
    assert main(["eval", "arts", "--gold", "gold.jsonl", "--format", "json"]) == 2


def test_eval_gold_not_utf8_exits_2(eval_set):
    (eval_set / "gold.jsonl").write_bytes('{"file": "one.txt", "text": "café"}\n'.encode("latin-1"))
    assert main(["eval", "arts", "--gold", "gold.jsonl"]) == 2
