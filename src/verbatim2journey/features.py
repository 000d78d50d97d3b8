"""Features shared by every head: word n-grams of lemmas, character n-grams, channel cues."""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted


def _split(text: str) -> list[str]:
    return text.split()


class ChannelCues(TransformerMixin, BaseEstimator):
    """One column per channel: how many of its cue patterns the folded text matches.

    The patterns come from the journey file, so a custom journey brings its own cues;
    the classifiers weigh these columns like any other feature.
    """

    def __init__(self, *, cues=None, weight=1.0):
        self.cues = cues
        self.weight = weight

    def fit(self, X, y=None):
        self.patterns_ = [re.compile("|".join(f"(?:{c})" for c in cue_list)) if cue_list else None
                          for cue_list in (self.cues or [])]
        self.n_features_out_ = len(self.patterns_)
        return self

    def transform(self, X):
        check_is_fitted(self, "patterns_")
        out = np.zeros((len(X), len(self.patterns_)), dtype=np.float64)
        for j, pattern in enumerate(self.patterns_):
            if pattern is None:
                continue
            for i, text in enumerate(X):
                n = len(pattern.findall(text))
                if n:
                    out[i, j] = self.weight * min(n, 3)
        return sp.csr_matrix(out)


class VerbatimFeatures(TransformerMixin, BaseEstimator):
    """Stack word n-grams (on analysed tokens), character n-grams and cues (on folded text).

    `X` is a pair of lists `(folded_texts, token_strings)` as `Preprocessor.analyse` returns.
    """

    def __init__(self, *, word_ngrams=(1, 2), char_ngrams=(2, 5), min_df=2,
                 max_char_features=150_000, cues=None, cue_weight=0.3):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.cues = cues
        self.cue_weight = cue_weight

    def fit(self, X, y=None):
        folded, tokens = X
        self.word_ = TfidfVectorizer(tokenizer=_split, token_pattern=None, lowercase=False,
                                     ngram_range=tuple(self.word_ngrams), min_df=self.min_df,
                                     sublinear_tf=True, dtype=np.float32)
        self.char_ = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                     min_df=self.min_df, max_features=self.max_char_features,
                                     sublinear_tf=True, dtype=np.float32)
        self.cues_ = ChannelCues(cues=self.cues, weight=self.cue_weight)
        self.word_.fit(tokens)
        self.char_.fit(folded)
        self.cues_.fit(folded)
        return self

    def transform(self, X):
        check_is_fitted(self, "word_")
        folded, tokens = X
        blocks = [self.word_.transform(tokens), self.char_.transform(folded)]
        if self.cues_.n_features_out_:
            blocks.append(self.cues_.transform(folded))
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def feature_names(self) -> np.ndarray:
        check_is_fitted(self, "word_")
        names = [f"mot:{n}" for n in self.word_.get_feature_names_out()]
        names += [f"car:{n}" for n in self.char_.get_feature_names_out()]
        names += [f"indice:{i}" for i in range(self.cues_.n_features_out_)]
        return np.array(names, dtype=object)
