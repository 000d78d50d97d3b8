"""Metrics per head, computed the same way for cross-validation and held-out evaluation."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score,
                             precision_recall_fscore_support)

from .journey import Journey
from .labels import channel_matrix


def expected_calibration_error(confidence, correct, *, bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width bins
    weighted by their size. 0 means a 0.8 confidence is right 80% of the time."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    keep = ~np.isnan(confidence)
    confidence, correct = confidence[keep], correct[keep]
    if not len(confidence):
        return float("nan")
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    gap = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            gap += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return round(float(gap), 4)


def _single_label(y_true, y_pred, labels) -> dict:
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    present = [k for k, lab in enumerate(labels) if s[k] > 0]
    return {
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(np.mean(f[present])) if present else 0.0, 4),
        "per_class": {lab: {"precision": round(float(p[k]), 4), "recall": round(float(r[k]), 4),
                            "f1": round(float(f[k]), 4), "support": int(s[k])}
                      for k, lab in enumerate(labels)},
        "confusion": {"labels": list(labels),
                      "matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist()},
    }


def head_metrics(y_true: pd.DataFrame, y_pred: pd.DataFrame, journey: Journey) -> dict:
    """Accuracy, macro-F1 and per-class figures for every head.

    Rows whose prediction has no stage (no text) are left out of every head.
    """
    keep = y_pred["stage"].notna().to_numpy()
    y_true = y_true[keep].reset_index(drop=True)
    y_pred = y_pred[keep].reset_index(drop=True)
    out = {"n": int(len(y_true)),
           "stage": _single_label(y_true["stage"], y_pred["stage"], journey.stage_ids),
           "polarity": _single_label(y_true["polarity"], y_pred["polarity"], journey.polarity_ids)}
    ids = journey.channel_ids
    T, P = channel_matrix(y_true["channels"], ids), channel_matrix(y_pred["channels"], ids)
    p, r, f, s = precision_recall_fscore_support(T, P, zero_division=0)
    present = [k for k in range(len(ids)) if s[k] > 0]
    out["channels"] = {
        "micro_f1": round(float(f1_score(T, P, average="micro", zero_division=0)), 4),
        "macro_f1": round(float(np.mean(f[present])) if present else 0.0, 4),
        "exact_set_accuracy": round(float(np.mean(np.all(T == P, axis=1))), 4),
        "per_class": {c: {"precision": round(float(p[k]), 4), "recall": round(float(r[k]), 4),
                          "f1": round(float(f[k]), 4), "support": int(s[k])}
                      for k, c in enumerate(ids)},
    }
    rt = y_true["rupture"].astype(bool).to_numpy()
    rp = y_pred["rupture"].astype(bool).to_numpy()
    rp_, rr_, rf_, _ = precision_recall_fscore_support(rt, rp, average="binary", zero_division=0)
    out["rupture"] = {"accuracy": round(float(np.mean(rt == rp)), 4),
                      "precision": round(float(rp_), 4), "recall": round(float(rr_), 4),
                      "f1": round(float(rf_), 4), "support": int(rt.sum())}
    correct = {"stage": y_true["stage"].to_numpy() == y_pred["stage"].to_numpy(),
               "polarity": y_true["polarity"].to_numpy() == y_pred["polarity"].to_numpy(),
               "channels": np.all(T == P, axis=1), "rupture": rt == rp}
    for head, ok in correct.items():
        if f"{head}_confidence" in y_pred.columns:
            out[head]["ece"] = expected_calibration_error(y_pred[f"{head}_confidence"], ok)
    return out


def summary_rows(metrics: dict) -> list[tuple[str, str, float]]:
    """The headline figure of each head, as (head, measure, value) rows."""
    return [
        ("stage", "accuracy", metrics["stage"]["accuracy"]),
        ("stage", "macro-F1", metrics["stage"]["macro_f1"]),
        ("polarity", "accuracy", metrics["polarity"]["accuracy"]),
        ("polarity", "macro-F1", metrics["polarity"]["macro_f1"]),
        ("channels", "micro-F1", metrics["channels"]["micro_f1"]),
        ("channels", "macro-F1", metrics["channels"]["macro_f1"]),
        ("rupture", "F1", metrics["rupture"]["f1"]),
    ]


def format_report(metrics: dict, *, title: str, details: bool = True) -> str:
    """A plain-text report: the summary, then per-class tables and confusion matrices."""
    lines = [f"{title} ({metrics['n']} verbatims)", ""]
    lines += [f"  {head:<9} {measure:<9} {value:.3f}" for head, measure, value in summary_rows(metrics)]
    if not details:
        return "\n".join(lines)
    for head in ("stage", "polarity", "channels"):
        lines += ["", f"{head}: per class", f"  {'label':<16} {'prec.':>6} {'recall':>6} {'F1':>6} {'n':>5}"]
        for lab, m in metrics[head]["per_class"].items():
            lines.append(f"  {lab:<16} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} {m['support']:>5}")
    eces = [f"{h} {metrics[h]['ece']:.3f}" for h in ("stage", "polarity", "channels", "rupture") if "ece" in metrics[h]]
    if eces:
        lines += ["", "calibration (expected calibration error of the confidences): " + ", ".join(eces)]
    r = metrics["rupture"]
    lines += ["", f"rupture: precision {r['precision']:.3f}, recall {r['recall']:.3f}, "
                  f"F1 {r['f1']:.3f}, n {r['support']}"]
    for head in ("stage", "polarity"):
        conf = metrics[head]["confusion"]
        labs = conf["labels"]
        short = [lab[:6] for lab in labs]
        lines += ["", f"{head}: confusion matrix (rows = true, columns = predicted)",
                  "  " + " " * 16 + " ".join(f"{s:>6}" for s in short)]
        for lab, row in zip(labs, conf["matrix"]):
            lines.append(f"  {lab:<16}" + " ".join(f"{v:>6}" for v in row))
    return "\n".join(lines)
