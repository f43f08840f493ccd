"""Verify the configured embedding model before use: `python -m assistant.model_check`."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from assistant.settings import DEFAULT_MODEL, M3E_SMALL_SHA256, ModelNotFound, get_settings, resolve_model_path

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


class ModelIntegrityError(RuntimeError):
    pass


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_model(spec: str | None = None, expected_sha256: str | None = None) -> str:
    """Return the loadable path/id; raise with a message saying what to set when it is unusable."""
    settings = get_settings()
    spec = spec or settings.embedding_model
    expected = expected_sha256 or settings.embedding_sha256 or (M3E_SMALL_SHA256 if spec == DEFAULT_MODEL else None)
    resolved = resolve_model_path(spec)
    folder = Path(resolved)
    if expected and folder.is_dir():
        weights = next((folder / n for n in WEIGHT_FILES if (folder / n).exists()), None)
        if weights is None:
            raise ModelIntegrityError(f"no weights ({' or '.join(WEIGHT_FILES)}) in {folder}")
        actual = file_sha256(weights)
        if actual != expected:
            raise ModelIntegrityError(
                f"{weights} has sha256 {actual}, expected {expected}: reinstall the model "
                f"(make clean && make setup) or set POLICY_ASSISTANT_EMBEDDING_MODEL / _EMBEDDING_SHA256"
            )
    return resolved


def main() -> int:
    try:
        path = check_model()
    except (ModelNotFound, ModelIntegrityError) as e:
        print(f"embedding model check failed: {e}", file=sys.stderr)
        return 1
    print(f"embedding model ok: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
