"""Which index build a running replica should answer from, read between requests.

Why a symlink read and not a file watcher or a signal: ``policy-assistant index build`` writes a complete new
``builds/b-<id>`` and only then swaps ``<index_dir>/current`` with ``os.replace`` (``assistant.retrieval.index``), so
the link's target changing *is* the publication event, and reading it is one ``readlink`` (microseconds) that works
the same for every replica sharing the directory, on any filesystem, with no extra process. A replica never sees a
half-built index: until the swap the link names the previous complete build.
"""

from __future__ import annotations

import os
from pathlib import Path


def current_build_id(index_dir: Path) -> str | None:
    """The build ``<index_dir>/current`` points at (``b-<id>``), or None when there is none (or it is a plain
    directory from an older layout, which is never swapped and so never watched)."""
    try:
        return os.path.basename(os.readlink(Path(index_dir) / "current"))
    except OSError:
        return None
