"""Question vectors without torch: the embedding model exported to ONNX, run by onnxruntime, tokenised by
the model's own ``tokenizer.json`` through the ``tokenizers`` library.

Why: importing sentence-transformers (torch, transformers) costs ~10 s and ~450 MB before the first answer;
onnxruntime + tokenizers start in ~0.3 s and embed a question in ~10 ms, with the same vectors (the export is
checked against sentence-transformers over every indexed node at build, see ``onnx_export``).

The export lives in ``<index_dir>/onnx/<model sha256>/`` (``model.onnx``, ``tokenizer.json``, ``export.json``);
``export.json`` records the sha256 of every file, checked before use, so a truncated or altered file is
detected (and re-exported from the model by the caller), never used.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval.query_cache import QueryCache

EXPORT_FORMAT = 1
MODEL_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "export.json"
# ONNX input name -> attribute of a ``tokenizers.Encoding`` (BERT-style models; anything else is refused at export).
INPUT_FIELDS = {"input_ids": "ids", "attention_mask": "attention_mask", "token_type_ids": "type_ids"}


class OnnxArtifactInvalid(RuntimeError):
    """The exported files are missing, incomplete or not the ones that were verified."""


class OnnxExportRefused(RuntimeError):
    """The ONNX export does not embed like the sentence-transformers model (the message names the setting)."""


def export_dir(index_dir: Path, model_sha256: str) -> Path:
    return Path(index_dir) / "onnx" / model_sha256


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_export(folder: Path, model_sha256: str, quantization: str = "none") -> dict[str, Any]:
    """The export's metadata after checking it belongs to this model and every file it needs is intact."""
    folder = Path(folder)
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OnnxArtifactInvalid(f"no ONNX export in {folder}") from None
    except (OSError, ValueError) as e:
        raise OnnxArtifactInvalid(f"{folder / META_FILE} is unreadable: {e}") from None
    if meta.get("format") != EXPORT_FORMAT:
        raise OnnxArtifactInvalid(f"{folder} holds export format {meta.get('format')}, expected {EXPORT_FORMAT}")
    if meta.get("model_sha256") != model_sha256:
        raise OnnxArtifactInvalid(f"{folder} was exported from model {meta.get('model_sha256')}, not {model_sha256}")
    wanted = [MODEL_FILE, TOKENIZER_FILE] if quantization == "none" else [INT8_FILE, TOKENIZER_FILE]
    for name in wanted:
        expected = (meta.get("files") or {}).get(name)
        if expected is None:
            raise OnnxArtifactInvalid(f"{folder / name} is not part of the verified export")
        path = folder / name
        if not path.is_file():
            raise OnnxArtifactInvalid(f"{path} is missing")
        if path.stat().st_size != expected["bytes"] or file_sha256(path) != expected["sha256"]:
            raise OnnxArtifactInvalid(f"{path} does not match the verified export (corrupt or changed)")
    return meta


class OnnxEncoder(QueryCache):
    """Normalised vectors from the exported model (pooling and normalisation are inside the ONNX graph)."""

    kind = "onnx"

    def __init__(self, folder: Path, meta: dict[str, Any], model_name: str, query_prefix: str = "",
                 quantization: str = "none", threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        super().__init__()
        self.folder = Path(folder)
        self.meta = meta
        self.model_name = model_name
        self.query_prefix = query_prefix
        self.quantization = quantization
        self.embed_batch_size = 16
        options = ort.SessionOptions()
        # One thread per question: parallelism comes from answering several questions at once (the web
        # service's worker processes); a thread pool per process would spin against them on 2 cores.
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        model = self.folder / (MODEL_FILE if quantization == "none" else INT8_FILE)
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._inputs = [i.name for i in self._session.get_inputs()]
        unknown = [n for n in self._inputs if n not in INPUT_FIELDS]
        if unknown:
            raise OnnxArtifactInvalid(f"{model} has inputs {unknown} this encoder cannot feed")
        tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
        tokenizer.no_padding()
        tokenizer.enable_truncation(int(meta["max_seq_length"]))
        self._tokenizer = tokenizer

    def _feed(self, encodings: list) -> dict[str, np.ndarray]:
        width = max(len(e.ids) for e in encodings)
        feed = {}
        for name in self._inputs:
            field = INPUT_FIELDS[name]
            arr = np.zeros((len(encodings), width), dtype=np.int64)  # padding: id 0, mask 0 (masked out)
            for row, e in enumerate(encodings):
                values = getattr(e, field)
                arr[row, : len(values)] = values
            feed[name] = arr
        return feed

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=True)
        return self._session.run(None, self._feed(encodings))[0].astype(np.float32, copy=False)

    def encode(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Document-side vectors (no query prefix), in batches of similar length."""
        if not texts:
            return np.zeros((0, int(self.meta["dim"])), dtype=np.float32)
        size = batch_size or self.embed_batch_size
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), int(self.meta["dim"])), dtype=np.float32)
        for start in range(0, len(order), size):
            chunk = order[start : start + size]
            out[chunk] = self._run([texts[i] for i in chunk])
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One question's vector (with the model's query prefix), cached."""
        full = self.query_prefix + text
        return self.cached(full, lambda: self._run([full])[0].copy())

    def as_llama_index(self):
        from assistant.retrieval.dense import llama_embedding

        return llama_embedding(self)
