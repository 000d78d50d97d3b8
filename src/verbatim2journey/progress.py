"""A one-line progress display on stderr: rows done, rate, time left."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def estimate_rows(path, kind: str) -> int | None:
    """A quick estimate of the number of data rows, for the time left; None if unknown."""
    if str(path) == "-" or not Path(path).is_file():
        return None
    path = Path(path)
    if kind == "parquet":
        import pyarrow.parquet as pq
        try:
            return pq.ParquetFile(path).metadata.num_rows
        except Exception:  # a bad file is reported by the reader, with its own message
            return None
    if kind in ("csv", "jsonl"):
        # Counting line ends is fast even on large files; quoted multi-line cells make it
        # an over-estimate, which only makes the time left pessimistic.
        lines = 0
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 22), b""):
                lines += block.count(b"\n")
        return max(lines - (kind == "csv"), 1)
    return None


class Progress:
    """Call with the number of rows done; prints at most a few times a second."""

    def __init__(self, total: int | None, *, stream=None, enabled: bool | None = None):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._last = 0.0

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.2 and (self.total is None or done < self.total):
            return
        self._last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        line = f"{done:,} rows, {rate:,.0f} rows/s"
        if self.total:
            share = min(done / self.total, 1.0)
            bar = "#" * int(share * 20)
            left = (self.total - done) / rate if rate and done < self.total else 0
            line = f"[{bar:<20}] {share:4.0%} {line}, {left:,.0f} s left"
        self.stream.write("\r" + line.ljust(70))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
