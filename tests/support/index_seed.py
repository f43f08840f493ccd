"""One built index per test run, copied into each test's private index dir, so tests that only need *an* index
load one instead of building their own (a full build is tens of seconds with the embedding model).

The seed is the repository's ``.index`` when it is up to date (``make test`` has just built it for the evaluation
gate), copied under its build lock so no build swaps it meanwhile; otherwise one build into a tmp dir shared by the
run's xdist workers, made by the first worker under a file lock. Nothing is ever written into ``.index``. Tests
whose subject is building (lifecycle, damaged index, rebuild while serving, a new document) still build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPO_INDEX = ROOT / ".index"
BUILD_TIMEOUT = 900


def _cli() -> list[str]:
    here = Path(sys.executable).parent / "policy-assistant"
    return [str(here)] if here.exists() else [sys.executable, "-m", "assistant.cli"]


def up_to_date(index_dir: Path) -> bool:
    """Whether ``index_dir``'s current build matches the corpus and model (what ``index status`` says)."""
    from assistant.retrieval.index import current_build, index_status
    from assistant.settings import Settings

    if current_build(index_dir) is None:
        return False
    try:
        settings = Settings(_env_file=None, index_dir=index_dir, corpus_dir=ROOT / "corpus")
        return bool(index_status(settings).get("up_to_date"))
    except Exception:  # noqa: BLE001 - anything odd: build a seed of our own
        return False


def build_seed(shared: Path) -> Path:
    """``shared/seed-index``, built once per run by ``policy-assistant index build`` (the first xdist worker to get
    the lock builds it, the others wait and reuse it)."""
    from filelock import FileLock

    from assistant.retrieval.index import current_build

    seed = shared / "seed-index"
    with FileLock(str(shared / "seed-index.lock")):
        if current_build(seed) is None:
            env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(seed)}
            for key in ("POLICY_ASSISTANT_CORPUS_DIR", "POLICY_ASSISTANT_QUERY_ENCODER"):
                env.pop(key, None)  # the seed is the repository's corpus with the default query path
            subprocess.run([*_cli(), "index", "build"], cwd=ROOT, env=env, check=True, timeout=BUILD_TIMEOUT,
                           stdout=subprocess.DEVNULL)
    return seed


def seed_index(shared: Path) -> Path:
    """The run's built index: the repository's up-to-date ``.index``, or one built under ``shared``."""
    return REPO_INDEX if up_to_date(REPO_INDEX) else build_seed(shared)


def copy_index(src: Path, dest: Path) -> Path:
    """Copy ``src``'s current build and its ONNX export into ``dest`` (a new private index dir, files copied, not
    linked, so a test may damage them), taken under ``src``'s build lock. Returns ``dest``."""
    from assistant.retrieval.index import build_lock, current_build

    dest = Path(dest)
    with build_lock(src):
        build = current_build(src)
        if build is None:
            raise RuntimeError(f"{src} has no current build to copy")
        (dest / "builds").mkdir(parents=True, exist_ok=True)
        shutil.copytree(build, dest / "builds" / build.name)
        if (Path(src) / "onnx").is_dir():
            shutil.copytree(Path(src) / "onnx", dest / "onnx", dirs_exist_ok=True)
        os.symlink(os.path.join("builds", build.name), dest / "current")
    return dest


@contextmanager
def index_dir_env(index_dir: Path) -> Iterator[None]:
    """``POLICY_ASSISTANT_INDEX_DIR`` pointed at ``index_dir`` (settings re-read) while an Assistant loads from it,
    then put back as it was — for session fixtures that cannot use pytest's monkeypatch."""
    from assistant.settings import get_settings

    previous = os.environ.get("POLICY_ASSISTANT_INDEX_DIR")
    os.environ["POLICY_ASSISTANT_INDEX_DIR"] = str(index_dir)
    get_settings.cache_clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("POLICY_ASSISTANT_INDEX_DIR", None)
        else:
            os.environ["POLICY_ASSISTANT_INDEX_DIR"] = previous
        get_settings.cache_clear()
