"""A damaged index or model never takes the service down for good.

Why: the index is files on disk (manifest, Chroma's SQLite store, the vector snapshot, caches); a disk fault, a
full disk or a copy gone wrong can damage any of them. Before this module a build whose ``chroma.sqlite3`` was
overwritten stayed ``current``: every start failed, ``index status`` said "up to date" and only ``--force`` repaired
it. Now:

* ``verify_build`` says whether a build can be opened, reading what opening reads (manifest, vectors) and checking
  the embedded Chroma store with SQLite's own integrity check — without loading the model;
* ``recover`` (run at start-up and by ``index build``) sets a build that cannot be opened aside under
  ``<index_dir>/broken/`` (kept for inspection, the newest few), then points ``current`` at the previous build if
  that one opens; otherwise there is no current build and opening the retriever rebuilds it;
* ``check_vectors`` stops a corrupt model (weights that load but give NaN/Inf) at once, naming the model and the
  setting to change, instead of a storage error half a minute later.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.model_check import ModelIntegrityError
from assistant.redaction import redact_paths
from assistant.retrieval import index as lifecycle
from assistant.retrieval import snapshot

log = logging.getLogger(__name__)

BROKEN_DIR = "broken"
KEEP_BROKEN = 3  # set-aside builds kept for inspection; older ones are deleted
REQUIRED_KEYS = ("format_version", "build_id", "collection", "n_nodes")
CHROMA_DB = "chroma.sqlite3"


@dataclass
class Recovery:
    """What ``recover`` found and did (logged, and printed by ``index build``)."""

    broken: str | None = None  # the build that could not be opened (its id)
    problems: list[str] = field(default_factory=list)
    set_aside: str | None = None  # where it was moved, relative to the index dir
    fell_back_to: str | None = None  # the previous build now current, if one opened

    @property
    def acted(self) -> bool:
        return self.broken is not None

    def summary(self) -> str:
        if not self.acted:
            return "the current index build opens"
        then = (f"fell back to the previous build {self.fell_back_to}" if self.fell_back_to
                else "no previous build opens: the index will be rebuilt")
        return (f"index build {self.broken} cannot be opened ({'; '.join(self.problems)}); set aside as "
                f"{self.set_aside}; {then}")


def _manifest_of(build: Path) -> tuple[dict[str, Any] | None, str | None]:
    try:
        data = json.loads((build / lifecycle.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return None, f"manifest unreadable ({e.__class__.__name__})"
    if not isinstance(data, dict) or any(k not in data for k in REQUIRED_KEYS):
        return None, "manifest incomplete"
    data["_dir"] = str(build)
    return data, None


def _sqlite_problem(db: Path) -> str | None:
    """SQLite's own check of the embedded Chroma store (read-only; no chromadb import)."""
    if not db.is_file():
        return f"{CHROMA_DB} is missing"
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.Error as e:
        return f"{CHROMA_DB} cannot be read by SQLite ({e})"
    if not result or result[0] != "ok":
        return f"{CHROMA_DB} fails SQLite's integrity check ({result[0] if result else 'no answer'})"
    if not {"collections", "embeddings"} <= tables:
        return f"{CHROMA_DB} holds no Chroma collections"
    return None


def verify_build(settings, build: Path) -> list[str]:
    """Why ``build`` cannot be opened (empty: it opens). Checks the manifest, the node vectors the retriever reads
    at open (the snapshot, whose sha256 the manifest records) and, for the embedded store, the Chroma SQLite file."""
    build = Path(build)
    manifest, problem = _manifest_of(build)
    if manifest is None:
        return [problem or "manifest unreadable"]
    problems: list[str] = []
    if not settings.chroma_host:
        db_problem = _sqlite_problem(build / "chroma" / CHROMA_DB)
        if db_problem:
            problems.append(db_problem)
        try:
            vectors = snapshot.read(build, manifest.get("vectors_sha256"))
            if len(vectors.node_ids) != manifest["n_nodes"]:
                problems.append(f"vector snapshot holds {len(vectors.node_ids)} vectors, the manifest {manifest['n_nodes']}")
            elif not np.isfinite(vectors.matrix).all():
                problems.append("vector snapshot holds NaN or infinite values")
        except snapshot.SnapshotInvalid as e:
            problems.append(f"vector snapshot unusable ({_short(e)})")
    return problems


def _short(e: Exception) -> str:
    """An exception message without the machine's directories (only the file name is kept)."""
    return redact_paths(str(e))


def verify_current(settings) -> dict[str, Any]:
    """``{"build": id | None, "opens": bool, "problems": [...]}`` for the current build (for ``index status``)."""
    index_dir = Path(settings.index_dir)
    build = _current_target(index_dir)
    if build is None:
        return {"build": None, "opens": False, "problems": ["no index has been built"]}
    problems = verify_build(settings, build)
    return {"build": build.name, "opens": not problems, "problems": problems}


def _current_target(index_dir: Path) -> Path | None:
    """The directory ``current`` points at, even when its manifest is gone (``lifecycle.current_build`` would say
    "no build" and the damaged directory would stay in place)."""
    link = Path(index_dir) / "current"
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def _set_aside(index_dir: Path, build: Path) -> Path:
    broken = index_dir / BROKEN_DIR
    broken.mkdir(parents=True, exist_ok=True)
    dest = broken / f"{build.name}-set-aside-{time.strftime('%Y%m%d-%H%M%S')}"
    os.replace(build, dest)
    for old in sorted(broken.iterdir(), key=lambda p: p.stat().st_mtime)[:-KEEP_BROKEN]:
        shutil.rmtree(old, ignore_errors=True)
    return dest


def _previous_good(settings, index_dir: Path) -> Path | None:
    """The newest other build that opens (builds are named by time, so the name orders them)."""
    builds = index_dir / "builds"
    for build in sorted(builds.iterdir(), reverse=True) if builds.is_dir() else []:
        if build.is_dir() and build.name.startswith("b-") and not verify_build(settings, build):
            return build
    return None


def recover(settings) -> Recovery:
    """Set the current build aside if it cannot be opened and fall back to the previous build that opens (or to
    none, so the next open rebuilds). Holds the build lock, so a build in progress is never judged half-written."""
    index_dir = Path(settings.index_dir).resolve()
    out = Recovery()
    if not (index_dir / "current").exists() and not (index_dir / "current").is_symlink():
        return out
    with lifecycle.build_lock(index_dir):
        build = _current_target(index_dir)
        if build is None:  # a dangling link: nothing to set aside, just no current build
            (index_dir / "current").unlink(missing_ok=True)
            return out
        problems = verify_build(settings, build)
        if not problems:
            return out
        out.broken, out.problems = build.name, problems
        log.error("index build %s cannot be opened: %s", build.name, "; ".join(problems))
        out.set_aside = os.path.relpath(_set_aside(index_dir, build), index_dir)
        previous = _previous_good(settings, index_dir)
        if previous is not None:
            lifecycle._swap_current(index_dir, previous)
            out.fell_back_to = previous.name
        else:
            (index_dir / "current").unlink(missing_ok=True)
        log.warning("%s", out.summary())
    return out


def check_vectors(vectors: Any, spec: str) -> None:
    """Stop at once when the model gives NaN or infinite values (weights that load but are damaged)."""
    if not np.isfinite(np.asarray(vectors, dtype=np.float64)).all():
        raise ModelIntegrityError(
            f"the embedding model {spec!r} gives NaN or infinite vectors: its weights are damaged. Reinstall it "
            f"(make clean && make setup for the default model), or set POLICY_ASSISTANT_EMBEDDING_MODEL to a "
            f"working model (POLICY_ASSISTANT_EMBEDDING_SHA256 pins its weights so damage is caught at start)."
        )
