"""Classify exports: a table in, the same table with the labels added out, chunk by chunk."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .classifier import PREDICTION_COLUMNS, STATUS_OK
from .errors import V2JError, one_of
from .journey import DEFAULT_FRAMEWORK
from .matrix import MatrixBuilder, TouchpointMatrix
from .tables import DEFAULT_CHUNK_ROWS, STDIO, TableReader, TableWriter, find_text_column


def check_distinct_paths(*paths) -> None:
    """No file may be written over another one of the same run (input, output, matrix)."""
    seen = set()
    for path in paths:
        if path is None or str(path) == STDIO:
            continue
        resolved = Path(path).resolve()
        if resolved in seen:
            raise V2JError("E018", path=path)
        seen.add(resolved)


@dataclass
class ClassifyResult:
    n_rows: int
    n_flagged: int
    text_column: str
    seconds: float
    matrix: TouchpointMatrix


def classify_frame(df: pd.DataFrame, clf, *, text_column: str | None = None, source="the input",
                   min_confidence: float | None = None) -> tuple[pd.DataFrame, str]:
    """Return `df` with the prediction columns appended; rows and columns kept in order."""
    column = find_text_column(df, source, text_column)
    clash = [c for c in PREDICTION_COLUMNS if c in df.columns]
    if clash:
        raise V2JError("E017", value=one_of(clash), name="input columns",
                       reason="they would be overwritten by the labels; rename or drop them first")
    predicted = clf.predict(df[column].reset_index(drop=True), min_confidence=min_confidence)
    predicted.index = df.index
    return pd.concat([df, predicted], axis=1), column


def classify_file(input_path, output_path, clf, *, text_column=None, fmt=None, framework=DEFAULT_FRAMEWORK,
                  chunk_rows: int = DEFAULT_CHUNK_ROWS, progress=None, min_confidence=None,
                  report=None) -> ClassifyResult:
    """Classify INPUT into OUTPUT chunk by chunk and aggregate the touchpoint matrix on the way.

    `progress(rows_done)` is called after each chunk. Memory depends on the chunk size,
    not on the file size (except for XLSX, read and written whole). A `ReportBuilder`
    given as `report` is fed the same chunks and shares the run's matrix aggregation.
    """
    check_distinct_paths(input_path, output_path)
    started = time.perf_counter()
    reader = TableReader(input_path, fmt=fmt, chunk_rows=chunk_rows)
    builder = report.matrix if report is not None else MatrixBuilder(clf.journey_, framework=framework)
    aggregate = report if report is not None else builder
    out_fmt = fmt if str(output_path) == STDIO else None
    n_rows = n_flagged = 0
    column = None
    with TableWriter(output_path, fmt=out_fmt, delimiter=reader.meta.get("delimiter", ",")) as writer:
        for chunk in reader.chunks():
            chunk.index = range(n_rows, n_rows + len(chunk))
            tagged, column = classify_frame(chunk, clf, text_column=text_column, source=reader.name,
                                            min_confidence=min_confidence)
            writer.write(tagged)
            aggregate.add(tagged)
            n_rows += len(tagged)
            n_flagged += int((tagged["status"] != STATUS_OK).sum())
            if progress is not None:
                progress(n_rows)
    return ClassifyResult(n_rows, n_flagged, column, time.perf_counter() - started, builder.result())
