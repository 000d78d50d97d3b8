"""Every head's probabilities from one sparse product.

All the fitted models are linear in the features (logistic regressions, complement
naive Bayes), so their coefficients are stacked into one matrix once, and a batch of
verbatims costs one sparse × dense product instead of one pass per model (about 30).
The probabilities equal the models' own `predict_proba` (`tests/test_classifier.py`);
models of another kind fall back to their own `predict_proba`.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.special import expit, softmax
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB, MultinomialNB


def _binary_logreg(model) -> bool:
    return isinstance(model, LogisticRegression) and model.coef_.shape[0] == 1


def _binary_averaged(model) -> bool:
    """A regression averaged with a two-class multinomial naive Bayes (`BinaryNBAveraged`)."""
    regression, bayes = getattr(model, "regression_", None), getattr(model, "bayes_", None)
    return _binary_logreg(regression) and (bayes is None or (
        type(bayes) is MultinomialNB and list(bayes.classes_) == list(regression.classes_)))


def _stacked(plan) -> bool:
    return plan is None or isinstance(plan, tuple)


class StackedHeads:
    """Columns: per averaged head (stage, polarity) its one-vs-rest regressions and its
    naive Bayes, then per channel model and for rupture its regression (and its naive
    Bayes when averaged with one).

    A two-class multinomial naive Bayes is linear too: its probability of the second
    class is the logistic function of the difference of the two classes' scores."""

    def __init__(self, heads: dict, channel_models: list, rupture_model, n_features: int,
                 n_word_features: int):
        columns, intercepts = [], []
        self.plan = []

        def add(coef: np.ndarray, intercept: np.ndarray) -> slice:
            start = sum(c.shape[1] for c in columns)
            columns.append(coef)
            intercepts.append(intercept)
            return slice(start, start + coef.shape[1])

        for name, averaged in heads.items():
            estimators = averaged.regression_.estimators_
            if len(estimators) < 2 or not all(_binary_logreg(e) for e in estimators):
                self.plan.append((name, "own", averaged, None, None))
                continue
            lr = add(np.vstack([e.coef_[0] for e in estimators]).T,
                     np.array([e.intercept_[0] for e in estimators]))
            nb = None
            bayes = averaged.bayes_
            if isinstance(bayes, ComplementNB) and len(bayes.classes_) > 1:
                coef = np.zeros((n_features, len(bayes.classes_)))
                coef[:n_word_features] = bayes.feature_log_prob_.T
                nb = add(coef, np.zeros(len(bayes.classes_)))
            elif bayes is not None:
                self.plan.append((name, "own", averaged, None, None))
                continue
            self.plan.append((name, "averaged", averaged, lr, nb))
        def binary(model):
            """A model's plan: its columns, or the model itself when it is of another kind."""
            if _binary_logreg(model):
                return (add(model.coef_.T, model.intercept_), None, 0.0)
            if not _binary_averaged(model):
                return model
            regression, bayes = model.regression_, model.bayes_
            lr = add(regression.coef_.T, regression.intercept_)
            if bayes is None:
                return (lr, None, 0.0)
            coef = np.zeros((n_features, 1))
            coef[:n_word_features, 0] = bayes.feature_log_prob_[1] - bayes.feature_log_prob_[0]
            nb = add(coef, np.array([bayes.class_log_prior_[1] - bayes.class_log_prior_[0]]))
            return (lr, nb, model.nb_share)

        self.channel_plan = [None if model is None else binary(model) for model in channel_models]
        self.rupture_plan = None if rupture_model is None else binary(rupture_model)
        self.weights = np.hstack(columns) if columns else np.zeros((n_features, 0))
        self.intercepts = np.concatenate(intercepts) if intercepts else np.zeros(0)
        self.needs_stacked = (any(how == "own" for _, how, *_ in self.plan)
                              or any(not _stacked(p) for p in [*self.channel_plan, self.rupture_plan]))

    def scores(self, blocks: list) -> np.ndarray:
        """Linear scores of feature blocks laid side by side, block by block."""
        z = np.tile(self.intercepts, (blocks[0].shape[0], 1))
        start = 0
        for block in blocks:
            stop = start + block.shape[1]
            z += block @ self.weights[start:stop]
            start = stop
        return z

    def proba(self, blocks: list) -> tuple[dict, np.ndarray, np.ndarray]:
        """`({head: (n, classes)} in each model's class order, channels (n, k), rupture (n,))`
        from the feature blocks (`VerbatimFeatures.transform_blocks`).

        Channels without a model are 0; rupture is 0 without a model."""
        z = self.scores(blocks)
        X = None
        if self.needs_stacked:  # a model of another kind wants the features as one matrix
            X = sp.hstack(blocks, format="csr", dtype=np.float32)
        heads = {}
        for name, how, averaged, lr, nb in self.plan:
            if how == "own":
                heads[name] = averaged.predict_proba(X)
                continue
            p = expit(z[:, lr])
            p /= p.sum(axis=1, keepdims=True)
            if nb is not None:
                p = (1 - averaged.nb_share) * p + averaged.nb_share * softmax(z[:, nb], axis=1)
            heads[name] = p
        n = z.shape[0]

        def binary(plan) -> np.ndarray:
            if plan is None:
                return np.zeros(n)
            if not isinstance(plan, tuple):
                return plan.predict_proba(X)[:, 1]
            lr, nb, share = plan
            p = expit(z[:, lr][:, 0])
            return p if nb is None else (1 - share) * p + share * expit(z[:, nb][:, 0])

        channels = np.zeros((n, len(self.channel_plan)))
        for j, plan in enumerate(self.channel_plan):
            channels[:, j] = binary(plan)
        return heads, channels, binary(self.rupture_plan)
