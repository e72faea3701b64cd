"""The MiniLM model as ONNX: exported once at index time, then queries need no torch.

Export uses torch (``torch.onnx``, legacy exporter); queries use only onnxruntime and
tokenizers, which come with chromadb. Embeddings match sentence-transformers' to
within 1e-4 cosine (checked after export, and by the tests).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .embedding import MINILM_NAME, Vectors, model_dir

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


def export_onnx(index_dir: Path, reference: Any = None) -> Path:
    """Export MiniLM to ``index/onnx/`` (written aside, then swapped in); returns its folder."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

    target = index_dir / ONNX_DIR
    staging = index_dir / f"{ONNX_DIR}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        source = model_dir()
        model = AutoModel.from_pretrained(str(source)).eval()

        class Encoder(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
                return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state

        sample = torch.ones((2, 8), dtype=torch.long)
        axes = {0: "batch", 1: "tokens"}
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Encoder(model), (sample, sample, torch.zeros_like(sample)), str(staging / MODEL_FILE),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                              "last_hidden_state": axes},
                opset_version=17, dynamo=False,
            )
        shutil.copyfile(source / "tokenizer.json", staging / "tokenizer.json")
        (staging / "info.json").write_text(json.dumps({"model": MINILM_NAME}), encoding="utf-8")
        if reference is not None:
            check_onnx(OnnxEmbedder(staging), reference)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def check_onnx(onnx: OnnxEmbedder, reference: Any) -> float:
    """Largest cosine gap between the two embedders on sample texts; raises if too large."""
    texts = ["Criminalise emerging threats such as AI-generated abuse and financially motivated sextortion.",
             "hotline", "What must payment providers do about sextortion in East Africa?"]
    gap = float(np.max(1.0 - np.sum(onnx.embed(texts) * reference.embed(texts), axis=1)))
    if gap > TOLERANCE:
        raise RuntimeError(f"the ONNX export differs from sentence-transformers (cosine gap {gap:.2e})")
    return gap
