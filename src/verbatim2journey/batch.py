"""Classify exports: a table in, the same table with the labels added out."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .classifier import PREDICTION_COLUMNS
from .errors import V2JError, one_of
from .tables import STDIO, find_text_column, read_table, write_table


@dataclass
class ClassifyResult:
    tagged: pd.DataFrame
    text_column: str
    seconds: float
    delimiter: str


def classify_frame(df: pd.DataFrame, clf, *, text_column: str | None = None, source="the input") -> tuple[pd.DataFrame, str]:
    """Return `df` with the prediction columns appended; rows and columns kept in order."""
    column = find_text_column(df, source, text_column)
    clash = [c for c in PREDICTION_COLUMNS if c in df.columns]
    if clash:
        raise V2JError("E017", value=one_of(clash), name="input columns",
                       reason="they would be overwritten by the labels; rename or drop them first")
    predicted = clf.predict(df[column].reset_index(drop=True))
    predicted.index = df.index
    return pd.concat([df, predicted], axis=1), column


def classify_file(input_path, output_path, clf, *, text_column=None, fmt=None) -> ClassifyResult:
    if str(output_path) != STDIO and str(input_path) != STDIO and Path(output_path).resolve() == Path(input_path).resolve():
        raise V2JError("E018", path=output_path)
    started = time.perf_counter()
    df, meta = read_table(input_path, fmt=fmt)
    tagged, column = classify_frame(df, clf, text_column=text_column, source=input_path)
    delimiter = meta.get("delimiter", ",")
    write_table(tagged, output_path, fmt=fmt if str(output_path) == STDIO else None, delimiter=delimiter)
    return ClassifyResult(tagged, column, time.perf_counter() - started, delimiter)
