"""Transliteration helpers shared by the name checks: folding, romanization
variants from real tables (iuliia for Russian, translitua for Ukrainian) and
the skeleton key that merges the letters scripts confuse.

The skeleton is the heart of transliteration-aware matching: two spellings of
one name through different scripts and schemes (Grayvoron, Graivoron,
Grajvoron; Hostomel, Gostomel; Hasakah, Hasaka) get the same or a very close
key, while the surface similarity and context decide between close keys.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Romanization schemes whose output an English-language editor accepts.  For
# Ukrainian, the schemes that render Г as H (Ukraine's national system and the
# common library/press systems); the Г→G schemes (ISO 9, GOST, passports) give
# the Russian-looking forms the place check flags.
UKRAINIAN_SCHEMES = ("UkrainianKMU", "UkrainianNational1996", "UkrainianBGN", "UkrainianBGN2019",
                     "UkrainianBritish", "UkrainianSimple", "UkrainianALALC", "UkrainianALALCModified",
                     "UkrainianWWS", "UkrainianFrench", "UkrainianGerman")
RUSSIAN_SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "ALA_LC", "SCIENTIFIC", "MOSMETRO", "YANDEX_MAPS",
                   "ICAO_DOC_9303", "MVD_310", "BS_2979", "GOST_52535")

_UK_ONLY = set("іїєґІЇЄҐ")
_RU_ONLY = set("ыэъёЫЭЪЁ")
_APOSTROPHES = "'’ʼʹ′`´‘ʻ"
# Letters NFKD does not take apart: Turkish dotless ı, Polish ł, Nordic ø, ...
_SPECIAL = {"ß": "ss", "ø": "o", "ı": "i", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h"}


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def is_latin(text: str) -> bool:
    """Only Latin letters (with diacritics), spaces, hyphens, apostrophes and dots."""
    has = False
    for c in text:
        if c.isalpha():
            if "LATIN" not in unicodedata.name(c, ""):
                return False
            has = True
        elif c not in " -.'’ʼʹ′`()":
            return False
    return has


# Word endings that tell Ukrainian from Russian spelling when the letters do not:
# Лохвиця/Лохвица, Южне/Южное, Тарутине/Тарутино, Вишневе/Вишнёвое, -ський/-ский.
_UK_ENDINGS = re.compile(r"(?:ськ|цьк|зьк)(?:ий|а|е)\b|(?:ця|не|ве|ине|ове|еве|ьке|ьск)\b|ьськ|ів\b|ськ\b")
_RU_ENDINGS = re.compile(r"(?:ск|цк|зк)(?:ий|ая|ое)\b|(?:ца|ное|вое|ино|ово|ево|ая|ое|ье)\b|ов\b|ев\b|ск\b")


def cyrillic_language(text: str) -> str:
    """'uk', 'ru' or '' (cannot tell), from the letters, else from word endings."""
    if any(c in _UK_ONLY for c in text):
        return "uk"
    if any(c in _RU_ONLY for c in text):
        return "ru"
    low = text.lower()
    uk, ru = bool(_UK_ENDINGS.search(low)), bool(_RU_ENDINGS.search(low))
    if uk != ru:
        return "uk" if uk else "ru"
    return ""


# fold() of plain ASCII: letters lowercased, apostrophes dropped, anything else a space
_ASCII_FOLD = {c: None if chr(c) in _APOSTROPHES else " " for c in range(128) if not chr(c).isalpha()}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase ASCII letters and single spaces: diacritics and apostrophes
    dropped, hyphens become spaces.  'Zaporizhzhia' and 'Zaporìžžâ' differ,
    but 'Hostomelʹ', "Hostomel'" and 'Hostomel' fold the same."""
    if text.isascii():  # most text: the same result without the per-character Unicode work
        if text.isalpha():  # one plain word (most names): nothing to drop or split
            return text.lower()
        return " ".join(text.lower().translate(_ASCII_FOLD).split())
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    out = []
    for c in text:
        if unicodedata.combining(c) or c in _APOSTROPHES:
            continue
        if c.isascii() and c.isalpha():
            out.append(c)
        elif c in _SPECIAL:
            out.append(_SPECIAL[c])
        elif c.isalpha():
            continue  # a letter with no ASCII base (ʹ-like modifiers already gone)
        else:
            out.append(" ")
    return " ".join("".join(out).split())


_ARTICLE = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|ed|en|er|es|et|ez|ul|an|ud|ur|us|uz) (?=\w)")
_DIGRAPHS = (
    ("shch", "S"), ("tsch", "S"), ("sch", "S"), ("tch", "S"), ("dzh", "J"), ("ch", "S"), ("sh", "S"),
    ("zh", "J"), ("dj", "J"), ("kh", "K"), ("gh", "K"), ("ph", "F"), ("th", "T"), ("ts", "S"),
    ("tz", "S"), ("ck", "K"), ("ou", "u"),
)
_LETTERS = {
    "g": "K", "h": "K", "k": "K", "q": "K", "x": "K", "c": "K",
    "b": "B", "p": "B", "f": "F", "v": "F", "w": "F",
    "s": "S", "z": "S", "j": "J", "d": "D", "t": "T",
    "l": "L", "r": "R", "m": "M", "n": "N",
}
_VOWELS = set("aeiouy")


@lru_cache(maxsize=200_000)
def skeleton(text: str, final_h: bool = True) -> str:
    """A key that merges what transliteration confuses: g/gh/h/kh/k/q/x, v/f/w,
    p/b, s/z/ts/sh/ch, zh/j/dzh, any run of vowels (and y, and j next to a vowel),
    doubled letters, the Arabic article's spellings, and (with `final_h`) a
    final -h after a vowel (Hasakah, Hasaka)."""
    s = fold(text)
    s = _ARTICLE.sub("al ", s)
    words = []
    for w in s.split():
        if final_h and len(w) > 2 and w.endswith("h") and w[-2] in _VOWELS:
            w = w[:-1]
        words.append(w)
    s = "".join(words)
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    out: list[str] = []
    for i, c in enumerate(s):
        if c == "j":
            prev_v = i > 0 and s[i - 1] in _VOWELS
            next_v = i + 1 < len(s) and s[i + 1] in _VOWELS
            c = "a" if prev_v or next_v else "J"
        elif c in _VOWELS or c == "u":
            c = "a"
        else:
            c = _LETTERS.get(c, c)
        if out and out[-1] == c:
            continue
        out.append(c)
    return "".join(out)


_VARIANT_SUBS = (
    (re.compile(r"(?:ou|oo|ow\b)"), "u"), (re.compile(r"ee"), "i"), (re.compile(r"(?:ei|ai|ay|ey)"), "ai"),
    (re.compile(r"(?:ah|eh|e)\b"), "a"), (re.compile(r"q"), "k"),
)


@lru_cache(maxsize=200_000)
def variant_key(text: str) -> str:
    """A narrow key for the spellings of one name that romanization systems
    legitimately vary: the Arabic article (al-, el-, ad-, ez-), Deir/Dayr,
    Younis/Yunis, a final -ah/-eh/-a, q/k, a final Persian -ow (Fordow/Fordu).
    Deir al-Balah and Dayr al Balah share it; Sidirot and Sderot, Kobyansk and Kupiansk, Trostianetz and
    Trostianets, Bilopilia and Bilopillia do not (those are garbles)."""
    s = _ARTICLE.sub("al ", fold(text))
    for regex, repl in _VARIANT_SUBS:
        s = regex.sub(repl, s)
    return s


_SCRIPT_LOOSE = str.maketrans({"p": "b", "e": "a", "o": "u", "y": "i", " ": None})


@lru_cache(maxsize=200_000)
def script_loose(text: str) -> str:
    """A spelling with what Arabic script cannot write apart merged, for a
    surface similarity: p/b, q/k, gh/g, e/a, o/u, y/i and spaces, beside the
    legitimate variants (variant_key).  Gaziantep and Ghazi Antab, Kobani and
    Kubani come out the same, Akcakale and Aqjaqala nearly; consonants the
    skeleton merges (g/h/k, s/z/sh, f/v) stay apart, and so do a, i and u."""
    return variant_key(text).replace("gh", "g").translate(_SCRIPT_LOOSE)


# Turkish and Azerbaijani Latin letters said otherwise than in English: Arabic
# and Cyrillic write them by sound (Ceylanpınar as Jeylanpinar, Akçakale as Akchakale).
_TURKIC_SOUNDS = (("c", "j"), ("C", "J"), ("ç", "ch"), ("Ç", "Ch"), ("ş", "sh"), ("Ş", "Sh"), ("ğ", ""))


def turkic_spoken(name: str) -> str:
    """A Turkish or Azerbaijani name respelled by its sound (English letters):
    c as j, ç as ch, ş as sh, silent ğ."""
    for a, b in _TURKIC_SOUNDS:
        name = name.replace(a, b)
    return name


@lru_cache(maxsize=200_000)
def name_key(token: str) -> str:
    """The key of one name token (a given name or a surname) across
    romanizations: the skeleton, with x as ks and a final vowel dropped
    (Mykhailo/Mikhail, Dmytro/Dmitry), but a feminine -a kept apart
    (Zelensky/Zelenska).  Peskov and Pesko, Petrov and Popov stay apart."""
    s = fold(token)
    s = _ARTICLE.sub("", s)  # al-Ansari and Ansari are one surname
    s = s.replace(" ", "").replace("x", "ks")
    if not s:
        return ""
    feminine = s.endswith("a")
    k = skeleton(s, final_h=False)
    if len(k) > 2 and k.endswith("a"):
        k = k[:-1]
    return k + ("A" if feminine else "")


@lru_cache(maxsize=8)
def _uk_tables():
    import translitua

    return [getattr(translitua, n) for n in UKRAINIAN_SCHEMES if hasattr(translitua, n)]


@lru_cache(maxsize=8)
def _ru_tables():
    import iuliia

    return [getattr(iuliia, n) for n in RUSSIAN_SCHEMES if hasattr(iuliia, n)]


def _clean(latin: str) -> str:
    """A romanization an English text could carry: no Cyrillic left (iuliia keeps
    some capitals such as Ё) and no diacritics (Vyšhorod folds to the garble
    Vyshorod; its English form is Vyshhorod)."""
    latin = unicodedata.normalize("NFC", latin.strip())
    if is_cyrillic(latin):
        return ""
    bare = "".join(c for c in latin if c not in _APOSTROPHES)
    return latin if bare.isascii() else ""


def romanize_uk(cyrillic: str) -> list[str]:
    """Ukrainian-scheme romanizations, national system first, distinct."""
    import translitua

    out = []
    for table in _uk_tables():
        r = _clean(translitua.translit(cyrillic, table))
        if r and r not in out:
            out.append(r)
    return out


def romanize_ru(cyrillic: str) -> list[str]:
    """Russian-scheme romanizations, Wikipedia's first, distinct."""
    out = []
    for schema in _ru_tables():
        r = _clean(schema.translate(cyrillic))
        if r and r not in out:
            out.append(r)
    return out


def national_uk(cyrillic: str) -> str:
    """Ukraine's national romanization (KMU 2010) of a Ukrainian name."""
    import translitua

    return translitua.translit(cyrillic, translitua.UkrainianKMU)


def levenshtein(a: str, b: str) -> int:
    return _levenshtein()(a, b)


@lru_cache(maxsize=1)
def _levenshtein():
    from rapidfuzz.distance import Levenshtein  # imported on first use: start-up stays short

    return Levenshtein.distance


def deletions(key: str) -> set[str]:
    """The key and every key one deletion away: two keys within one edit share one."""
    out = {key}
    for i in range(len(key)):
        out.add(key[:i] + key[i + 1:])
    return out
