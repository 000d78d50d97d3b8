"""Classify exports: a table in, the same table with the labels added out, chunk by chunk."""

from __future__ import annotations

import collections
import itertools
import multiprocessing as mp
import os
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


def check_no_label_columns(df: pd.DataFrame) -> None:
    clash = [c for c in PREDICTION_COLUMNS if c in df.columns]
    if clash:
        raise V2JError("E017", value=one_of(clash), name="input columns",
                       reason="they would be overwritten by the labels; rename or drop them first")


def classify_frame(df: pd.DataFrame, clf, *, text_column: str | None = None, source="the input",
                   min_confidence: float | None = None) -> tuple[pd.DataFrame, str]:
    """Return `df` with the prediction columns appended; rows and columns kept in order."""
    column = find_text_column(df, source, text_column)
    check_no_label_columns(df)
    predicted = clf.predict(df[column].reset_index(drop=True), min_confidence=min_confidence)
    predicted.index = df.index
    return pd.concat([df, predicted], axis=1), column


def default_jobs() -> int:
    """Processes `classify` uses unless told: one per core this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


WORKER_BATCH = 2_000
# The model of a `classify_file` run with jobs > 1, set before the worker processes are
# forked so that they share it (copy on write) instead of each loading it.
_WORKER_MODEL = None


def _predict_in_worker(texts: list, min_confidence):
    return _WORKER_MODEL.predict(texts, min_confidence=min_confidence)


class _Predictor:
    """Predictions of chunks in order, in this process or in `jobs` forked workers.

    Each chunk is cut into batches of `WORKER_BATCH` rows so that the workers share the
    work evenly, and at most `jobs + 1` chunks are under way, so that memory stays
    bounded by the chunk size."""

    def __init__(self, clf, jobs: int, min_confidence):
        self.clf, self.jobs, self.min_confidence = clf, jobs, min_confidence
        self.pool = None

    def _start_pool(self) -> bool:
        global _WORKER_MODEL
        if self.jobs > 1 and "fork" in mp.get_all_start_methods():
            # One prediction before forking builds what every prediction needs (the stacked
            # coefficients, 34 MB for the default model, and the tokenizer), so that the
            # workers share it copy on write instead of each building its own.
            self.clf.predict(["ok"])
            _WORKER_MODEL = self.clf
            self.pool = mp.get_context("fork").Pool(self.jobs)
        return self.pool is not None

    def map(self, chunks):
        """Yield `(item, predictions)` for each `(item, texts)` of `chunks`, in order."""
        chunks = iter(chunks)
        first = next(chunks, None)
        if first is None:
            return
        # A file of one small chunk is done before worker processes would have started.
        if len(first[1]) <= WORKER_BATCH or not self._start_pool():
            for item, texts in itertools.chain([first], chunks):
                yield item, self.clf.predict(texts, min_confidence=self.min_confidence)
            return
        pending = collections.deque()
        for item, texts in itertools.chain([first], chunks):
            batches = [texts[i:i + WORKER_BATCH] for i in range(0, len(texts), WORKER_BATCH)]
            pending.append((item, [self.pool.apply_async(_predict_in_worker, (b, self.min_confidence))
                                   for b in batches]))
            if len(pending) > self.jobs:
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    @staticmethod
    def _collect(item, results):
        return item, pd.concat([r.get() for r in results], ignore_index=True)

    def close(self):
        global _WORKER_MODEL
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            _WORKER_MODEL = None


def classify_file(input_path, output_path, clf, *, text_column=None, fmt=None, framework=DEFAULT_FRAMEWORK,
                  chunk_rows: int = DEFAULT_CHUNK_ROWS, progress=None, min_confidence=None,
                  jobs: int = 1, report=None) -> ClassifyResult:
    """Classify INPUT into OUTPUT chunk by chunk and aggregate the touchpoint matrix on the way.

    `progress(rows_done)` is called after each chunk. Memory depends on the chunk size,
    not on the file size (except for XLSX, read and written whole). With `jobs` > 1,
    chunks are classified by that many worker processes (where the system can fork),
    and written in input order. A `ReportBuilder` given as `report` is fed the same
    chunks and shares the run's matrix aggregation.
    """
    check_distinct_paths(input_path, output_path)
    if not (isinstance(jobs, int) and jobs >= 1):
        raise V2JError("E017", value=jobs, name="jobs", reason="must be an integer >= 1")
    started = time.perf_counter()
    reader = TableReader(input_path, fmt=fmt, chunk_rows=chunk_rows)
    builder = report.matrix if report is not None else MatrixBuilder(clf.journey_, framework=framework)
    aggregate = report if report is not None else builder
    out_fmt = fmt if str(output_path) == STDIO else None
    counts = {"rows": 0, "flagged": 0}
    column = None

    def texts_of_chunks():
        nonlocal column
        n = 0
        for chunk in reader.chunks():
            chunk.index = range(n, n + len(chunk))
            n += len(chunk)
            column = find_text_column(chunk, reader.name, text_column)
            check_no_label_columns(chunk)
            yield chunk, chunk[column].tolist()

    predictor = _Predictor(clf, jobs, min_confidence)
    try:
        with TableWriter(output_path, fmt=out_fmt, delimiter=reader.meta.get("delimiter", ",")) as writer:
            for chunk, predicted in predictor.map(texts_of_chunks()):
                predicted.index = chunk.index
                tagged = pd.concat([chunk, predicted], axis=1)
                writer.write(tagged)
                aggregate.add(tagged)
                counts["rows"] += len(tagged)
                counts["flagged"] += int((tagged["status"] != STATUS_OK).sum())
                if progress is not None:
                    progress(counts["rows"])
    finally:
        predictor.close()
    return ClassifyResult(counts["rows"], counts["flagged"], column, time.perf_counter() - started,
                          builder.result())
