"""Accuracy of the shipped model against standard baselines, on real text, and with few labels.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/accuracy.py            # everything (about 15 minutes on 2 cores)
    .venv/bin/python benchmarks/accuracy.py --quick    # the shipped model and TF-IDF only

Every system learns from the `train` rows of corpora/verbatims.jsonl and is scored once on
its `test` rows. The real-text section reads ../shared/realdata when it is there (it is not
part of the project and never used for training) and says so when it is not.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from verbatim2journey import JourneyClassifier, load_journey, load_model  # noqa: E402
from verbatim2journey.corpus import read_corpus  # noqa: E402
from verbatim2journey.evaluation import head_metrics  # noqa: E402

CORPUS = ROOT / "corpora" / "verbatims.jsonl"
REALDATA = ROOT.parent / "shared" / "realdata"
HEADS = ["stage", "channels", "polarity", "rupture"]
RATED = [("assurance (opinion reviews)", "assurances_fr/reviews_sample5000.csv"),
         ("e-commerce (Trustpilot)", "cdiscount_trustpilot/reviews_sample5000.csv"),
         ("bank (Trustpilot, Belgium)", "keytrade_bank_trustpilot/reviews_fr.csv")]
CURVE_SIZES = (50, 100, 200, 500, 1000)


def shipped_row(model, test, journey) -> dict:
    """The shipped model, scored like the baselines (its training time is the manifest's)."""
    started = time.perf_counter()
    pred = model.predict(test["text"].tolist())
    seconds = time.perf_counter() - started
    m = head_metrics(test[HEADS].reset_index(drop=True), pred, journey)
    return {"baseline": "verbatim2journey (shipped)", "train s": model.manifest_["training"]["fit_seconds"],
            "texts/s": round(len(test) / seconds),
            "stage F1": m["stage"]["macro_f1"], "stage acc": m["stage"]["accuracy"],
            "polarity F1": m["polarity"]["macro_f1"], "polarity acc": m["polarity"]["accuracy"],
            "channels µF1": m["channels"]["micro_f1"], "channels MF1": m["channels"]["macro_f1"],
            "rupture F1": m["rupture"]["f1"]}, m


def real_text_section(model):
    if not REALDATA.is_dir():
        print(f"\nReal text: {REALDATA} is not there; section skipped.")
        return
    print("\nReal text: polarity against star ratings (1-2 = irritant, 4-5 = enchantement, 3 left out)")
    lines = []
    for name, file in RATED:
        df = pd.read_csv(REALDATA / file)
        df = df[df["rating"] != 3]
        gold = np.where(df["rating"] <= 2, "irritant", "enchantement")
        pred = model.predict(df["text"].tolist())
        lines.append({"source": name, "rows": len(df),
                      "accuracy": round(float(np.mean(pred["polarity"].to_numpy() == gold)), 3),
                      "predicted neutre": round(float(np.mean(pred["polarity"] == "neutre")), 3)})
    table = pd.DataFrame(lines)
    total = (table["accuracy"] * table["rows"]).sum() / table["rows"].sum()
    print(table.to_string(index=False))
    print(f"all rated reviews: {total:.3f}")
    tweets = pd.read_csv(REALDATA / "free_tweets" / "tweets.csv")
    tweets = tweets[(~tweets["is_official_account"]) & (~tweets["is_retweet"])]
    sample = tweets.sample(25, random_state=1)
    pred = model.predict(sample["text"].tolist())
    print("\nISP tweets (customer accounts only): 25 predictions to read by eye")
    for text, (_, p) in zip(sample["text"], pred.iterrows()):
        print(f"- [{p['stage']}, {'|'.join(p['channels']) or '-'}, {p['polarity']}, "
              f"{'rupture' if p['rupture'] else '-'}] {text[:140]}")


def learning_curve(train, test, journey, params):
    print("\nFew labels: stage macro-F1 on the test split by number of training rows "
          "(stratified random subsets of the train split, seed 0)")
    rows = []
    for n in CURVE_SIZES:
        picked = []
        for _, group in train.groupby("stage"):
            picked += group.sample(max(int(round(n * len(group) / len(train))), 3), random_state=0).index.tolist()
        subset = train.loc[picked]
        clf = JourneyClassifier(**{**params, "cv": 3}).fit(subset["text"], subset[HEADS])
        m = head_metrics(test[HEADS].reset_index(drop=True), clf.predict(test["text"].tolist()), journey)
        rows.append({"training rows": len(subset), "stage F1": m["stage"]["macro_f1"],
                     "polarity F1": m["polarity"]["macro_f1"], "channels µF1": m["channels"]["micro_f1"]})
    print(pd.DataFrame(rows).to_string(index=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the shipped model and TF-IDF")
    parser.add_argument("--curve-only", action="store_true", help="only the learning curve")
    args = parser.parse_args()
    journey = load_journey()
    corpus = read_corpus(CORPUS, journey)
    train = corpus[corpus["split"] == "train"].reset_index(drop=True)
    test = corpus[corpus["split"] == "test"].reset_index(drop=True)
    model = load_model()
    print(f"Corpus: {len(train)} train rows, {len(test)} test rows")
    params = {k: v for k, v in model.get_params().items() if k != "journey"}
    if args.curve_only:
        learning_curve(train, test, journey, params)
        return

    import baselines
    first, m = shipped_row(model, test, journey)
    rows = [first]
    for name in (["tfidf_logreg"] if args.quick else list(baselines.BASELINES)):
        rows.append(baselines.evaluate(name, baselines.BASELINES[name], train, test, journey))
        print(f"  {name} done", file=sys.stderr, flush=True)
    table = pd.DataFrame(rows).rename(columns={"baseline": "system"})
    print("\nTest split, one run (F1 = macro-F1 for stage and polarity; µF1/MF1 = micro/macro-F1 "
          "for channels; train s = training time; texts/s = prediction throughput)")
    print(table.to_string(index=False))
    print("\nCalibration of the shipped model on the test split (expected calibration error): "
          + ", ".join(f"{h} {m[h]['ece']:.3f}" for h in ("stage", "polarity", "channels", "rupture")))
    real_text_section(model)
    if not args.quick:
        learning_curve(train, test, journey, params)


if __name__ == "__main__":
    main()
