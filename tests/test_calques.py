"""The calque checks: packs, surface patterns, the model plumbing (a tiny model
built in a temp dir) and the shipped model's behaviour."""
from __future__ import annotations

import dataclasses

import pytest

from auditor import datafile, senses
from auditor.checks.calques import CalquesCheck, active_languages, load_pack
from auditor.config import CalquesSettings, Config, ConfigError, from_mapping
from auditor.pipeline import run

CALQUES = Config(select=("AUD1",))


def _audit(tmp_path, text, config=CALQUES, name="a.txt"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return run([tmp_path / name], config.with_options(workers=1), progress=False)


# ---- packs -------------------------------------------------------------------
def test_shipped_packs_load_with_enough_exemplars():
    check = CalquesCheck(CALQUES)
    assert len(check.entries) >= 40
    assert {e.lang for e in check.entries} == {"ar", "ru", "uk"}
    for e in check.entries:
        assert len(e.wrong) >= 8 and len(e.right) >= 8, e.id


def test_bad_pack_names_file_and_key():
    df = datafile.DataFile("calques/x-en.toml", {"entry": [{
        "id": "x", "trigger": ["novel"], "suggest": ["account"],
        "wrong": ["A novel claim."] * 8, "right": ["No trigger here."] * 8}]}, "1")
    with pytest.raises(datafile.DataError, match=r"calques/x-en.toml: entry\[0\].right\[0\]: no trigger word"):
        load_pack(df, "ar")


def test_source_languages_choose_packs():
    assert active_languages(("auto",)) == ("ar", "ru", "uk")
    check = CalquesCheck(dataclasses.replace(CALQUES, calques=CalquesSettings(source_languages=("ru",))))
    assert {e.lang for e in check.entries} == {"ru"}


def test_calques_config_validation(tmp_path):
    cfg = from_mapping({"calques": {"source_languages": ["ar", "ru"], "no_model": True, "margin": 0.5}},
                       "c.toml", tmp_path)
    assert cfg.calques.source_languages == ("ar", "ru") and cfg.calques.no_model and cfg.calques.margin == 0.5
    with pytest.raises(ConfigError, match=r"c.toml: calques.source_languages: expected one of"):
        from_mapping({"calques": {"source_languages": ["fr"]}}, "c.toml", tmp_path)
    with pytest.raises(ConfigError, match=r"c.toml: calques.margin"):
        from_mapping({"calques": {"margin": "high"}}, "c.toml", tmp_path)


# ---- surface patterns, no model -------------------------------------------------
def test_agency_credit_pattern_without_model(tmp_path):
    cfg = dataclasses.replace(CALQUES, calques=CalquesSettings(no_model=True))
    report = _audit(tmp_path, "The border has seen repeated incidents (French – Archive)\n\n"
                              "Zelensky soon questioned the Russian novel.\n", cfg)
    assert [(f.code, f.text, f.top.replacement) for f in report.findings] == [("AUD102", "French", "AFP")]
    assert any("--no-model" in n for n in report.notes)
    assert report.versions["models"] == {}


def test_french_minister_passes(tmp_path):
    cfg = dataclasses.replace(CALQUES, calques=CalquesSettings(no_model=True))
    assert _audit(tmp_path, "The French foreign minister arrived in Beirut.\n", cfg).findings == []


# ---- model plumbing with a tiny model -----------------------------------------
def _tiny_model(path, masked=False):
    from transformers import BertConfig, BertForMaskedLM, BertModel, BertTokenizerFast

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "russian", "novel", "account", "version",
             "questioned", "zelensky", "tolstoy", "'", "s", "war", "and", "peace", "."]
    vocab = path / "vocab.txt"
    path.mkdir(parents=True, exist_ok=True)
    vocab.write_text("\n".join(words) + "\n", encoding="utf-8")
    tok = BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True)
    cfg = BertConfig(vocab_size=len(words), hidden_size=16, num_hidden_layers=4, num_attention_heads=2,
                     intermediate_size=32, max_position_embeddings=64)
    model = (BertForMaskedLM if masked else BertModel)(cfg)
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return path


def test_encoder_loads_a_local_directory(tmp_path):
    spec = senses.resolve(str(_tiny_model(tmp_path / "tiny")))
    assert spec.path.endswith("tiny") and spec.sha256 is None
    enc = senses.Encoder(spec, threads=1)
    vecs = enc.word_vectors([("Zelensky questioned the Russian novel.", 31, 36), ("Tolstoy's novel.", 10, 15)])
    assert tuple(vecs.shape) == (2, 16)
    assert abs(float(vecs[0].norm()) - 1.0) < 1e-4
    assert not senses.has_masked_lm_head(spec)


def test_pinned_sha256_is_checked(tmp_path):
    path = _tiny_model(tmp_path / "tiny")
    bad = senses.ModelSpec("tiny", str(path), sha256="0" * 64)
    with pytest.raises(senses.ModelError, match="sha256"):
        senses.Encoder(bad)


def test_background_load_is_waited_for_and_its_error_raised(tmp_path):
    path = _tiny_model(tmp_path / "tiny")
    check = CalquesCheck(dataclasses.replace(CALQUES, calques=CalquesSettings(model=str(path))))
    check.prepare()
    loader = check._loader
    check.prepare()  # a second call starts nothing new
    assert loader is not None and check._loader is loader
    (best,) = check.margins([("Zelensky questioned the Russian novel.", 31, 36, ("ar-riwaya-novel",))])
    assert not loader.is_alive() and check._scorer is not None and best[0] in {"", "ar-riwaya-novel"}
    bad = CalquesCheck(dataclasses.replace(CALQUES, calques=CalquesSettings(model=str(tmp_path / "none"))))
    bad.prepare()
    with pytest.raises(senses.ModelError, match="cannot load"):
        bad.margins([("Zelensky questioned the Russian novel.", 31, 36, ("ar-riwaya-novel",))])


def test_masked_lm_scorer(tmp_path):
    spec = senses.resolve(str(_tiny_model(tmp_path / "mlm", masked=True)))
    assert senses.has_masked_lm_head(spec)
    scorer = senses.MaskedScorer(spec)
    (score,) = scorer.preference([("Zelensky questioned the Russian novel.", 31, 36, ["account", "version"])])
    assert isinstance(score, float)


def test_unloadable_model_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(senses.ModelError, match="cannot load"):
        senses.Encoder(senses.resolve(str(tmp_path / "empty")))


# ---- the shipped model ----------------------------------------------------------
def test_shipped_model_is_pinned():
    spec = senses.resolve(None)
    assert spec.sha256 and spec.verify() == spec.sha256


def test_wrong_sense_read_in_context(tmp_path):
    report = _audit(tmp_path, "Moscow declared full control of the city. Zelensky soon questioned the Russian "
                              "novel.\n\nTolstoy's novel War and Peace was read aloud in the shelter every evening.\n")
    found = [(f.code, f.text, f.top.replacement) for f in report.findings]
    assert found == [("AUD101", "novel", "version")]
    assert "all-MiniLM-L6-v2" in report.versions["models"]


def test_every_shipped_entry_is_read_in_context_by_the_shipped_model():
    """An entry whose exemplars the model cannot separate is switched off (and
    the report says so); a shipped one must never be: editing a pack can push
    an entry under the gate without any other test noticing."""
    check = CalquesCheck(CALQUES)
    check._ready()
    assert check._ex is not None and set(check._ex) == {e.id for e in check.entries}
    assert check.unreliable() == []


def test_an_entry_the_model_cannot_separate_is_named_in_the_report(tmp_path):
    pack = tmp_path / "xx-en.toml"
    same = [f"The committee met on day {i} to discuss the harbour budget." for i in range(1, 11)]
    pack.write_text(
        '[meta]\nversion = "1"\nsource = "ru"\n\n[[entry]]\nid = "xx-budget"\nsource = "бюджет"\n'
        'translit = "byudzhet"\ntrigger = ["budget"]\nwrong_gloss = "a plan of spending"\n'
        'intended = "a plan of spending"\nsuggest = ["estimate"]\nnote = "a test entry"\n'
        f"wrong = {same!r}\nright = {same!r}\n".replace("'", '"'),  # the same sentences: no sense to tell apart
        encoding="utf-8")
    cfg = dataclasses.replace(CALQUES, calques=CalquesSettings(source_languages=(), files=(str(pack),)))
    report = _audit(tmp_path, "The mayor cut the harbour budget again.\n", cfg)
    assert any("xx-budget" in n and "not read in context" in n for n in report.notes)
    assert report.findings == []


def test_bad_model_is_a_usage_error(tmp_path, capsys):
    from auditor.cli import main

    (tmp_path / "a.txt").write_text("Zelensky soon questioned the Russian novel.\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "a.txt"), "--model", str(tmp_path / "no-such-model")]) == 2
    assert "auditor: error: model" in capsys.readouterr().err


def test_masked_lm_model_scores_by_fill_mask(tmp_path):
    model = _tiny_model(tmp_path / "mlm", masked=True)
    cfg = dataclasses.replace(CALQUES, calques=CalquesSettings(model=str(model), margin=-100.0))
    assert isinstance(CalquesCheck(cfg)._load_scorer(), senses.MaskedScorer)
    report = _audit(tmp_path, "Zelensky soon questioned the Russian novel.\n", cfg)
    assert "mlm" in report.versions["models"]
    # with the margin at -100 every trigger counts, so the fill-mask path produced the finding
    assert [(f.code, f.text) for f in report.findings] == [("AUD101", "novel")]


# ---- unless: contexts where the English word is right in any case -------------------
def test_unless_context_is_not_read_by_the_model(tmp_path):
    text = ("The president of Egypt, Abdel Fattah el-Sisi, opened the conference in Cairo.\n\n"
            "The president of the Iraqi parliament postponed the vote on the budget.\n")
    report = _audit(tmp_path, text)
    found = [(f.text, text[f.start - 4:f.start]) for f in report.findings]
    assert ("president", "The ") in found  # the parliament's "president" is still read and flagged
    assert all(f.start > text.index("\n") for f in report.findings)  # the head of state is not


def test_unless_that_matches_a_wrong_exemplar_is_a_data_error():
    df = datafile.DataFile("calques/x-en.toml", {"entry": [{
        "id": "x", "trigger": ["novel"], "suggest": ["account"], "unless": [r"\bRussian novel\b"],
        "wrong": ["The Russian novel of events."] + ["Their novel of events."] * 7,
        "right": ["Tolstoy wrote a novel."] * 8}]}, "1")
    with pytest.raises(datafile.DataError, match=r"entry\[0\].unless: matches wrong\[0\]"):
        load_pack(df, "ar")


def test_suggestions_fit_the_page(tmp_path):
    cfg = dataclasses.replace(CALQUES, calques=CalquesSettings(no_model=True))
    report = _audit(tmp_path, "Ukraine's combined team beat Iceland. Drones hit energy objects near Sumy.\n", cfg)
    assert {f.text: f.top.replacement for f in report.findings} == {"combined": "national", "objects": "facilities"}


def test_old_exemplar_caches_are_pruned(tmp_path):
    import os

    from auditor.checks.calques import prune_exemplar_caches

    caches = [tmp_path / f"calque-exemplars-{i:016x}.pt" for i in range(12)]
    for i, p in enumerate(caches):
        p.write_bytes(b"x")
        os.utime(p, (1_000_000 + i, 1_000_000 + i))  # the last written is the most recently used
    other = tmp_path / "gazetteer-0000000000000000.sqlite"
    other.write_bytes(b"x")
    new = caches[0]  # just written, though the oldest stamp: it stays whatever its time
    prune_exemplar_caches(new, kept=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [new.name, other.name] + [p.name for p in caches[-3:]])
