"""Engine behaviour beyond the rule-table examples."""
from __future__ import annotations

from auditor.config import Config, StyleSettings


def codes(findings):
    return [f.code for f in findings]


def test_style_preserves_case_and_possessive(audit_text):
    fs = audit_text("KIEV said. Kiev's mayor. The pro-Kiev camp.")
    assert [(f.text, f.top.replacement) for f in fs] == [("KIEV", "KYIV"), ("Kiev", "Kyiv"), ("Kiev", "Kyiv")]


def test_style_the_ukraine(audit_text):
    fs = audit_text("Russia and the Ukraine held talks. The Ukraine war goes on. He covered the Ukraine crisis.")
    assert [(f.text, f.top.replacement) for f in fs] == [("the Ukraine", "Ukraine")]


def test_style_does_not_touch_correct_or_longer_words(audit_text):
    assert audit_text("Kyiv, Kievan Rus and Kharkiv; Odesa. Kievskaya station.") == []


def test_style_renamed_city_but_not_its_region(audit_text):
    # the oblasts kept the names their centres lost in 2016
    fs = audit_text("Dnepropetrovsk was shelled. So was the Dnepropetrovsk region, and the Kirovograd oblast; "
                    "Kirovograd itself was quiet.")
    assert [(f.text, f.top.replacement) for f in fs] == [
        ("Dnepropetrovsk", "Dnipro"), ("Dnepropetrovsk", "Dnipropetrovsk"), ("Kirovograd", "Kirovohrad"),
        ("Kirovograd", "Kropyvnytskyi")]
    fs = audit_text("Shelling hit the Dnepropetrovsk and Poltava regions, and the Sumy, Kirovograd or Odesa oblasts.")
    assert [(f.text, f.top.replacement) for f in fs] == [
        ("Dnepropetrovsk", "Dnipropetrovsk"), ("Kirovograd", "Kirovohrad")]


def test_style_pack_can_be_switched_off(audit_text):
    assert audit_text("Kiev", config=Config(style=StyleSettings(packs=()))) == []


def test_boilerplate_only_whole_lines(audit_text):
    text = ("The ministry did not publish a source link for the claim.\n"
            "Source link\n"
            "Share this:\n"
            "Readers can share this story, he said.\n")
    fs = audit_text(text)
    assert [f.text for f in fs] == ["Source link", "Share this:"]
    assert all(f.top.replacement == "" for f in fs)


def test_boilerplate_several_pieces_on_one_line(audit_text):
    fs = audit_text("Share this: Tweet | Share on Facebook\n")
    assert [f.code for f in fs] == ["AUD401"]


def test_boilerplate_outside_article_in_html_is_ignored(audit_text):
    page = ("<html><body><article><p>Talks went on.</p><p>Source link</p></article>"
            "<footer><p>Leave a Reply</p></footer></body></html>")
    fs = audit_text(page, ".html")
    assert [f.text for f in fs] == ["Source link"]


def test_mojibake_recovers_text(audit_text):
    garbled = "Харків".encode().decode("cp1252", errors="replace")
    fs = audit_text(f"Officials in {garbled} and the cityâ€™s mayor.")
    assert [(f.code, f.top.replacement) for f in fs] == [("AUD404", "Харків"), ("AUD404", "’")]


def test_mojibake_ignores_legitimate_accents(audit_text):
    assert audit_text("Zürich, Bogotá, São Paulo, Erdoğan and the café — all fine. Ångström.") == []


def test_replacement_character_flagged(audit_text):
    fs = audit_text("The mayor of Kh\ufffd\ufffdrkiv spoke.")
    assert codes(fs) == ["AUD404"]


def test_untranslated_runs_and_glosses(audit_text):
    fs = audit_text("Troops entered the село at dawn. The minister Denys Shmyhal (Денис Шмигаль) spoke.")
    assert [(f.code, f.text) for f in fs] == [("AUD402", "село")]


def test_untranslated_arabic_phrase_is_one_finding(audit_text):
    fs = audit_text("The convoy reached معبر رفح on Monday.")
    assert [(f.code, f.text) for f in fs] == [("AUD402", "معبر رفح")]


def test_lone_greek_letter_is_a_symbol(audit_text):
    assert audit_text("Levels of α radiation stayed normal.") == []


def test_mixed_script_word(audit_text):
    fs = audit_text("The team flew to Kharkіv.")  # Cyrillic і
    assert [(f.code, f.top.replacement) for f in fs] == [("AUD403", "Kharkiv")]


def test_html_finding_text_is_the_file_text(tmp_path):
    from auditor.pipeline import audit_file

    page = "<article><p>Officials in Ki&#101;v met.</p></article>"
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    (f,) = audit_file((str(path), "p.html"), Config()).findings
    assert page[f.start:f.end] == f.text == "Ki&#101;v"
    assert f.top.replacement == "Kyiv"


def test_mojibake_span_excludes_a_trailing_space():
    from auditor.checks.untranslated import _recover

    garbled = "Київ".encode().decode("cp1252")
    run = garbled + " Ã"  # a lone lead byte after the space: not UTF-8
    ((s, e, dec),) = _recover(run)
    assert (s, e, dec) == (0, len(garbled), "Київ")
    two = garbled + " " + garbled
    assert _recover(two) == [(0, len(two), "Київ Київ")]


def test_findings_survive_pickling_whole():
    """Pool workers send findings back pickled: every field comes back, and a
    field added to Finding without a place in its pickled form fails here."""
    import dataclasses
    import pickle

    from auditor.finding import Finding, Position, Severity, Suggestion

    f = Finding(code="AUD201", kind="translit_place", severity=Severity.ERROR, path="a/b.txt", start=3, end=10,
                begin=Position(2, 4), finish=Position(2, 11), text="Gregoron", message="no such place",
                suggestions=(Suggestion("Graivoron", 0.8), Suggestion("Grayvoron", 0.2)), evidence=("near Belgorod",))
    back = pickle.loads(pickle.dumps(f))
    assert back == f and type(back.begin) is Position and type(back.suggestions[0]) is Suggestion
    assert f.__reduce__()[1] == tuple(getattr(f, x.name) for x in dataclasses.fields(Finding))
