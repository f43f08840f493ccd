"""Export the sentence-transformers model to ONNX once per model, and prove it embeds like the original.

Build-time only (imports torch): ``Retriever.open`` calls it when the index is built, or when the export
for the model is missing or corrupt. What is exported is the whole sentence-transformers pipeline (the
transformer, then every module after it: pooling, dense layers, ...) plus L2 normalisation, so the ONNX
graph's output is exactly what ``SentenceTransformer.encode(normalize_embeddings=True)`` returns and the
query side needs no knowledge of the model's pooling. The tokenizer is the model's own fast tokenizer,
saved as ``tokenizer.json`` with the model's maximum sequence length as truncation.

The export is refused (``OnnxExportRefused``, nothing written) unless, for every text given (every node
of the index), the ONNX vector's cosine with the sentence-transformers vector is within ``MAX_COSINE_DIFF``
of 1 and the token ids are identical: a model that does not export faithfully is never used silently.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval.onnx_encoder import (
    EXPORT_FORMAT,
    INPUT_FIELDS,
    INT8_FILE,
    META_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    OnnxEncoder,
    OnnxExportRefused,
    file_sha256,
)

log = logging.getLogger(__name__)

MAX_COSINE_DIFF = 1e-4
OPSET = 17




def _preprocess(model, texts: list[str]) -> dict[str, Any]:
    fn = getattr(model, "preprocess", None) or model.tokenize  # sentence-transformers 6 / 5
    return fn(texts)


def _export_graph(model, path: Path) -> list[str]:
    """Trace the full pipeline + normalisation into ``path``; returns the ONNX input names."""
    import torch

    sample = _preprocess(model, ["春节期间用电量达到50万千瓦时的企业", "技改"])
    names = [k for k, v in sample.items() if isinstance(v, torch.Tensor)]
    constants = {k: v for k, v in sample.items() if not isinstance(v, torch.Tensor)}
    unknown = [n for n in names if n not in INPUT_FIELDS]
    if unknown:
        raise OnnxExportRefused(f"the model's tokenizer produces inputs {unknown}; only {sorted(INPUT_FIELDS)} "
                                f"can be fed from tokenizer.json")

    class Pipeline(torch.nn.Module):
        def __init__(self, st):
            super().__init__()
            self.st = st

        def forward(self, *tensors):
            features = {**dict(zip(names, tensors)), **constants}
            for module in self.st:
                features = module(features)
            return torch.nn.functional.normalize(features["sentence_embedding"], p=2, dim=1)

    wrapper = Pipeline(model).eval()
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # tracer warnings about shape-dependent Python branches (checked below)
        torch.onnx.export(
            wrapper, tuple(sample[n] for n in names), str(path), dynamo=False, opset_version=OPSET,
            input_names=names, output_names=["embedding"],
            dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "embedding": {0: "batch"}},
        )
    return names


def _save_tokenizer(model, path: Path) -> int:
    """The model's fast tokenizer as tokenizer.json, truncating where sentence-transformers truncates."""
    from tokenizers import Tokenizer

    backend = getattr(model.tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise OnnxExportRefused("the model has no fast (tokenizers) tokenizer to save as tokenizer.json")
    tokenizer = Tokenizer.from_str(backend.to_str())
    max_len = int(model.max_seq_length or getattr(model.tokenizer, "model_max_length", 512))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_len)
    tokenizer.save(str(path))
    return max_len


def _files(folder: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    return {n: {"sha256": file_sha256(folder / n), "bytes": (folder / n).stat().st_size} for n in names}


def verify(encoder: OnnxEncoder, model, texts: list[str], reference: np.ndarray,
           max_diff: float = MAX_COSINE_DIFF) -> float:
    """Largest ``1 - cos`` between ONNX and reference vectors over ``texts`` (one text per run, as a question
    is embedded); raises ``OnnxExportRefused`` past ``max_diff`` or on any token-id difference."""
    if len(texts) != len(reference) or not texts:
        raise ValueError("verify needs one reference vector per text")
    worst, worst_text = 0.0, ""
    for text, ref in zip(texts, reference):
        ours = encoder._tokenizer.encode(text).ids
        theirs = list(_preprocess(model, [text])["input_ids"][0].tolist())
        if ours != theirs:
            raise OnnxExportRefused(f"tokenizer.json tokenises {text[:30]!r} differently from the model's tokenizer")
        vec = encoder._run([text])[0]
        diff = 1.0 - float(np.dot(vec, ref) / (np.linalg.norm(vec) * np.linalg.norm(ref)))
        if diff > worst:
            worst, worst_text = diff, text
    if not worst <= max_diff:
        raise OnnxExportRefused(
            f"the ONNX export embeds {worst_text[:30]!r} with cosine {1 - worst:.6f} to sentence-transformers "
            f"(allowed: ≥ {1 - max_diff}); set POLICY_ASSISTANT_QUERY_ENCODER=sentence-transformers to embed "
            f"questions with the model itself"
        )
    return worst


def export(model, folder: Path, *, model_spec: str, model_sha256: str, query_prefix: str, texts: list[str],
           reference: np.ndarray) -> dict[str, Any]:
    """Export, verify over ``texts`` against ``reference`` (the sentence-transformers vectors), then move the
    files into ``folder`` (replacing whatever was there). Caller holds the index build lock."""
    import torch

    started = time.perf_counter()
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".tmp-{folder.name[:16]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    tmp.mkdir()
    try:
        names = _export_graph(model, tmp / MODEL_FILE)
        max_len = _save_tokenizer(model, tmp / TOKENIZER_FILE)
        dim = int(np.asarray(reference).shape[1])
        meta: dict[str, Any] = {
            "format": EXPORT_FORMAT, "model_spec": model_spec, "model_sha256": model_sha256, "inputs": names,
            "max_seq_length": max_len, "dim": dim, "query_prefix": query_prefix, "opset": OPSET,
            "torch": torch.__version__,
        }
        encoder = OnnxEncoder(tmp, meta, model_spec, query_prefix)
        worst = verify(encoder, model, texts, np.asarray(reference, dtype=np.float32))
        meta.update({
            "verified_texts": len(texts), "max_cosine_diff": worst, "max_cosine_diff_allowed": MAX_COSINE_DIFF,
            "files": _files(tmp, [MODEL_FILE, TOKENIZER_FILE]),
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "export_seconds": round(time.perf_counter() - started, 2),
        })
        _write_json(tmp / META_FILE, meta)
        _replace_dir(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("exported %s to ONNX in %.1f s (max cosine diff %.2e over %d texts)", model_spec,
             meta["export_seconds"], worst, len(texts))
    return meta


def quantize_int8(folder: Path, texts: list[str], reference: np.ndarray) -> dict[str, Any]:
    """Add ``model.int8.onnx`` (onnxruntime dynamic int8 quantisation of the verified export) and record its
    cosine to the reference; whether it ranks like the original is a question for the evaluation sets."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder = Path(folder)
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    tmp = folder / f".{INT8_FILE}.{os.getpid()}.tmp"
    try:
        quantize_dynamic(str(folder / MODEL_FILE), str(tmp), weight_type=QuantType.QInt8)
        os.replace(tmp, folder / INT8_FILE)
    finally:
        tmp.unlink(missing_ok=True)
    encoder = OnnxEncoder(folder, meta, meta["model_spec"], meta.get("query_prefix", ""), quantization="int8")
    vecs = np.stack([encoder._run([t])[0] for t in texts])
    cos = (vecs * np.asarray(reference, dtype=np.float32)).sum(1)
    meta["files"].update(_files(folder, [INT8_FILE]))
    meta["int8_max_cosine_diff"] = float((1 - cos).max())
    _write_json(folder / META_FILE, meta)
    return meta


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _replace_dir(new: Path, folder: Path) -> None:
    """Put ``new`` at ``folder``; an existing (stale or corrupt) folder is moved aside first, then removed."""
    for name in os.listdir(new):
        fd = os.open(new / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    old = None
    if folder.exists():
        old = folder.parent / f".old-{folder.name[:16]}-{uuid.uuid4().hex[:6]}"
        os.replace(folder, old)
    os.replace(new, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
