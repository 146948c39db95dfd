"""`auditor score`: BLEU, chrF and TER of a translation against a reference (sacrebleu).

Both files hold one segment a line, aligned.  With `after_fix`, the hypothesis
is also scored after `auditor fix` (line breaks kept), to show how far the
corrections move it toward the reference.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

METRICS = ("BLEU", "chrF", "TER")


class ScoreError(Exception):
    pass


@dataclass(frozen=True)
class Scores:
    bleu: float
    chrf: float
    ter: float
    signatures: dict  # metric name -> sacrebleu signature

    def as_dict(self) -> dict:
        return {"BLEU": self.bleu, "chrF": self.chrf, "TER": self.ter, "signatures": dict(self.signatures)}


def read_lines(path: str, encoding: str = "utf-8") -> list[str]:
    try:
        with open(path, encoding=encoding, newline="") as fh:
            text = fh.read()
    except OSError as exc:
        raise ScoreError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ScoreError(f"{path}: not valid {encoding}: {exc.reason} at byte {exc.start}") from None
    return split_lines(text)


def split_lines(text: str) -> list[str]:
    """Segments split at line breaks only (not at the other characters
    str.splitlines takes, such as form feeds), a final break ending the last."""
    lines = re.split(r"\r\n|\n|\r", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def score(hyps: list[str], refs: list[str]) -> Scores:
    from sacrebleu.metrics import BLEU, CHRF, TER

    if len(hyps) != len(refs):
        raise ScoreError(f"the hypothesis has {len(hyps)} lines but the reference {len(refs)}; "
                         "they must be aligned, one segment a line")
    out, sigs = {}, {}
    for name, metric in (("BLEU", BLEU()), ("chrF", CHRF()), ("TER", TER())):
        out[name] = metric.corpus_score(hyps, [refs]).score
        sigs[name] = str(metric.get_signature())
    return Scores(out["BLEU"], out["chrF"], out["TER"], sigs)


def render(rows: list[tuple[str, Scores]]) -> str:
    """A table of scores, one row a variant, then the signatures once."""
    lines = [f"{'':<10} {'BLEU':>7} {'chrF':>7} {'TER':>7}"]
    for label, s in rows:
        lines.append(f"{label:<10} {s.bleu:7.2f} {s.chrf:7.2f} {s.ter:7.2f}")
    if len(rows) == 2:
        a, b = rows[0][1], rows[1][1]
        lines.append(f"{'change':<10} {b.bleu - a.bleu:+7.2f} {b.chrf - a.chrf:+7.2f} {b.ter - a.ter:+7.2f}")
    for name in METRICS:
        lines.append(f"{name} signature: {rows[0][1].signatures[name]}")
    return "\n".join(lines) + "\n"
