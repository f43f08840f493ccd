"""A small LRU of question vectors shared by both query encoders.

Why: the assistant embeds the same question several times per turn (router, search, document filters);
the vector of a text never changes for a given model, so the last few hundred are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np

QUERY_CACHE_SIZE = 256


class QueryCache:
    def __init__(self, size: int = QUERY_CACHE_SIZE):
        self._size = size
        self._cache: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    def cached(self, key: Hashable, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """The cached vector for ``key``, computing it (outside the lock) on a miss; returned read-only."""
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        vec = compute()
        vec.setflags(write=False)
        with self._cache_lock:
            self._cache[key] = vec
            self._cache.move_to_end(key)
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return vec

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()
