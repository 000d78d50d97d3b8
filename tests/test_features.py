"""The fast transforms equal scikit-learn's own, and cue patterns are split correctly."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from verbatim2journey import load_journey
from verbatim2journey.features import ChannelCues, VerbatimFeatures, within_word
from verbatim2journey.preprocess import Preprocessor

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "verbatims.jsonl"
CUES = [[r"\bsite\b", r"\ben ligne\b"], [r"\bappli", r"\bl ?app\b"], [r"^bonjour"], []]


@pytest.fixture(scope="module")
def analysed():
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")][:1500]
    texts += ["", "ℌ Ⅻ ﬁn", "a  b\u00a0c", "site,site.site en  ligne", "l'app l app lapp"]
    return Preprocessor(spacy_model="blank:fr").analyse(texts)


@pytest.fixture(scope="module")
def features(analysed):
    journey = load_journey()
    return VerbatimFeatures(min_df=1, cues=[list(c.cues) for c in journey.channels]).fit(analysed)


def test_word_and_character_blocks_equal_scikit_learn(features, analysed):
    folded, tokens = analysed
    for _ in range(2):  # cold, then with the word cache filled
        word, char, *_ = features.transform_blocks(analysed)
        expected_word = features.word_.transform(tokens)
        expected_char = features.char_.transform(folded)
        assert abs(word - expected_word).max() < 1e-6 and word.nnz == expected_word.nnz
        assert abs(char - expected_char).max() < 1e-6 and char.nnz == expected_char.nnz


def test_transform_is_the_blocks_side_by_side(features, analysed):
    stacked = features.transform(analysed)
    blocks = features.transform_blocks(analysed)
    assert stacked.shape == (len(analysed[0]), sum(b.shape[1] for b in blocks))
    assert [b.shape[1] for b in blocks[2:]] == [features.cues_.n_features_out_, 4]
    assert abs(stacked[:, -4:] - blocks[3]).max() == 0
    assert features.n_features() == stacked.shape[1] == len(features.feature_names())
    assert list(features.feature_names()[-4:]) == ["lexique:positif", "lexique:negatif",
                                                    "lexique:positif_nie", "lexique:negatif_nie"]


def test_no_lexicon_block_at_weight_zero(analysed):
    features = VerbatimFeatures(min_df=1, lexicon_weight=0).fit(analysed)
    assert features.lexicon_ is None and len(features.transform_blocks(analysed)) == 2


@pytest.mark.parametrize("pattern,inside", [
    (r"\bsite\b", True), (r"\bappli", True), (r"\bconseill\w+", True), (r"[a-z]+", True),
    (r"\ben ligne\b", False), (r"\bl ?app\b", False), (r"\bself[- ]?scan", False), (r"a.b", False),
    (r"[^a]", False), (r"\W", False), (r"^site", False), (r"site$", False), (r"a\sb", False),
    (r"(?<! )site", False), (r"(", False),
])
def test_within_word(pattern, inside):
    assert within_word(pattern) is inside


def test_cue_counts_equal_a_plain_count_of_each_pattern(analysed):
    folded, _ = analysed
    cues = ChannelCues(cues=CUES, weight=1.0).fit(folded)
    counts = cues.counts(folded)
    for j, patterns in enumerate(CUES):
        expected = [sum(len(re.findall(p, text)) for p in patterns) for text in folded]
        assert counts[:, j].tolist() == expected
    assert cues.transform(folded).max() <= 3


def test_a_full_word_cache_is_emptied_without_losing_words(features, analysed, monkeypatch):
    from verbatim2journey import features as module
    monkeypatch.setattr(module, "WORD_CACHE_SIZE", 50)
    features.__dict__.pop("_cache_char", None)
    for start in range(0, 300, 100):
        part = (analysed[0][start:start + 100], analysed[1][start:start + 100])
        _, char, *_ = features.transform_blocks(part)
        assert abs(char - features.char_.transform(part[0])).max() < 1e-6
    # Emptied when full, then filled with the last batch's words only.
    assert len(features._cache_char) == len(set(" ".join(analysed[0][200:300]).split()))


@pytest.mark.parametrize("ngrams", [(1, 1), (1, 3), (2, 3)])
def test_word_block_equals_scikit_learn_for_other_ngram_ranges(analysed, ngrams):
    features = VerbatimFeatures(min_df=1, word_ngrams=ngrams).fit(analysed)
    word = features.transform_blocks(analysed)[0]
    expected = features.word_.transform(analysed[1])
    assert abs(word - expected).max() < 1e-6 and word.nnz == expected.nnz
