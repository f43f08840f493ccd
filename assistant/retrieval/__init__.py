"""Hybrid clause retrieval: jieba BM25 + sentence-transformers/Chroma (llama-index), fused; questions are
embedded by the model's ONNX export (onnxruntime) unless ``query_encoder`` says sentence-transformers.

    from assistant.retrieval import Retriever, Hit
    r = Retriever.open()
    hits = r.search("做物流供应链的公司有啥扶持", k=5, doc=None, as_of=None, mode="hybrid")
"""

from assistant.model_check import ModelIntegrityError
from assistant.retrieval.dense import ChromaUnavailable
from assistant.retrieval.onnx_encoder import OnnxExportRefused
from assistant.retrieval.retriever import Hit, Mode, Retriever
from assistant.settings import ModelNotFound

__all__ = ["ChromaUnavailable", "Hit", "Mode", "ModelIntegrityError", "ModelNotFound", "OnnxExportRefused",
           "Retriever"]
