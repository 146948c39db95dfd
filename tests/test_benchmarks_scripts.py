"""The measuring scripts in benchmarks/: their pure helpers, and a clean skip without data (no audit is run)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


su = load("spelling_ukraine")
wmt = load("wmt22_control")
cli = load("auditor_cli")


# ---- spelling_ukraine ----------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [("Bila Tserkva", "bila-tserkva"), ("Kam\u2019yanka", "Kamyanka"),
                                  ("Kam'yanka", "kam\u02bcyanka"), ("Nova  Vodolaha", "NovaVodolaha")])
def test_normalised_names_match(a, b):
    assert su.same_name(a, b)


@pytest.mark.parametrize("a, b", [("Kyiv", "Kiev"), ("Lutsk", "Lutsck"), ("Oleh", "Oleg")])
def test_different_names_do_not_match(a, b):
    assert not su.same_name(a, b)


def test_haversine():
    assert su.haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0
    assert su.haversine_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.2, abs=0.2)  # one degree of latitude
    assert su.haversine_km(48.0, 30.0, 49.0, 32.0) == pytest.approx(su.haversine_km(49.0, 32.0, 48.0, 30.0))
    assert su.haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015.1, rel=1e-3)  # half the equator


@pytest.mark.parametrize("a, b, expected", [((0, 4), (4, 8), False), ((0, 5), (4, 8), True), ((2, 3), (0, 10), True),
                                            ((5, 9), (0, 5), False), ((3, 3), (0, 10), False)])
def test_overlap(a, b, expected):
    assert su.overlaps(*a, *b) is expected
    assert su.overlaps(*b, *a) is expected


def test_fill_spans():
    text, s, e = su.fill("From {CTX} to {X} and back to {CTX}.", "Westbrook", "Eastholm")
    assert text == "From Eastholm to Westbrook and back to Eastholm."
    assert text[s:e] == "Westbrook"
    text, s, e = su.fill("{X} said so.", "Anna Example")
    assert (text[s:e], s) == ("Anna Example", 0)
    with pytest.raises(ValueError):
        su.fill("no name here", "X")


def test_all_templates_hold_one_name():
    for tpl in su.PLACE_TEMPLATES:
        text, s, e = su.fill(tpl, "Qwerty", "Zxcv")
        assert text[s:e] == "Qwerty" and "{" not in text and "Zxcv" in text
    for tpl in su.PERSON_TEMPLATES:
        text, s, e = su.fill(tpl, "Qwerty Asdf")
        assert text[s:e] == "Qwerty Asdf" and "{" not in text


def test_apply_suggestions():
    text = "In Westbruk and Eastholm."
    f1 = {"start": 3, "end": 11, "suggestions": [{"replacement": "Westbrook", "confidence": 0.9},
                                                 {"replacement": "Westbrock", "confidence": 0.1}]}
    assert su.apply_suggestions(text, [f1]) == "In Westbrook and Eastholm."
    f2 = {"start": 16, "end": 24, "suggestions": []}  # no suggestion: text left as is
    assert su.apply_suggestions(text, [f2, f1]) == "In Westbrook and Eastholm."
    f3 = {"start": 5, "end": 8, "suggestions": [{"replacement": "??", "confidence": 0.5}]}  # inside f1: dropped
    assert su.apply_suggestions(text, [f3, f1]) == "In Westbrook and Eastholm."


def entry(slug, correct, incorrect=(), lat=None, lng=None):
    return su.Entry(slug=slug, folder="places", category="City", correct=correct, incorrect=tuple(incorrect),
                    lat=lat, lng=lng)


def test_nearest_context():
    entries = [entry("a", "Alderton", ["Aldertown"], 50.0, 30.0),
               entry("b", "Brightwater", [], 50.1, 30.0),  # nearest to a
               entry("c", "Cold Harbour", [], 50.5, 30.0),
               entry("d", "Dunmore", [], None, None),
               entry("e", "Alderton-on-Sea", [], 50.01, 30.0)]  # nearer still, but holds a's name: not eligible
    assert su.nearest_context(entries, 0).slug == "b"
    assert su.nearest_context(entries, 2).slug == "b"
    assert su.nearest_context(entries, 3).slug == "e"  # no coordinates: the next eligible entry
    assert su.nearest_context(entries[:4], 3).slug == "a"  # ... wrapping round
    assert su.nearest_context(entries, 4).slug == "b"  # a is confusable with e


def test_spellings_to_test_skips_normalised_duplicates():
    e = entry("x", "Kam\u2019yanka", ["Kamyanka", "Kamianka", "kamianka", "Kamenka"])
    assert su.spellings_to_test(e) == (["Kamianka", "Kamenka"], ["Kamyanka"])


def test_build_place_items():
    entries = [entry("a", "Alderton", ["Aldertown", "alderton"], 50.0, 30.0),
               entry("b", "Brightwater", ["Braitvoter"], 50.1, 30.0)]
    items, skipped = su.build_place_items(entries)
    assert skipped == ["a: alderton"]
    assert [(it.label, it.name) for it in items] == [("correct", "Alderton"), ("incorrect", "Aldertown"),
                                                     ("correct", "Brightwater"), ("incorrect", "Braitvoter")]
    for it in items:
        assert it.text[it.start:it.end] == it.name
        assert it.correct in it.expected and it.context in it.text
    assert items[0].context == "Brightwater" and items[2].context == "Alderton"
    assert len({it.file for it in items}) == len(items)
    assert [it.text for it in su.build_place_items(entries)[0]] == [it.text for it in items]  # deterministic


def test_build_person_items_mixed():
    entries = [su.Entry(slug="p", folder="people", category="Person", correct="Ivan Example",
                        incorrect=("Iwan Example",))]
    items, _ = su.build_person_items(entries)
    assert [it.label for it in items] == ["correct", "incorrect", "mixed"]
    mixed = items[2]
    assert mixed.text[mixed.start:mixed.end] == "Iwan Example"
    (s, e), = mixed.extra_spans
    assert mixed.text[s:e] == "Ivan Example"
    assert mixed.expected.count("Ivan Example") == 2


def test_score_and_summary():
    entries = [entry("a", "Alderton", ["Aldertown"], 50.0, 30.0), entry("b", "Brightwater", ["Braitvoter"], 50.1, 30.0)]
    items, _ = su.build_place_items(entries)
    inc_a, inc_b, good_b = items[1], items[3], items[2]

    def finding(it, start, end, repl, kind="translit_place"):
        return {"path": f"/tmp/x/{it.file}", "kind": kind, "start": start, "end": end, "code": "AUD201",
                "text": it.text[start:end], "suggestions": [{"replacement": repl, "confidence": 0.9}]}

    findings = [finding(inc_a, inc_a.start, inc_a.end, "ALDERTON"),  # right, modulo case
                finding(inc_b, inc_b.start + 2, inc_b.end, "Wrong"),  # detected, wrong correction
                finding(good_b, good_b.start, good_b.end, "x", kind="style"),  # other kind: ignored
                finding(good_b, len(good_b.text) - 3, len(good_b.text) - 1, "x")]  # false alarm away from the name
    su.score(items, findings, ["translit_place"])
    assert (inc_a.detected, inc_a.corrected) == (True, True)
    assert (inc_b.detected, inc_b.corrected) == (True, False)
    assert good_b.flagged and not good_b.detected
    res = su.summarise(items)
    assert res["incorrect"]["detection"] == 1.0 and res["incorrect"]["correction"] == 0.5
    assert res["correct"]["false_alarms"] == 1 and res["correct"]["false_alarm_rate"] == 0.5


def test_same_place_counts_a_current_or_national_name_of_the_very_place():
    entries = [entry("a", "Oldtown", ["Oldtovn", "Oldtaun", "Oldtoun"], 50.0, 30.0),
               entry("b", "Farley", [], None, None)]
    items, _ = su.build_place_items(entries)
    renamed, neighbour, partial = items[1], items[2], items[3]

    def finding(it, repl, start=None):
        return {"path": f"/tmp/x/{it.file}", "kind": "translit_place", "start": it.start if start is None else start,
                "end": it.end, "code": "AUD203", "text": it.name, "suggestions": [{"replacement": repl}]}

    # the data's spelling is an old name of Newtown, 2 km from its coordinates; Nearby, 40 km off, is
    # another place of that name
    named = {"Oldtown": [("Newtown", 50.01, 30.01), ("Nearby", 50.36, 30.0)]}
    findings = [finding(renamed, "Newtown"), finding(neighbour, "Nearby"),
                finding(partial, "Newtown", partial.start + 1)]
    su.score(items, findings, ["translit_place"], lambda s: named.get(s, []))
    assert [(it.corrected, it.corrected_place) for it in (renamed, neighbour, partial)] == [
        (False, True), (False, False), (False, False)]
    res = su.summarise(items)["incorrect"]
    assert (res["corrected"], res["corrected_same_place"]) == (0, 1)
    su.score(items, findings, ["translit_place"])  # without the gazetteer: strict only
    assert not renamed.corrected_place
    # without coordinates an entry counts strictly
    bare = su.Item("f", "b", "incorrect", "Farly", "Farley", "Farly", 0, 5, "Farley")
    hit = [{"start": 0, "end": 5, "suggestions": [{"replacement": "Newtown"}]}]
    assert not su.same_place(bare, hit, lambda s: [("Newtown", 50.0, 30.0)])
    bare.lat, bare.lng = 50.0, 30.0
    assert su.same_place(bare, hit, lambda s: [("Newtown", 50.0, 30.0)])


def test_parse_rules_table():
    md = ("| code | name | kind | severity | what it flags |\n| --- | --- | --- | --- | --- |\n"
          "| AUD201 | garbled | translit_place | warning | x |\n| AUD301 | house-style | style | warning | y |\n")
    assert cli.parse_rules_table(md) == [("AUD201", "translit_place"), ("AUD301", "style")]


def test_spread():
    assert su.spread(list(range(10)), 3) == [0, 3, 6]
    assert su.spread([1, 2], 5) == [1, 2]
    assert su.spread([], 3) == [] and su.spread([1], 0) == []


# ---- wmt22_control -------------------------------------------------------------------------------------

TINY_XML = """<?xml version='1.0' encoding='utf-8'?>
<dataset id="t">
  <collection id="general">
    <doc origlang="uk" id="doc_1">
      <src lang="uk"><p><seg id="1">Привіт.</seg></p></src>
      <ref lang="en" translator="A"><p><seg id="1">Hello there.</seg><seg id="2">Second line.</seg></p>
        <p><seg id="3">New paragraph.</seg></p></ref>
      <hyp system="SysOne" lang="en"><p><seg id="1">Hi.</seg><seg id="2"/></p></hyp>
      <hyp system="Sys Two" lang="en"><p><seg id="1"> Hey. </seg></p></hyp>
    </doc>
    <doc origlang="uk" id="doc_2">
      <ref lang="en" translator="A"><p><seg id="1">Only a reference.</seg></p></ref>
    </doc>
  </collection>
  <collection id="empty"></collection>
</dataset>
"""


def test_split_docs():
    docs = wmt.split_docs(TINY_XML)
    assert [(d.doc_id, d.origlang, d.collection) for d in docs] == [("doc_1", "uk", "general"),
                                                                     ("doc_2", "uk", "general")]
    assert docs[0].texts == {"ref-A": "Hello there.\nSecond line.\n\nNew paragraph.", "SysOne": "Hi.\n",
                             "Sys Two": "Hey."}
    assert docs[1].texts == {"ref-A": "Only a reference."}
    assert wmt.split_docs(TINY_XML.encode("utf-8"))[0].texts == docs[0].texts


def test_labels_and_names():
    assert wmt.file_label("generaltest2022.uk-en.hyp.Online-B.en") == ("uk-en", "Online-B")
    assert wmt.file_label("generaltest2022.ru-en.ref.A.en") == ("ru-en", "ref-A")
    assert wmt.file_label("other.txt") == ("", "other.txt")
    assert wmt.pair_of("wmttest2022.ru-en.all.xml") == "ru-en"
    assert wmt.safe_name("Sys Two/x") == "Sys_Two_x"


def test_tally_and_rates():
    row = wmt.Row(label="uk-en ref-A", units=2000)
    wmt.tally(row, [{"line": 3}, {"line": 3}, {"line": 10}], lambda f: f["line"])
    assert (row.findings, row.units_hit) == (3, 2)
    assert wmt.per(row.findings, row.units, 1000) == 1.5
    assert wmt.per(1, 0, 100) == 0.0


def test_round_robin():
    assert wmt.round_robin([[1, 2, 3], [], ["a", "b"]], 4) == [1, "a", 2, "b"]
    assert wmt.round_robin([[1, 2]], 5) == [1, 2]
    assert wmt.round_robin([], 3) == []


# ---- without data ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("script, args", [("spelling_ukraine.py", ["places"]), ("spelling_ukraine.py", ["people"]),
                                          ("wmt22_control.py", []), ("wmt22_control.py", ["--docs", "--systems"])])
def test_skips_without_data(script, args, tmp_path):
    proc = subprocess.run([sys.executable, str(BENCH / script), *args, "--data", str(tmp_path / "nonexistent")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("skipped: data absent")


# ---- wmt22_fix ----------------------------------------------------------------------------------------
wfix = load("wmt22_fix")

_XML = """<dataset><collection id="c"><doc id="d1" origlang="uk">
<src lang="uk"><p><seg id="1">а</seg></p></src>
<ref translator="A"><p><seg id="1">The mayor of Kyiv spoke.</seg><seg id="2">He left.</seg></p></ref>
<hyp system="S1"><p><seg id="1">The mayor of Kiev spoke.</seg></p><p><seg id="2">He left.</seg></p></hyp>
</doc><doc id="d2" origlang="uk"><hyp system="S1"><p><seg id="3">Third.</seg></p></hyp></doc>
</collection></dataset>"""


def test_wmt22_fix_splits_each_system_into_its_documents():
    docs = wfix.system_docs(_XML.encode())
    assert docs["S1"] == [("d1", ["The mayor of Kiev spoke.", "He left."]), ("d2", ["Third."])]
    assert docs["ref-A"] == [("d1", ["The mayor of Kyiv spoke.", "He left."])]


def test_wmt22_fix_table_names_a_system_made_worse():
    s = {"TER": 40.0, "chrF": 60.0, "BLEU": 20.0, "signatures": {"TER": "t-sig", "chrF": "c-sig"}}
    worse = dict(s, TER=40.5)
    better = dict(s, TER=39.0, chrF=61.0)
    rows = [wfix.Row("uk-en", "S1", s, better, better, 3, 1), wfix.Row("ru-en", "S2", s, worse, s, 2, 0)]
    out = wfix.render(rows, markdown=True)
    assert "| uk-en | S1 | 40.00 | 39.00 | -1.000 |" in out
    assert "systems made worse (TER up or chrF down): ru-en S2" in out
    assert "TER t-sig" in out


def test_wmt22_fix_skips_without_data(tmp_path):
    proc = subprocess.run([sys.executable, str(BENCH / "wmt22_fix.py"), "--data", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("skipped: data absent")


# ---- places_warmth ---------------------------------------------------------------------------------------


def test_places_warmth_times_every_mode():
    """The diagnostic reaches into the place check's memos: it must still find them."""
    out = subprocess.run([sys.executable, str(BENCH / "places_warmth.py"), "--articles", "12", "--repeat", "1"],
                         capture_output=True, text=True, check=True, timeout=300).stdout
    rows = dict(line.split() for line in out.splitlines()[1:])
    assert list(rows) == ["foundation", "cold", "gazetteer", "chunks", "all"]
    for span in rows.values():
        low, high = map(float, span.split("-"))
        assert 0 < low <= high
