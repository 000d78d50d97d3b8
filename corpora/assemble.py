"""Assemble the written parts into corpora/verbatims.jsonl with a fixed train/test split.

    python corpora/assemble.py

The split is stratified on (stage, polarity) and fixed: inside each group, new rows are
ordered by the sha1 of their id and every fifth goes to `test`; rows already in
verbatims.jsonl keep their split.
"""

import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELDS = ["id", "text", "stage", "channels", "polarity", "rupture", "source", "sector", "split"]


def text_key(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def merge_repeats(rows):
    """Keep one row per text (same words, case and punctuation aside), with each head's
    majority label among the copies: short answers ("RAS", "trop cher") were written in
    several parts, and one corpus must not teach two labels for one text."""
    by_key = defaultdict(list)
    for row in rows:
        by_key[text_key(row["text"])].append(row)
    kept = []
    for copies in by_key.values():
        first = copies[0]
        for head in ("stage", "polarity", "rupture"):
            first[head] = Counter(r[head] for r in copies).most_common(1)[0][0]
        first["channels"] = list(Counter(tuple(r["channels"]) for r in copies).most_common(1)[0][0])
        kept.append(first)
    return kept


def main():
    rows = []
    for part in sorted((HERE / "parts").glob("part_*.jsonl")):
        rows += [json.loads(line) for line in part.read_text("utf-8").splitlines() if line.strip()]
    n_written = len(rows)
    rows = merge_repeats(sorted(rows, key=lambda r: r["id"]))
    # A row keeps the split it already has, so that adding parts never moves a test row
    # into training; only new rows are spread over the splits.
    out = HERE / "verbatims.jsonl"
    previous = {}
    if out.exists():
        previous = {r["id"]: r["split"] for r in map(json.loads, out.read_text("utf-8").splitlines())}
    groups = defaultdict(list)
    for row in rows:
        if row["id"] in previous:
            row["split"] = previous[row["id"]]
        else:
            groups[(row["stage"], row["polarity"])].append(row)
    for members in groups.values():
        members.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
        for k, row in enumerate(members):
            row["split"] = "test" if k % 5 == 2 else "train"
    rows.sort(key=lambda r: r["id"])
    with open(out, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    print(f"{n_written} rows read, {n_written - len(rows)} repeated texts merged, "
          f"{len(rows)} rows written to {HERE / 'verbatims.jsonl'}")


if __name__ == "__main__":
    main()
