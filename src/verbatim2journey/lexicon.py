"""Polarity lexicon scores: what French adjectives say, including those the corpus lacks.

Four columns per verbatim, from the analysed tokens (folded, negation marked): the summed
polarity of its positive and of its negative lexicon words, then the same for the words
under a negation (`neg_satisfait`). Each is log-scaled and weighted; the heads learn what
to make of them. They carry knowledge of words no labelled verbatim contains, which is what
real reviews written by other people need (README, "What was measured").
"""

from __future__ import annotations

import hashlib
import itertools
from importlib import resources

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

LEXICON_FILE = "polarity_lexicon.tsv"
NEG_PREFIX = "neg_"
COLUMNS = ("positif", "negatif", "positif_nie", "negatif_nie")


def _lexicon_bytes() -> bytes:
    return resources.files("verbatim2journey.data").joinpath(LEXICON_FILE).read_bytes()


def read_lexicon(data: bytes | None = None) -> dict[str, float]:
    """The shipped lexicon (or the lexicon file's bytes `data`): folded word -> polarity in [-1, 1]."""
    text = (_lexicon_bytes() if data is None else data).decode("utf-8")
    lexicon = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, polarity = line.split("\t")
            lexicon[word] = float(polarity)
    return lexicon


class PolarityLexicon(TransformerMixin, BaseEstimator):
    """Token strings -> (n, 4) lexicon scores, times `weight`.

    The lexicon is read at `fit` and kept in the fitted object (with the sha256 of its
    file, which the model's manifest records), so a saved model scores with the words it
    was trained with.
    """

    def __init__(self, *, weight=1.0):
        self.weight = weight

    def fit(self, X, y=None):
        data = _lexicon_bytes()
        lexicon = read_lexicon(data)
        self.sha256_ = hashlib.sha256(data).hexdigest()
        words = sorted(lexicon)
        # Each word and its negated form is one row of a (words × 4) matrix of scores.
        self.index_ = {w: i for i, w in enumerate(words)}
        self.index_.update({NEG_PREFIX + w: len(words) + i for i, w in enumerate(words)})
        polarity = np.array([lexicon[w] for w in words])
        scores = np.zeros((2 * len(words), len(COLUMNS)))
        rows = np.arange(len(words))
        scores[rows, np.where(polarity > 0, 0, 1)] = np.abs(polarity)
        scores[len(words) + rows, np.where(polarity > 0, 2, 3)] = np.abs(polarity)
        self.scores_ = sp.csr_matrix(scores)
        self.n_features_out_ = len(COLUMNS)
        return self

    def transform(self, X):
        return self.transform_split([text.split() for text in X])

    def transform_split(self, token_lists: list[list[str]]):
        """`transform` of token strings already split into words."""
        check_is_fitted(self, "index_")
        lengths = [len(words) for words in token_lists]
        flat = list(itertools.chain.from_iterable(token_lists))
        rows = np.fromiter(map(self.index_.get, flat, itertools.repeat(-1, len(flat))),
                           dtype=np.int64, count=len(flat))
        docs = np.repeat(np.arange(len(lengths)), lengths)
        known = rows >= 0
        hits = sp.csr_matrix((np.ones(int(known.sum())), (docs[known], rows[known])),
                             shape=(len(lengths), self.scores_.shape[0]))
        summed = (hits @ self.scores_).tocsr()
        summed.data = np.log1p(summed.data) * self.weight
        summed.eliminate_zeros()
        return summed.astype(np.float32)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"lexique:{c}" for c in COLUMNS], dtype=object)
