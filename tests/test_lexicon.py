"""The polarity lexicon: its file, and the four scores it gives a verbatim."""

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from verbatim2journey.lexicon import COLUMNS, PolarityLexicon, read_lexicon

TOKENS = [
    "service excellent",
    "livreur desagreable et colis lent",
    "pas neg_satisfait du service",
    "colis livre mardi",
    "",
]


def test_the_shipped_lexicon_reads_folded_words_with_their_polarity():
    lexicon = read_lexicon()
    assert len(lexicon) > 3000
    assert all(-1 <= p <= 1 and abs(p) >= 0.1 for p in lexicon.values())
    assert all(w == w.lower() and " " not in w and not w.startswith("#") for w in lexicon)
    assert lexicon["parfait"] > 0.5 and lexicon["desagreable"] < 0 and lexicon["satisfait"] > 0


def test_scores_sum_the_positive_and_negative_words_plain_and_negated():
    lexicon = read_lexicon()
    scores = PolarityLexicon().fit(TOKENS).transform(TOKENS).toarray()
    assert scores.shape == (len(TOKENS), len(COLUMNS)) and scores.dtype == np.float32
    assert scores[0] == pytest.approx([np.log1p(lexicon["excellent"]), 0, 0, 0], abs=1e-6)
    negative = abs(lexicon["desagreable"]) + abs(lexicon["lent"])
    assert scores[1] == pytest.approx([0, np.log1p(negative), 0, 0], abs=1e-6)
    # A negated positive word counts in its own column, not as a positive one.
    assert scores[2] == pytest.approx([0, 0, np.log1p(lexicon["satisfait"]), 0], abs=1e-6)
    assert not scores[3].any() and not scores[4].any()


def test_weight_scales_the_scores_and_names_say_what_they_are():
    one = PolarityLexicon(weight=1.0).fit(TOKENS)
    half = PolarityLexicon(weight=0.5).fit(TOKENS)
    assert np.allclose(half.transform(TOKENS).toarray(), one.transform(TOKENS).toarray() * 0.5)
    assert list(one.get_feature_names_out()) == ["lexique:positif", "lexique:negatif",
                                                 "lexique:positif_nie", "lexique:negatif_nie"]


def test_unfitted_lexicon_raises_not_fitted():
    with pytest.raises(NotFittedError):
        PolarityLexicon().transform(TOKENS)
