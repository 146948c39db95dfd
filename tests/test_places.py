"""The place-name check (AUD201-AUD203), its gazetteer and transliteration keys."""
from __future__ import annotations

import sqlite3

import pytest

from auditor import gazetteer, translit
from auditor.config import Config, ConfigError, PlacesSettings, from_mapping

PLACES = Config(select=("AUD2", "AUD302"))


def places(audit_text, text, config=PLACES):
    return [f for f in audit_text(text, config=config) if f.code.startswith("AUD2")]


def house(audit_text, text, config=PLACES):
    return [f for f in audit_text(text, config=config) if f.code == "AUD302"]


# ---- keys --------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("Grayvoron", "Graivoron"), ("Hostomel", "Gostomel"), ("Hasakah", "Hasaka"), ("Kupiansk", "Kobyansk"),
    ("Pokrovsk", "Bokrovsk"), ("Sloviansk", "Slofyansk"), ("Deir ez-Zor", "Deir al-Zor"),
    ("Zaporizhzhia", "Zaporozhye"), ("Izium", "Izyum"), ("Enerhodar", "Energodar"),
])
def test_skeleton_merges_what_scripts_confuse(a, b):
    assert translit.skeleton(a) == translit.skeleton(b)


@pytest.mark.parametrize("a, b", [("Kupiansk", "Kursk"), ("Belgorod", "Bryansk"), ("Idlib", "Aleppo")])
def test_skeleton_keeps_different_places_apart(a, b):
    assert translit.skeleton(a) != translit.skeleton(b)


def test_variant_key_separates_legitimate_variants_from_garbles():
    assert translit.variant_key("Deir al-Balah") == translit.variant_key("Dayr al Balah")
    assert translit.variant_key("Khan Younis") == translit.variant_key("Khan Yunis")
    assert translit.variant_key("Hasakah") == translit.variant_key("Hasakeh")
    assert translit.variant_key("Kobyansk") != translit.variant_key("Kupiansk")  # b for p: a garble
    assert translit.variant_key("Slofyansk") != translit.variant_key("Sloviansk")


def test_romanization_tables():
    assert translit.national_uk("Запоріжжя") == "Zaporizhzhia"
    assert "Hostomel" in translit.romanize_uk("Гостомель")
    assert "Gostomel" in translit.romanize_ru("Гостомель")
    assert translit.cyrillic_language("Київ") == "uk" and translit.cyrillic_language("Артёмовск") == "ru"
    assert translit.fold("Hostomelʹ") == translit.fold("Hostomel'") == "hostomel"


# ---- gazetteer ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def gaz():
    return gazetteer.shared()


def test_gazetteer_knows_spellings_and_statuses(gaz):
    statuses = {p.name: s for p, s in gaz.forms("gostomel")}
    assert statuses.get("Hostomel") == gazetteer.RUSSIAN_FORM
    assert any(p.cc == "UA" and s == gazetteer.OK for p, s in gaz.forms("hostomel"))
    assert any(p.cc == "RU" and s == gazetteer.OK for p, s in gaz.forms("graivoron"))
    assert any(p.cc == "RU" and s == gazetteer.OK for p, s in gaz.forms("grayvoron"))
    assert any(p.kind == "country" and p.cc == "SY" for p, _s in gaz.forms("syria"))


def test_gazetteer_near_finds_close_keys(gaz):
    names = {p.name for p, _f, _k in gaz.near(translit.skeleton("Gregoron"))}
    assert names & {"Graivoron", "Grayvoron"}


def test_gazetteer_cache_is_keyed_by_inputs(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    first = gazetteer.cache_path()
    assert first.parent == tmp_path and first.name.startswith("gazetteer-")
    monkeypatch.setattr(gazetteer, "BUILD_VERSION", gazetteer.BUILD_VERSION + "-changed")
    assert gazetteer.cache_path() != first


def test_gazetteer_opens_read_only(gaz):
    with pytest.raises(sqlite3.OperationalError):
        gaz.con.execute("CREATE TABLE x (y)")


# ---- AUD201 garbled ------------------------------------------------------------------
def test_seed_style_garble_with_context(audit_text):
    text = ("The governor of the Belgorod region said that a sabotage group had entered the "
            "Gregoron region. Residents of Shebekino were also told to leave.")
    found = places(audit_text, text)
    assert [f.text for f in found] == ["Gregoron"]
    f = found[0]
    assert f.code == "AUD201"
    assert f.top.replacement in ("Graivoron", "Grayvoron")
    assert "Russia" in f.message and "km from" in f.message and "context:" in f.message


@pytest.mark.parametrize("text, wrong, right", [
    ("Shelling hit Kobyansk and Izium in the Kharkiv region overnight.", "Kobyansk", "Kupiansk"),
    ("Fighting raged near Bokrovsk and Myrnohrad in the Donetsk region.", "Bokrovsk", "Pokrovsk"),
    ("Trains from Kramatorsk to Slofyansk were suspended in the Donetsk region.", "Slofyansk", "Sloviansk"),
])
def test_arabic_round_trip_garbles(audit_text, text, wrong, right):
    found = places(audit_text, text)
    assert [(f.text, f.top.replacement) for f in found] == [(wrong, right)]


@pytest.mark.parametrize("text", [
    "Shelling hit Kupiansk and Izium in the Kharkiv region overnight.",
    "Aid trucks reached Deir al-Balah and Khan Younis in the south of the Gaza Strip.",
    "Displaced families returned to Marjayoun and Nabatieh in southern Lebanon.",
    "According to Zelensky, the talks in Riyadh were useful.",
    "Governor Vyacheslav Gladkov said the Belgorod region was calm.",
    "The contract with Naftogaz was signed in Kyiv.",
    "Officials in Kiev said the talks would resume.",  # style owns Kiev
])
def test_correct_places_people_and_organisations_pass(audit_text, text):
    assert places(audit_text, text) == []


def test_no_context_means_only_very_close_matches(audit_text):
    # a made-up name with no geographic context nearby is left alone
    assert places(audit_text, "The talks were held in Gregoron last week.") == []


def test_person_cues_keep_names_out(audit_text):
    text = "The delegation in the Kharkiv region met Kobyansk, who said the bridge was safe."
    assert places(audit_text, text) == []


def test_accept_list_in_config(audit_text):
    text = "Shelling hit Kobyansk and Izium in the Kharkiv region overnight."
    config = Config(select=("AUD2",), places=PlacesSettings(accept=("Kobyansk",)))
    assert places(audit_text, text, config) == []


# ---- AUD202 / AUD203 ---------------------------------------------------------------
def test_russian_form_of_ukrainian_place(audit_text):
    found = places(audit_text, "Russian troops withdrew from Gostomel airport near Bucha.")
    assert [(f.code, f.text, f.top.replacement) for f in found] == [("AUD202", "Gostomel", "Hostomel")]


def test_russian_form_switch(audit_text):
    config = Config(select=("AUD2",), places=PlacesSettings(ukrainian_forms=False))
    assert places(audit_text, "Russian troops withdrew from Gostomel airport near Bucha.", config) == []


def test_russian_form_spelling_of_russian_place_passes(audit_text):
    assert places(audit_text, "The delegation flew from Belgorod to Kursk and on to Bryansk.") == []


def test_places_in_html_keep_source_offsets(audit_text):
    html = ("<html><body><article><p>The governor of the Belgorod region said a group had entered "
            "the Gregoron region.</p></article></body></html>")
    found = places(audit_text, html, suffix=".html") if False else [
        f for f in audit_text(html, ".html", PLACES) if f.kind == "translit_place"]
    assert [f.text for f in found] == ["Gregoron"]
    assert html[found[0].start:found[0].end] == "Gregoron"


# ---- config -----------------------------------------------------------------------
def test_places_config_validation(tmp_path):
    cfg = from_mapping({"places": {"accept": ["Gregoron"], "ukrainian_forms": False}}, "a.toml", tmp_path)
    assert cfg.places.accept == ("Gregoron",) and cfg.places.ukrainian_forms is False
    with pytest.raises(ConfigError, match=r"a.toml: places.house_forms: expected true or false"):
        from_mapping({"places": {"house_forms": 1}}, "a.toml", tmp_path)
    with pytest.raises(ConfigError, match=r"a.toml: places.ukrainian_forms"):
        from_mapping({"places": {"ukrainian_forms": "yes"}}, "a.toml", tmp_path)
    with pytest.raises(ConfigError, match=r"a.toml: places: unknown key 'radius'"):
        from_mapping({"places": {"radius": 3}}, "a.toml", tmp_path)


def test_former_name_of_renamed_place(audit_text):
    found = places(audit_text, "Heavy fighting was reported in Artemovsk in the Donetsk region.")
    assert [(f.code, f.text, f.top.replacement) for f in found] == [("AUD203", "Artemovsk", "Bakhmut")]


def test_same_garble_everywhere_in_the_article(audit_text):
    text = ("Shelling hit Kobyansk and Izium in the Kharkiv region overnight.\n\n"
            "Kobyansk has been without power since Monday.")
    found = places(audit_text, text)
    assert [f.text for f in found] == ["Kobyansk", "Kobyansk"]
    assert found[0].message == found[1].message


def test_word_endings_tell_ukrainian_from_russian_cyrillic():
    assert translit.cyrillic_language("Лохвиця") == "uk" and translit.cyrillic_language("Лохвица") == "ru"
    assert translit.cyrillic_language("Южне") == "uk" and translit.cyrillic_language("Южное") == "ru"
    assert translit.cyrillic_language("Бахмут") == ""


def test_gazetteer_statuses_for_ukrainian_places(gaz):
    def status(form, name):
        return {p.name: s for p, s in gaz.forms(form)}.get(name)
    assert status("vinnytsia", "Vinnytsia") == gazetteer.OK
    assert status("vinnytsya", "Vinnytsia") == gazetteer.VARIANT
    assert status("novaya kakhovka", "Nova Kakhovka") == gazetteer.RUSSIAN_FORM
    assert status("lokhvytsia", "Lokhvytsia") == gazetteer.OK


# ---- AUD302 house form ------------------------------------------------------------
def test_non_national_romanization_gets_house_form(audit_text):
    found = house(audit_text, "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.")
    assert [(f.text, f.top.replacement, f.kind) for f in found] == [("Vinnytsya", "Vinnytsia", "style")]
    assert places(audit_text, "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.") == []


def test_house_form_switch(audit_text):
    config = Config(select=("AUD2", "AUD302"), places=PlacesSettings(house_forms=False))
    assert house(audit_text, "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.", config) == []


def test_house_forms_pass(audit_text):
    text = "Air-raid sirens sounded in Vinnytsia, Zhytomyr, Kupiansk and Zaporizhzhia overnight."
    assert house(audit_text, text) == [] and places(audit_text, text) == []
