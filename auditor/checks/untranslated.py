"""Text the translation left behind: other scripts, look-alike letters, mojibake."""
from __future__ import annotations

import re
import unicodedata

from .base import Check, emit

# letters of scripts that should not stand unglossed in English text
_FOREIGN = (
    "\u0370-\u03ff\u1f00-\u1fff"  # Greek
    "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"  # Cyrillic
    "\u0530-\u058f"  # Armenian
    "\u0590-\u05ff\ufb1d-\ufb4f"  # Hebrew
    "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe"  # Arabic
    "\u0900-\u0dff"  # Indic
    "\u0e00-\u0e7f"  # Thai
    "\u10a0-\u10ff"  # Georgian
    "\u1100-\u11ff\uac00-\ud7af"  # Hangul
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"  # Kana, CJK
)
_RUN = re.compile(
    rf"[{_FOREIGN}][{_FOREIGN}\u0300-\u036f\u064b-\u065f]*"
    rf"(?:[ \t'’\-.,]+[{_FOREIGN}][{_FOREIGN}\u0300-\u036f\u064b-\u065f]*)*"
)
_WORD = re.compile(r"\w+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Cyrillic and Greek letters that look like Latin ones
_CONFUSABLE = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ї": "ï", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ѵ": "v",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
})
# characters that UTF-8 bytes turn into when decoded as cp1252 or Latin-1
_MOJI_CHARS = (
    "\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026"
    "\u2030\u2039\u203a\u20ac\u2122"
)
_MOJI_RUN = re.compile(rf"[{_MOJI_CHARS}]{{2,}}(?:[ \u00a0]?[{_MOJI_CHARS}]{{2,}})*")


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    word = name.split(" ", 1)[0] if name else "unknown"
    return {"CJK": "Chinese", "HIRAGANA": "Japanese", "KATAKANA": "Japanese"}.get(word, word.title())


def _to_bytes(s: str) -> bytes | None:
    out = bytearray()
    for ch in s:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def _recover(run: str) -> list[tuple[int, int, str]]:
    """Pieces of `run` that are UTF-8 read as cp1252: [(start, end, decoded)].

    Each character of the run stands for one byte; scan for valid multi-byte
    UTF-8 sequences and join neighbouring ones into pieces."""
    data = _to_bytes(run)
    if data is None or len(data) != len(run):
        return []
    pieces: list[tuple[int, int, str]] = []
    i, n = 0, len(data)
    cur_start, cur = -1, []
    while i < n:
        lead = data[i]
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
        ch = None
        if size and i + size <= n:
            try:
                ch = data[i:i + size].decode("utf-8")
            except UnicodeDecodeError:
                ch = None
        if ch is not None:
            if cur_start < 0:
                cur_start = i
            cur.append(ch)
            i += size
            continue
        _flush(pieces, cur_start, i, cur)
        cur_start, cur = -1, []
        if data[i] in (0x20, 0xA0) and pieces and pieces[-1][1] == i and i + 1 < n:
            # a space between two garbled words: keep the words in one piece
            prev = pieces.pop()
            cur_start, cur = prev[0], [prev[2], " "]
        i += 1
    _flush(pieces, cur_start, i, cur)
    return pieces


def _flush(pieces: list, start: int, end: int, chars: list[str]) -> None:
    if not chars:
        return
    if chars[-1] == " ":  # a space kept to join two words, with no word after it
        chars, end = chars[:-1], end - 1
    pieces.append((start, end, "".join(chars)))


def _glossed(text: str, s: int, e: int) -> bool:
    """A deliberate original-script rendering: "Name (Имя)" or "«слово» (word)"."""
    before = text[max(0, s - 3):s]
    after = text[e:e + 3]
    if "(" in before and ")" in after:
        prev = text[max(0, s - 40):s].rstrip(" (")
        return bool(_LATIN_LETTER.search(prev[-20:]))
    rest = text[e:e + 4].lstrip("»”\"' ")
    return rest.startswith("(") and bool(_LATIN_LETTER.search(text[e:e + 40]))


class UntranslatedCheck(Check):
    name = "untranslated"
    codes = ("AUD402", "AUD403", "AUD404")

    def check(self, doc):
        text = doc.text
        mixed: list[tuple[int, int]] = []
        for s, e in doc.tokens:
            word = text[s:e]
            if word.isascii():
                continue
            fixed = word.translate(_CONFUSABLE)
            # look-alikes among Latin letters or digits ("WНO", "105х195"), or a
            # lone look-alike after a degree sign ("50°С")
            latin_context = _LATIN_LETTER.search(word) or any(c.isdigit() for c in word) or (
                len(word) == 1 and text[s - 1:s] == "°")
            if fixed != word and latin_context and not _RUN.search(fixed):
                mixed.append((s, e))
                letters = sorted({c for c in word if c.translate(_CONFUSABLE) != c})
                names = ", ".join(f"{_script(c)} '{c}'" for c in letters)
                yield emit(doc, "AUD403", s, e,
                           f"'{fixed}' is spelled with look-alike letters ({names})",
                           [(fixed, 0.95)])
        for m in _RUN.finditer(text):
            s, e = m.span()
            while e > s and not text[e - 1].isalpha():
                e -= 1
            if e <= s:
                continue  # digits or marks only (Arabic-Indic numerals are numbers, not words)
            if any(ms <= s < me for ms, me in mixed):
                continue
            if e - s == 1 and _script(text[s]) == "Greek":
                continue  # a lone Greek letter is a symbol (alpha particles, delta)
            if _glossed(text, s, e):
                continue
            script = _script(text[s])
            yield emit(doc, "AUD402", s, e, f"untranslated {script} text in English copy")
        for m in _MOJI_RUN.finditer(text):
            for ps, pe, dec in _recover(m.group()):
                s, e = m.start() + ps, m.start() + pe
                yield emit(doc, "AUD404", s, e,
                           f"mojibake: UTF-8 text decoded as cp1252; it reads '{dec}'",
                           [(dec, 0.95)])
        pos = text.find("\ufffd")
        while pos >= 0:
            end = pos + 1
            while end < len(text) and text[end] == "\ufffd":
                end += 1
            yield emit(doc, "AUD404", pos, end,
                       "replacement character: bytes were lost when this text was decoded")
            pos = text.find("\ufffd", end)
