"""Train a model from a labelled corpus and evaluate one on held-out rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .classifier import JourneyClassifier
from .corpus import corpus_sha256, read_corpus
from .errors import V2JError
from .evaluation import head_metrics
from .journey import Journey, load_journey
from .labels import HEADS

TEST_SPLIT_KEY = "test split"


def select_split(corpus: pd.DataFrame, split: str) -> pd.DataFrame:
    """Rows of one split; `all` keeps every row. A corpus without a split column is all train."""
    if split == "all":
        return corpus
    if "split" not in corpus.columns:
        return corpus if split == "train" else corpus.iloc[0:0]
    return corpus[corpus["split"] == split]


@dataclass
class TrainResult:
    model: JourneyClassifier
    path: Path
    test_metrics: dict | None
    n_train: int
    n_test: int


def train_from_corpus(corpus_path, output, *, journey_path=None, params=None) -> TrainResult:
    """Fit on the corpus's train rows (all rows if it has no split), evaluate on its test
    rows if any, and save the model with both sets of metrics."""
    journey = load_journey(journey_path)
    corpus = read_corpus(corpus_path, journey)
    train = select_split(corpus, "train")
    test = select_split(corpus, "test")
    if len(train) == 0:
        raise V2JError("E017", value="split", name=str(corpus_path), reason="no row has split = train")
    clf = JourneyClassifier(journey=journey, **(params or {}))
    clf.fit(train["text"], train[list(HEADS)])
    metrics = {}
    if len(test):
        metrics[TEST_SPLIT_KEY] = head_metrics(test[list(HEADS)].reset_index(drop=True),
                                               clf.predict(test["text"].tolist()), journey)
    path = clf.save(output, metrics=metrics, corpus_hash=corpus_sha256(corpus_path))
    return TrainResult(clf, path, metrics.get(TEST_SPLIT_KEY), len(train), len(test))


def evaluate_on_corpus(clf: JourneyClassifier, corpus_path, *, split: str = "test") -> tuple[dict, int]:
    journey: Journey = clf.journey_
    corpus = read_corpus(corpus_path, journey)
    rows = select_split(corpus, split)
    if len(rows) == 0:
        raise V2JError("E017", value=split, name="--split",
                       reason=f"{corpus_path} has no row in that split; use --split all")
    pred = clf.predict(rows["text"].tolist())
    return head_metrics(rows[list(HEADS)].reset_index(drop=True), pred, journey), len(rows)
