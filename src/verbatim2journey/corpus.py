"""Labelled corpora: read, validate against a journey, count, find near-duplicates."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from .errors import V2JError, one_of
from .journey import Journey
from .labels import HEADS, check_labels
from .tables import read_table

SOURCES = ("reclamation", "avis", "reseau_social", "enquete", "chat", "email")
SECTORS = ("banque", "assurance", "telecom", "ecommerce", "distribution", "transport",
           "energie", "tourisme", "other")
SPLITS = ("train", "test")
NEAR_DUPLICATE_JACCARD = 0.8


def corpus_sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_corpus(path, journey: Journey) -> pd.DataFrame:
    """A labelled file (CSV or JSON Lines) with text and the four heads, checked.

    Optional fields `source`, `sector` and `split` are checked when present.
    """
    df, _ = read_table(path)
    if "text" not in df.columns:
        raise V2JError("E008", fields="text", path=path, required=one_of(("text",) + HEADS))
    # Where to look in the file: a CSV's data starts on its second line, a JSON Lines' on its first.
    first = 1 if str(path).lower().endswith((".jsonl", ".ndjson")) else 2
    unit = "line" if first == 1 else "row"
    ids = (df["id"].astype(str).tolist() if "id" in df.columns
           else [f"{unit} {i + first}" for i in range(len(df))])
    missing = df["text"].isna() | df["text"].map(lambda t: not isinstance(t, str) or not t.strip())
    if missing.any():
        i = int(missing.to_numpy().nonzero()[0][0])
        raise V2JError("E017", value=df["text"].iloc[i], name=f"text of {ids[i]} in {path}",
                       reason="a labelled verbatim needs a text; fill it or remove the row")
    df = check_labels(df, journey, where=str(path), row_ids=ids)
    for field, valid in (("source", SOURCES), ("sector", SECTORS), ("split", SPLITS)):
        if field in df.columns:
            bad = ~df[field].isin(valid) & df[field].astype(str).str.len().gt(0)
            if bad.any():
                i = int(bad.to_numpy().nonzero()[0][0])
                raise V2JError("E007", field=field, value=df[field].iloc[i],
                               where=f"{path}, {ids[i]}", valid=one_of(valid))
    df["text"] = df["text"].astype(str)
    return df


def _trigrams(text: str) -> frozenset:
    words = re.findall(r"\w+", text.lower())
    return frozenset(zip(words, words[1:], words[2:]))


def near_duplicates(texts: list[str], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[tuple[int, int, float]]:
    """Pairs of rows whose word 3-gram sets overlap above `threshold` (Jaccard).

    Texts too short for a 3-gram are compared whole (case-insensitive). Candidate pairs
    come from a shared 3-gram index, so the cost follows the real overlap, not n².
    """
    grams = [_trigrams(t) for t in texts]
    pairs = []
    exact: dict[str, list[int]] = {}
    index: dict[tuple, list[int]] = {}
    for i, g in enumerate(grams):
        if not g:
            exact.setdefault(" ".join(re.findall(r"\w+", texts[i].lower())), []).append(i)
        for gram in g:
            index.setdefault(gram, []).append(i)
    for members in exact.values():
        pairs += [(a, b, 1.0) for a, b in itertools.combinations(members, 2)]
    shared: Counter = Counter()
    for members in index.values():
        if len(members) > 200:  # a 3-gram this common ("je ne suis") says nothing of a pair
            continue
        for a, b in itertools.combinations(members, 2):
            shared[(a, b)] += 1
    for (a, b), inter in shared.items():
        jac = inter / (len(grams[a]) + len(grams[b]) - inter)
        if jac > threshold:
            pairs.append((a, b, round(jac, 3)))
    return sorted(pairs)


def corpus_counts(df: pd.DataFrame) -> dict:
    n = len(df)
    n_channels = df["channels"].map(len)
    counts = {
        "rows": n,
        "stage": df["stage"].value_counts().to_dict(),
        "polarity": df["polarity"].value_counts().to_dict(),
        "channels": Counter(c for chans in df["channels"] for c in chans),
        "no_channel_share": round(float((n_channels == 0).mean()), 3),
        "multi_channel_share": round(float((n_channels >= 2).mean()), 3),
        "rupture_true": int(df["rupture"].sum()),
    }
    for field in ("source", "sector", "split"):
        if field in df.columns:
            counts[field] = df[field].value_counts().to_dict()
    return counts


def check_report(df: pd.DataFrame, journey: Journey) -> tuple[str, dict]:
    """A printable summary of a checked corpus and the figures behind it."""
    counts = corpus_counts(df)
    dups = near_duplicates(df["text"].tolist())
    ids = df["id"].astype(str).tolist() if "id" in df.columns else [f"row {i + 2}" for i in range(len(df))]
    n = counts["rows"]
    lines = [f"{n} verbatims, labels valid against the journey {journey.name!r}.", ""]

    def block(title, items):
        lines.append(title)
        for key, value in items:
            lines.append(f"  {key:<18} {value:>6}  {value / n:6.1%}")
        lines.append("")

    block("stage", [(s, counts["stage"].get(s, 0)) for s in journey.stage_ids])
    block("polarity", [(p, counts["polarity"].get(p, 0)) for p in journey.polarity_ids])
    block("channels", [(c, counts["channels"].get(c, 0)) for c in journey.channel_ids])
    lines.append(f"no channel: {counts['no_channel_share']:.1%}   two or more: "
                 f"{counts['multi_channel_share']:.1%}   rupture true: {counts['rupture_true']}")
    lines.append("")
    for field in ("source", "sector", "split"):
        if field in counts:
            block(field, sorted(counts[field].items(), key=lambda kv: -kv[1]))
    share = len({i for a, b, _ in dups for i in (b,)}) / n
    lines.append(f"near-duplicate pairs (word 3-gram Jaccard > {NEAR_DUPLICATE_JACCARD}): {len(dups)} "
                 f"({share:.2%} of rows)")
    for a, b, s in dups[:10]:
        lines.append(f"  {ids[a]} ~ {ids[b]} ({s:.2f}): {df['text'].iloc[a][:60]!r}")
    counts["near_duplicate_pairs"] = len(dups)
    counts["near_duplicate_share"] = round(share, 4)
    return "\n".join(lines), counts
