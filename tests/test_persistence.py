import json

import pandas as pd
import pytest

from verbatim2journey import V2JError, load_model
from verbatim2journey.persistence import MANIFEST_FILE, MODEL_FILE

TEXTS = ["Colis jamais arrivé", "Conseillère en agence au top", "", "Impossible de résilier en ligne"]


def test_save_load_predict_round_trip_is_identical(tiny_model, tiny_model_dir):
    loaded = load_model(tiny_model_dir)
    pd.testing.assert_frame_equal(loaded.predict(TEXTS), tiny_model.predict(TEXTS))


def test_manifest_records_versions_labels_hashes_and_metrics(tiny_model_dir):
    m = json.loads((tiny_model_dir / MANIFEST_FILE).read_text("utf-8"))
    for key in ("scikit-learn", "spacy", "verbatim2journey", "python"):
        assert m["versions"][key]
    assert m["labels"]["stage"][0] == "decouverte"
    assert len(m["files"][MODEL_FILE]) == 64
    import hashlib
    from importlib import resources
    lexicon = resources.files("verbatim2journey.data").joinpath("polarity_lexicon.tsv").read_bytes()
    assert m["training"]["lexicon_sha256"] == hashlib.sha256(lexicon).hexdigest()
    assert m["params"]["lexicon_weight"] == 1.0
    assert "cross-validation (train)" in m["metrics"]
    assert (tiny_model_dir / "README.md").read_text("utf-8").startswith("# Model card")


def test_tampered_model_file_is_refused(tiny_model_dir, tmp_path):
    copy = tmp_path / "m"
    copy.mkdir()
    for f in tiny_model_dir.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    with open(copy / MODEL_FILE, "ab") as f:
        f.write(b"x")
    with pytest.raises(V2JError, match=r"\[E012\] Model file model.joblib in .* does not match its manifest"):
        load_model(copy)


def test_folder_without_manifest_is_refused(tmp_path):
    with pytest.raises(V2JError) as err:
        load_model(tmp_path)
    assert str(err.value) == (f"[E011] Model folder {tmp_path} has no manifest.json. Give a folder "
                              "written by `v2j train` or `JourneyClassifier.save()`.")


def test_other_scikit_learn_version_is_refused(tiny_model_dir, tmp_path):
    copy = tmp_path / "m"
    copy.mkdir()
    for f in tiny_model_dir.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    m = json.loads((copy / MANIFEST_FILE).read_text("utf-8"))
    m["versions"]["scikit-learn"] = "0.1.0"
    (copy / MANIFEST_FILE).write_text(json.dumps(m), "utf-8")
    with pytest.raises(V2JError, match=r"\[E013\] .* saved by scikit-learn 0.1.0"):
        load_model(copy)


def test_a_model_saved_before_the_binary_head_settings_still_describes_itself(tiny_model):
    import pickle
    state = tiny_model.__getstate__()
    del state["binary_C"], state["binary_nb_share"]
    old = type(tiny_model).__new__(type(tiny_model))
    old.__setstate__(state)
    params = old.get_params()
    assert params["binary_C"] == tiny_model.C and params["binary_nb_share"] == 0.0
    assert repr(pickle.loads(pickle.dumps(old))).startswith("JourneyClassifier(")
    texts = ["Colis jamais arrivé", "Conseillère au top"]
    assert old.predict(texts).equals(tiny_model.predict(texts))


def test_a_model_saved_before_the_lexicon_reads_without_one(tiny_corpus):
    import copy
    import pickle
    from verbatim2journey import JourneyClassifier
    model = JourneyClassifier(spacy_model="blank:fr", min_df=1, cv=2, lexicon_weight=0).fit(
        tiny_corpus["text"], tiny_corpus[["stage", "channels", "polarity", "rupture"]])
    old = copy.deepcopy(model)
    del old.__dict__["lexicon_weight"], old.features_.__dict__["lexicon_weight"], old.features_.__dict__["lexicon_"]
    old = pickle.loads(pickle.dumps(old))
    assert old.get_params()["lexicon_weight"] == 0.0 and old.features_.lexicon_ is None
    texts = ["Colis jamais arrivé", "Conseillère au top"]
    assert old.predict(texts).equals(model.predict(texts))
