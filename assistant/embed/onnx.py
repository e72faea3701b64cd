"""The MiniLM model as ONNX: exported once at index time, then queries need no torch.

The export (``export_onnx`` in minilm.py) uses torch; queries use only onnxruntime and
tokenizers, which come with chromadb. Embeddings match sentence-transformers' to
within 1e-4 cosine (checked after export, and by the tests).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embed.model import MINILM_NAME
from assistant.embed.protocol import Vectors

ONNX_DIR = "onnx"
MODEL_FILE = "model.onnx"
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
TOLERANCE = 1e-4


def onnx_path(index_dir: Path) -> Path:
    return index_dir / ONNX_DIR / MODEL_FILE


class OnnxEmbedder:
    """all-MiniLM-L6-v2 through onnxruntime: mean pooling and L2 normalisation in numpy."""

    name = MINILM_NAME

    def __init__(self, directory: Path, batch_size: int = 32) -> None:
        self.directory, self.batch_size = directory, batch_size
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        if self._session is None:
            import onnxruntime
            from tokenizers import Tokenizer

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = max(1, min(4, os.cpu_count() or 1))
            options.log_severity_level = 3
            self._session = onnxruntime.InferenceSession(
                str(self.directory / MODEL_FILE), options, providers=["CPUExecutionProvider"])
            tokenizer = Tokenizer.from_file(str(self.directory / "tokenizer.json"))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.enable_padding()
            self._tokenizer = tokenizer

    def embed(self, texts: Sequence[str]) -> Vectors:
        self._load()
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = self._tokenizer.encode_batch(list(texts[start:start + self.batch_size]))
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            types = np.array([e.type_ids for e in batch], dtype=np.int64)
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": types})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[start:start + len(batch)] = pooled / np.clip(norms, 1e-12, None)
        return out


def check_onnx(onnx: OnnxEmbedder, reference: Any) -> float:
    """Largest cosine gap between the two embedders on sample texts; raises if too large."""
    texts = ["Criminalise emerging threats such as AI-generated abuse and financially motivated sextortion.",
             "hotline", "What must payment providers do about sextortion in East Africa?"]
    gap = float(np.max(1.0 - np.sum(onnx.embed(texts) * reference.embed(texts), axis=1)))
    if gap > TOLERANCE:
        raise RuntimeError(f"the ONNX export differs from sentence-transformers (cosine gap {gap:.2e})")
    return gap
