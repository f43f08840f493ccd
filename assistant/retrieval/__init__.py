"""Hybrid clause retrieval: jieba BM25 + sentence-transformers/Chroma (llama-index), fused; questions are
embedded by the model's ONNX export (onnxruntime) unless ``query_encoder`` says sentence-transformers.

    from assistant.retrieval import Retriever, Hit
    r = Retriever.open()
    hits = r.search("做物流供应链的公司有啥扶持", k=5, doc=None, as_of=None, mode="hybrid")

The names below are imported on first use (PEP 562), so importing one submodule (``assistant.retrieval.health``
in the web process, which never searches) does not import the retriever and its dependencies.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ChromaUnavailable": "assistant.retrieval.dense",
    "Hit": "assistant.retrieval.retriever",
    "Mode": "assistant.retrieval.retriever",
    "ModelIntegrityError": "assistant.model_check",
    "ModelNotFound": "assistant.settings",
    "OnnxExportRefused": "assistant.retrieval.onnx_encoder",
    "Retriever": "assistant.retrieval.retriever",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # pragma: no cover
    from assistant.model_check import ModelIntegrityError
    from assistant.retrieval.dense import ChromaUnavailable
    from assistant.retrieval.onnx_encoder import OnnxExportRefused
    from assistant.retrieval.retriever import Hit, Mode, Retriever
    from assistant.settings import ModelNotFound


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant.retrieval' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
