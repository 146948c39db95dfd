"""`auditor score`: sacrebleu BLEU/chrF/TER, before and after `auditor fix`."""
from __future__ import annotations

import json

import pytest

from auditor.cli import main
from auditor.score import score, split_lines


@pytest.fixture
def pair(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("Officials in Kiev said the talks went well.\nSource link\nThe vote was held on Sunday.\n",
                   encoding="utf-8")
    ref.write_text("Officials in Kyiv said the talks went well.\n\nThe vote was held on Sunday.\n",
                   encoding="utf-8")
    return hyp, ref


def test_scores_with_signatures(pair, capsys):
    hyp, ref = pair
    assert main(["score", str(hyp), "--ref", str(ref)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["BLEU", "chrF", "TER"]
    assert "BLEU signature: nrefs:1|case:mixed|eff:no|tok:13a" in out
    assert "TER signature: nrefs:1|case:lc|tok:tercom" in out
    assert "chrF signature: nrefs:1|case:mixed|eff:yes|nc:6|nw:0" in out


def test_after_fix_moves_toward_the_reference(pair, capsys):
    hyp, ref = pair
    assert main(["score", str(hyp), "--ref", str(ref), "--after-fix", "--no-model", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["edits"] == 2
    assert data["after fix"]["TER"] < data["before"]["TER"]
    assert data["after fix"]["chrF"] > data["before"]["chrF"]
    assert data["after fix"]["TER"] == 0.0
    assert hyp.read_text(encoding="utf-8").startswith("Officials in Kiev")  # scoring never writes


def test_misaligned_files_are_a_usage_error(pair, capsys):
    hyp, ref = pair
    ref.write_text("one line\n", encoding="utf-8")
    assert main(["score", str(hyp), "--ref", str(ref)]) == 2
    assert "the hypothesis has 3 lines but the reference 1" in capsys.readouterr().err


def test_unreadable_reference_is_a_usage_error(pair, capsys):
    hyp, _ref = pair
    assert main(["score", str(hyp), "--ref", "missing.txt"]) == 2
    assert "missing.txt: cannot read" in capsys.readouterr().err


def test_lines_split_at_line_breaks_only():
    assert split_lines("a\fb\r\nc\rd\n") == ["a\fb", "c", "d"]
    assert split_lines("a\n\nb") == ["a", "", "b"]


def test_identical_text_scores_perfectly():
    s = score(["The vote was held on Sunday."], ["The vote was held on Sunday."])
    assert (round(s.bleu), round(s.chrf), s.ter) == (100, 100, 0.0)
