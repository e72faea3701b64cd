"""The torch-free query path: the ONNX export matches sentence-transformers."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from assistant.config import PROJECT_DIR, Settings
from assistant.embed.factory import make_embedder
from assistant.embed.minilm import MiniLMEmbedder
from assistant.embed.onnx import OnnxEmbedder, onnx_path


def test_index_exports_onnx_matching_sentence_transformers(real_index: Settings,
                                                           minilm: MiniLMEmbedder) -> None:
    path = onnx_path(real_index.index_dir)
    assert path.is_file()
    onnx = make_embedder("minilm", real_index.index_dir)
    assert isinstance(onnx, OnnxEmbedder) and onnx.name == minilm.name
    texts = ["What must payment providers do about sextortion?", "hotline",
             "Place the wellbeing of the child at the centre of national plans " * 20]
    cosine = np.sum(onnx.embed(texts) * minilm.embed(texts), axis=1)
    assert float(np.max(1 - cosine)) < 1e-4


def test_search_and_ask_never_import_torch(real_index: Settings) -> None:
    script = (
        "import sys, json\n"
        "from click.testing import CliRunner\n"
        "from assistant.cli import cli\n"
        "r1 = CliRunner().invoke(cli, ['search', 'payment providers', '--json'])\n"
        "r2 = CliRunner().invoke(cli, ['ask', 'what must payment providers do?', '--json'])\n"
        "print(json.dumps({'codes': [r1.exit_code, r2.exit_code], 'torch': 'torch' in sys.modules,\n"
        "  'st': 'sentence_transformers' in sys.modules, 'top': json.loads(r1.stdout)['hits'][0]['id']}))\n"
    )
    env = {"ASSISTANT_INDEX_DIR": str(real_index.index_dir), "PATH": "/usr/bin:/bin",
           "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         cwd=PROJECT_DIR, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"codes": [0, 0], "torch": False, "st": False, "top": "cta.private_sector.2.c"}
