"""Bounded, reproducible random samples of a stream: the report's examples and themes.

A report of a file of millions of rows keeps a few hundred verbatims per group, chosen
uniformly at random with a fixed seed, so its size and the time its themes take do not
grow with the file and two runs on the same file give the same page.
"""

from __future__ import annotations

import math
import random
import zlib


def seed_for(seed: int, key) -> int:
    """A per-group seed that does not depend on Python's salted `hash()`."""
    return (seed * 1_000_003 + zlib.crc32(repr(key).encode("utf-8"))) & 0xFFFFFFFF


class Reservoir:
    """A uniform sample of at most `size` items of a stream (Li's algorithm L).

    Items are offered in batches: `extend(n, item)` says that `n` more items went by and
    `item(i)` builds the i-th of them, called only for those that enter the sample, so a
    large batch costs about `size * log(seen / size)` random draws, not one per item.
    The sample depends on the order of the stream, not on how it is cut into batches.
    """

    def __init__(self, size: int, seed: int = 0):
        if size < 1:
            raise ValueError("a reservoir holds at least one item")
        self.size = size
        self.items: list = []
        self.seen = 0
        self._rng = random.Random(seed)
        self._w = 1.0
        self._next = None  # stream position of the next item to take once the sample is full

    def extend(self, n: int, item) -> None:
        start, end = self.seen, self.seen + n
        position = start
        while len(self.items) < self.size and position < end:
            self.items.append(item(position - start))
            position += 1
            if len(self.items) == self.size:
                self._skip_from(position - 1)
        while self._next is not None and self._next < end:
            self.items[self._rng.randrange(self.size)] = item(self._next - start)
            self._skip_from(self._next)
        self.seen = end

    def _skip_from(self, last: int) -> None:
        # 1 - random() is in (0, 1]: its logarithm is defined.
        self._w *= math.exp(math.log(1.0 - self._rng.random()) / self.size)
        if self._w >= 1.0:
            self._next = last + 1
            return
        gap = math.floor(math.log(1.0 - self._rng.random()) / math.log(1.0 - self._w))
        self._next = last + gap + 1
