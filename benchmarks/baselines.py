"""Standard baselines for the four heads, trained and tested on the corpus's own split.

    .venv/bin/python benchmarks/baselines.py [--only NAME ...] [--spacy-default-epochs N]

Every baseline has `fit_predict_<name>(train, test_texts) -> DataFrame` (one row per test
text, columns stage, channels, polarity, rupture, in test order) and `fit_<name>(train)`,
which returns the predict function, so that training and prediction can be timed apart.
`train` has the columns text, stage, channels (list), polarity, rupture (bool).

Baselines:
  tfidf_logreg    TF-IDF on words + one logistic regression per head (scikit-learn)
  spacy_bow       spaCy textcat, bag-of-words architecture (spacy.TextCatBOW.v3), blank "fr"
  spacy_default   spaCy textcat, default architecture (spacy.TextCatEnsemble.v2), blank "fr"
  fasttext        fastText supervised, one model per head

All are deterministic, need no network and use nothing pretrained. Hyperparameters are
fixed in advance (library defaults or the libraries' own tutorials); none is tuned on the
test split. Run as a script, it trains each on the train split of corpora/verbatims.jsonl,
predicts the test split and prints one table: train time, prediction throughput and the
headline figures of `verbatim2journey.evaluation.head_metrics`.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from verbatim2journey import load_journey

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "verbatims.jsonl"
HEADS = ["stage", "channels", "polarity", "rupture"]
SEED = 0
THRESHOLD = 0.5

Predictor = Callable[[list[str]], pd.DataFrame]


def _predictions(stage, channels, polarity, rupture) -> pd.DataFrame:
    """The common output frame: one row per text, the four heads with their types."""
    return pd.DataFrame({"stage": [str(s) for s in stage],
                         "channels": [list(c) for c in channels],
                         "polarity": [str(p) for p in polarity],
                         "rupture": [bool(r) for r in rupture]})


def _channel_sets(rows: np.ndarray, channel_ids: list[str]) -> list[list[str]]:
    """Channel lists, in journey order, from a 0/1 (texts x channels) matrix."""
    return [[c for c, on in zip(channel_ids, row) if on] for row in rows]


# --- TF-IDF + logistic regression --------------------------------------------------------

def _binary_scorer(X, y: np.ndarray):
    """P(y=1 | x) from a logistic regression; a constant when train has one class only."""
    from sklearn.linear_model import LogisticRegression

    # LogisticRegression refuses a single class (a channel nobody mentions in train).
    if y.min() == y.max():
        const = float(y[0])
        return lambda Z: np.full(Z.shape[0], const)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    return lambda Z: model.predict_proba(Z)[:, 1]


def fit_tfidf_logreg(train: pd.DataFrame) -> Predictor:
    """TF-IDF on raw words (lowercased, sublinear tf, otherwise scikit-learn defaults) and
    one LogisticRegression per head: multinomial for stage and polarity, one binary model
    per channel (threshold 0.5), binary for rupture (threshold 0.5)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    journey = load_journey()
    vectorizer = TfidfVectorizer(lowercase=True, sublinear_tf=True)
    X = vectorizer.fit_transform(train["text"].tolist())
    stage = LogisticRegression(max_iter=1000).fit(X, train["stage"])
    polarity = LogisticRegression(max_iter=1000).fit(X, train["polarity"])
    channels = [_binary_scorer(X, train["channels"].map(lambda cs, c=c: c in cs).to_numpy(int))
                for c in journey.channel_ids]
    rupture = _binary_scorer(X, train["rupture"].to_numpy(int))

    def predict(texts: list[str]) -> pd.DataFrame:
        if not len(texts):  # scikit-learn refuses an empty matrix
            return _predictions([], [], [], [])
        Z = vectorizer.transform(list(texts))
        on = np.column_stack([score(Z) for score in channels]) >= THRESHOLD
        return _predictions(stage.predict(Z), _channel_sets(on, journey.channel_ids),
                            polarity.predict(Z), rupture(Z) >= THRESHOLD)

    return predict


def fit_predict_tfidf_logreg(train: pd.DataFrame, test_texts: list[str]) -> pd.DataFrame:
    """TF-IDF + logistic regression per head; see `fit_tfidf_logreg`."""
    return fit_tfidf_logreg(train)(test_texts)


# --- spaCy textcat -----------------------------------------------------------------------

RUPTURE_LABELS = ("rupture", "pas_de_rupture")
BATCH_SIZE = 32


def _bow_model(exclusive: bool) -> dict:
    return {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": exclusive,
            "ngram_size": 2, "no_output_layer": False, "length": 262144, "nO": None}


def _ensemble_model(exclusive: bool) -> dict:
    """spaCy 3.8's default textcat model, written out: its tok2vec is learnt from scratch
    (include_static_vectors False), so a blank pipeline suffices."""
    return {
        "@architectures": "spacy.TextCatEnsemble.v2",
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                      "rows": [2000, 2000, 500, 1000, 500],
                      "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"],
                      "include_static_vectors": False},
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64,
                       "window_size": 1, "maxout_pieces": 3, "depth": 2},
        },
        "linear_model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": exclusive,
                         "ngram_size": 1, "no_output_layer": False, "length": 262144, "nO": None},
        "nO": None,
    }


def _train_textcat(texts: list[str], cats: list[dict], labels, *, exclusive: bool,
                   model: dict, epochs: int):
    """A blank French pipeline with one textcat component, trained on (text, cats) pairs."""
    import spacy
    from spacy.training import Example
    from spacy.util import minibatch

    spacy.util.fix_random_seed(SEED)
    nlp = spacy.blank("fr")
    factory = "textcat" if exclusive else "textcat_multilabel"
    textcat = nlp.add_pipe(factory, config={"model": model, "threshold": THRESHOLD})
    for label in labels:
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(t), {"cats": c}) for t, c in zip(texts, cats)]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(examples)
        # Fixed batches of 32: spaCy's compounding schedule (from 4 up) made the bag-of-words
        # model six times slower, as each update touches its whole 262144-row weight table.
        for batch in minibatch(examples, size=BATCH_SIZE):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def _one_hot(value: str, labels) -> dict:
    return {lab: float(lab == value) for lab in labels}


def _fit_spacy(train: pd.DataFrame, make_model: Callable[[bool], dict], epochs: int) -> Predictor:
    """Four spaCy pipelines, one per head: exclusive textcat for stage, polarity and rupture
    (two classes), textcat_multilabel for channels (threshold 0.5)."""
    journey = load_journey()
    texts = train["text"].tolist()
    rupture_names = train["rupture"].map(lambda r: RUPTURE_LABELS[0] if r else RUPTURE_LABELS[1])

    def exclusive(values, labels):
        return _train_textcat(texts, [_one_hot(v, labels) for v in values], labels,
                              exclusive=True, model=make_model(True), epochs=epochs)

    stage = exclusive(train["stage"], journey.stage_ids)
    polarity = exclusive(train["polarity"], journey.polarity_ids)
    rupture = exclusive(rupture_names, RUPTURE_LABELS)
    channel_cats = [{c: float(c in cs) for c in journey.channel_ids} for cs in train["channels"]]
    channels = _train_textcat(texts, channel_cats, journey.channel_ids, exclusive=False,
                              model=make_model(False), epochs=epochs)

    def cats(nlp, batch: list[str]) -> list[dict]:
        return [doc.cats for doc in nlp.pipe(batch, batch_size=256)]

    def predict(batch: list[str]) -> pd.DataFrame:
        batch = list(batch)
        if not batch:
            return _predictions([], [], [], [])
        chans = [[k for k in journey.channel_ids if c[k] >= THRESHOLD] for c in cats(channels, batch)]
        return _predictions([max(c, key=c.get) for c in cats(stage, batch)], chans,
                            [max(c, key=c.get) for c in cats(polarity, batch)],
                            [c[RUPTURE_LABELS[0]] >= THRESHOLD for c in cats(rupture, batch)])

    return predict


def fit_spacy_bow(train: pd.DataFrame, epochs: int = 10) -> Predictor:
    """spaCy's textcat with the bag-of-words architecture (spacy.TextCatBOW.v3, unigrams and
    bigrams) on spacy.blank("fr"), one pipeline per head, trained from scratch: `epochs`
    passes of nlp.update over shuffled minibatches of 32, Adam (spaCy's default optimizer),
    dropout 0.1, seed 0."""
    return _fit_spacy(train, _bow_model, epochs)


def fit_predict_spacy_bow(train: pd.DataFrame, test_texts: list[str], epochs: int = 10) -> pd.DataFrame:
    """spaCy textcat, bag-of-words architecture; see `fit_spacy_bow`."""
    return fit_spacy_bow(train, epochs)(test_texts)


def fit_spacy_default(train: pd.DataFrame, epochs: int = 10) -> Predictor:
    """spaCy's textcat with its default architecture (spacy.TextCatEnsemble.v2: a CNN tok2vec
    learnt from scratch, mean-pooled, plus a unigram bag-of-words) on spacy.blank("fr"),
    one pipeline per head, trained like `fit_spacy_bow`. On the 3338 train rows and 2 CPU
    cores, 10 epochs take about 45 s per head (about 55 s for channels), so the default
    epoch count is kept; `epochs` lowers it on a slower machine."""
    return _fit_spacy(train, _ensemble_model, epochs)


def fit_predict_spacy_default(train: pd.DataFrame, test_texts: list[str], epochs: int = 10) -> pd.DataFrame:
    """spaCy textcat, default (ensemble) architecture; see `fit_spacy_default`."""
    return fit_spacy_default(train, epochs)(test_texts)


# --- fastText ----------------------------------------------------------------------------

NO_CHANNEL = "aucun"
# The fastText text-classification tutorial's settings; the library defaults (5 epochs,
# lr 0.1, unigrams) underfit a few thousand short texts.
FASTTEXT_PARAMS = {"lr": 0.5, "epoch": 25, "wordNgrams": 2, "dim": 100, "minCount": 1,
                   "thread": 1, "seed": SEED, "verbose": 0}


def _fasttext_line(text: str) -> str:
    """One line, lowercased, punctuation split from words: the tutorial's preprocessing,
    since fastText itself only splits on whitespace."""
    text = re.sub(r"([^\w\s'’-])", r" \1 ", text.lower())
    return " ".join(text.split())


def _train_fasttext(texts: list[str], label_sets: list[list[str]], workdir: Path, name: str, **params):
    import fasttext

    path = workdir / f"{name}.txt"
    with path.open("w", encoding="utf-8") as f:
        for text, labels in zip(texts, label_sets):
            f.write(" ".join(f"__label__{lab}" for lab in labels) + " " + text + "\n")
    return fasttext.train_supervised(str(path), **{**FASTTEXT_PARAMS, **params})


def _top_label(model, lines: list[str]) -> list[str]:
    labels, _ = model.predict(lines, k=1)
    return [lab[0].removeprefix("__label__") for lab in labels]


def fit_fasttext(train: pd.DataFrame) -> Predictor:
    """fastText supervised, one model per head (softmax for stage, polarity and rupture as
    two classes; one-vs-all loss for channels, with __label__aucun for none, read at
    k=-1, threshold 0.5). One thread and seed 0 make training deterministic."""
    journey = load_journey()
    lines = [_fasttext_line(t) for t in train["text"]]
    with tempfile.TemporaryDirectory(prefix="baselines_fasttext_") as tmp:
        workdir = Path(tmp)
        stage = _train_fasttext(lines, [[s] for s in train["stage"]], workdir, "stage")
        polarity = _train_fasttext(lines, [[p] for p in train["polarity"]], workdir, "polarity")
        rupture = _train_fasttext(lines, [[RUPTURE_LABELS[0] if r else RUPTURE_LABELS[1]]
                                          for r in train["rupture"]], workdir, "rupture")
        channels = _train_fasttext(lines, [list(cs) or [NO_CHANNEL] for cs in train["channels"]],
                                   workdir, "channels", loss="ova")

    def predict(texts: list[str]) -> pd.DataFrame:
        batch = [_fasttext_line(t) for t in texts]
        if not batch:
            return _predictions([], [], [], [])
        found, _ = channels.predict(batch, k=-1, threshold=THRESHOLD)
        found = [{lab.removeprefix("__label__") for lab in labs} for labs in found]
        # "aucun" only stands for the empty set; any channel above threshold wins over it.
        chans = [[c for c in journey.channel_ids if c in labs] for labs in found]
        return _predictions(_top_label(stage, batch), chans, _top_label(polarity, batch),
                            [lab == RUPTURE_LABELS[0] for lab in _top_label(rupture, batch)])

    return predict


def fit_predict_fasttext(train: pd.DataFrame, test_texts: list[str]) -> pd.DataFrame:
    """fastText supervised per head; see `fit_fasttext`."""
    return fit_fasttext(train)(test_texts)


# --- benchmark ---------------------------------------------------------------------------

BASELINES: dict[str, Callable[..., Predictor]] = {
    "tfidf_logreg": fit_tfidf_logreg,
    "spacy_bow": fit_spacy_bow,
    "spacy_default": fit_spacy_default,
    "fasttext": fit_fasttext,
}


def evaluate(name: str, fit: Callable[..., Predictor], train: pd.DataFrame, test: pd.DataFrame,
             journey, **fit_args) -> dict:
    """Train on `train`, predict `test`, and return one table row of timings and figures."""
    from verbatim2journey.evaluation import head_metrics

    started = time.perf_counter()
    predict = fit(train[["text"] + HEADS].reset_index(drop=True), **fit_args)
    trained = time.perf_counter()
    y_pred = predict(test["text"].tolist())
    predicted = time.perf_counter()
    m = head_metrics(test[HEADS].reset_index(drop=True), y_pred, journey)
    return {"baseline": name, "train s": round(trained - started, 1),
            "texts/s": round(len(test) / (predicted - trained)),
            "stage F1": m["stage"]["macro_f1"], "stage acc": m["stage"]["accuracy"],
            "polarity F1": m["polarity"]["macro_f1"], "polarity acc": m["polarity"]["accuracy"],
            "channels µF1": m["channels"]["micro_f1"], "channels MF1": m["channels"]["macro_f1"],
            "rupture F1": m["rupture"]["f1"]}


def main():
    from verbatim2journey.corpus import read_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(BASELINES), help="baselines to run (default: all)")
    parser.add_argument("--spacy-default-epochs", type=int, default=10,
                        help="training epochs of spacy_default (default 10)")
    args = parser.parse_args()
    journey = load_journey()
    corpus = read_corpus(CORPUS, journey)
    train, test = corpus[corpus["split"] == "train"], corpus[corpus["split"] == "test"]
    print(f"{CORPUS.name}: {len(train)} train rows, {len(test)} test rows")
    rows = []
    for name in args.only or BASELINES:
        fit_args = {"epochs": args.spacy_default_epochs} if name == "spacy_default" else {}
        rows.append(evaluate(name, BASELINES[name], train, test, journey, **fit_args))
        print(f"  {name} done: trained in {rows[-1]['train s']} s", flush=True)
    print()
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
