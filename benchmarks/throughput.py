"""Throughput and memory of `v2j classify`, file to file, against the naive path.

    .venv/bin/python benchmarks/throughput.py                                # N = 10k and 100k
    .venv/bin/python benchmarks/throughput.py --rows 10000 100000 1000000    # and 1M

Builds CSV exports of N rows (id, date, text) by cycling the corpus texts, each made
unique by a reference number (no two rows alike, as in a real export, so no result can
be reused from one row to the next), then measures in one run, each path in its own
process:

  (a) naive: the full fr_core_news_sm pipeline on every text (tagger, parser, NER,
      lemmatizer), no cache, then a classifier trained on those lemmas;
  (b) shipped: `v2j classify INPUT -o OUTPUT`, with its default number of processes
      (one per core, at most 4) and with `--jobs 1`.

Times are wall-clock, process start-up and model loading included. Memory is the peak
of the proportional set size summed over the process and its workers. The naive path
runs at a few hundred texts per second, so it is timed on its first `--naive-rows` rows
(the ratio compares rates). Accuracy of both on the corpus test split is printed too,
with the agreement of their labels on the export.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "verbatims.jsonl"
HEADS = ["stage", "channels", "polarity", "rupture"]

NAIVE_SCRIPT = r"""
import json, sys, time
import pandas as pd, spacy
from verbatim2journey import JourneyClassifier, load_journey
from verbatim2journey.corpus import read_corpus
from verbatim2journey.normalize import fold_accents, normalize
from verbatim2journey.preprocess import Preprocessor, mark_negation

corpus, src, dst, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
journey = load_journey()
df = read_corpus(corpus, journey)
train = df[df.split == "train"]
clf = JourneyClassifier(lemmatize=True).fit(train.text, train[["stage", "channels", "polarity", "rupture"]])
nlp = spacy.load("fr_core_news_sm")  # every component, as a first version would


class FullPipeline(Preprocessor):
    # The whole pipeline on every text, no de-duplication: the path a first version takes.
    def analyse(self, texts):
        texts = ["" if t is None else str(t) for t in texts]
        norm = [normalize(t) for t in texts]
        tokens = []
        for doc in nlp.pipe(norm, batch_size=256):
            words = [fold_accents(t.lemma_ or t.text).rstrip("'") or t.text for t in doc if not t.is_space]
            tokens.append(" ".join(mark_negation(words)))
        return [fold_accents(t) for t in norm], tokens


clf.preprocessor_ = FullPipeline(lemmatize=True)
test = df[df.split == "test"]
from verbatim2journey.evaluation import head_metrics
m = head_metrics(test[["stage", "channels", "polarity", "rupture"]].reset_index(drop=True), clf.predict(test.text.tolist()), journey)
export = pd.read_csv(src, dtype=str, keep_default_na=False, nrows=n)
started = time.perf_counter()
out = clf.predict(export["text"])
from verbatim2journey.tables import write_table
write_table(pd.concat([export, out], axis=1), dst)
seconds = time.perf_counter() - started
print(json.dumps({"rows": len(export), "seconds": seconds, "metrics": m}))
"""


def build_export(n: int, path: Path) -> None:
    """N rows cycling the corpus texts, each made unique by a reference number, as real
    exports are (no two verbatims alike, but the same words over and over)."""
    texts = pd.read_json(CORPUS, lines=True)["text"].tolist()
    rng = random.Random(20261123)
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,date,text\n")
        for i in range(n):
            text = f"{texts[i % len(texts)]} (réf. {rng.randrange(10**6, 10**7)})".replace('"', '""')
            f.write(f'{i},2026-{1 + i % 12:02d}-{1 + i % 28:02d},"{text}"\n')


MEASURE = r"""
import os, subprocess, sys, time


def tree(root):
    children = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(pid))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
peak = 0
while p.poll() is None:
    peak = max(peak, sum(pss_kb(pid) for pid in tree(p.pid)))
    time.sleep(0.2)
out, err = p.communicate()
sys.stdout.write(out)
sys.stderr.write(err)
print(time.perf_counter() - t, peak)
sys.exit(p.returncode)
"""


def run_child(args: list[str]) -> tuple[float, int, str]:
    """Wall time, peak memory (MB) and stdout of a command, measured from a wrapper process.

    Memory is the proportional set size (PSS) summed over the command and the worker
    processes it starts, sampled every 0.2 s: pages the workers share with their parent
    count once, as they occupy the machine's memory once."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:2])} failed: {done.stderr.strip().splitlines()[-1]}")
    *out, last = done.stdout.rstrip("\n").split("\n")
    seconds, peak_kb = last.split()
    return float(seconds), int(peak_kb) // 1024, "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000], help="export sizes")
    parser.add_argument("--naive-rows", type=int, default=3000, help="rows timed on the naive path")
    parser.add_argument("--jobs", nargs="+", default=["default", "1"],
                        help="process counts of the shipped path to measure ('default' = v2j's own choice)")
    args = parser.parse_args()
    v2j = str(Path(sys.executable).with_name("v2j"))
    from verbatim2journey.batch import default_jobs
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sizes = sorted(args.rows)
        build_export(max(sizes[0], args.naive_rows), tmp / "naive.csv")
        _, naive_peak, out = run_child([sys.executable, "-c", NAIVE_SCRIPT, str(CORPUS), str(tmp / "naive.csv"),
                                        str(tmp / "naive_out.csv"), str(args.naive_rows)])
        naive = json.loads(out.strip().splitlines()[-1])
        naive_rate = naive["rows"] / naive["seconds"]
        rows.append({"path": "(a) naive: full pipeline", "jobs": 1, "rows": naive["rows"],
                     "seconds": round(naive["seconds"], 1), "verbatims/s": round(naive_rate),
                     "peak MB": naive_peak, "ratio b/a": 1.0})
        shipped_out = None
        for n in sizes:
            src, dst = tmp / f"export_{n}.csv", tmp / f"tagged_{n}.csv"
            build_export(n, src)
            for jobs in args.jobs:
                extra = [] if jobs == "default" else ["--jobs", jobs]
                seconds, peak, _ = run_child([v2j, "classify", str(src), "-o", str(dst), "--quiet", *extra])
                rate = n / seconds
                rows.append({"path": "(b) shipped: v2j classify", "jobs": default_jobs() if jobs == "default" else int(jobs),
                             "rows": n, "seconds": round(seconds, 1), "verbatims/s": round(rate), "peak MB": peak,
                             "ratio b/a": round(rate / naive_rate, 1)})
                if shipped_out is None:
                    shipped_out = pd.read_csv(dst, dtype=str, keep_default_na=False, nrows=args.naive_rows)
            dst.unlink()
            src.unlink()
        naive_out = pd.read_csv(tmp / "naive_out.csv", dtype=str, keep_default_na=False)
    print("End to end, file to file (process start-up and model loading included)")
    print(pd.DataFrame(rows).to_string(index=False))
    agree = {h: round(float((naive_out[h] == shipped_out[h].iloc[:len(naive_out)]).mean()), 3) for h in HEADS}
    print(f"\nLabel agreement of (a) and (b) on the first {len(naive_out)} rows: "
          + ", ".join(f"{h} {v}" for h, v in agree.items()))
    from verbatim2journey import load_journey, load_model
    from verbatim2journey.corpus import read_corpus
    from verbatim2journey.evaluation import head_metrics, summary_rows
    journey = load_journey()
    df = read_corpus(CORPUS, journey)
    test = df[df.split == "test"]
    shipped = head_metrics(test[HEADS].reset_index(drop=True), load_model().predict(test.text.tolist()), journey)
    table = pd.DataFrame([(h, m, a, b) for (h, m, a), (_, _, b) in zip(summary_rows(naive["metrics"]), summary_rows(shipped))],
                         columns=["head", "measure", "(a) naive", "(b) shipped"])
    print("\nAccuracy on the corpus test split")
    print(table.to_string(index=False))


if __name__ == "__main__":
    main()
