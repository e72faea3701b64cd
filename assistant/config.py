"""Settings: built once at start-up from flags, then environment, then defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.errors import BadInput

PROJECT_DIR = Path(__file__).resolve().parent.parent
EMBEDDERS = ("minilm", "hashing")


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_DIR / "corpus"
    index_dir: Path = PROJECT_DIR / "index"
    chroma_url: str | None = None
    llm: str = "extractive"
    safety_model: str = ""  # a served safety model that judges requests too: ollama:NAME or openai:NAME
    host: str = "127.0.0.1"
    port: int = 7860
    embedder: str = "minilm"  # "hashing" is the offline fake used by tests
    timeout: float = 30.0  # seconds for remote services (Chroma server, LLM)
    ui_job_seconds: float = 60.0  # the most one web request may take before it is stopped
    query_adapter: bool = True  # map query vectors by corpus/training's adapter, when it fits the model
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **flags: Any) -> Settings:
        """Flags win over environment variables, which win over defaults."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if env.get("ASSISTANT_CORPUS_DIR"):
            values["corpus_dir"] = Path(env["ASSISTANT_CORPUS_DIR"])
        if env.get("ASSISTANT_INDEX_DIR"):
            values["index_dir"] = Path(env["ASSISTANT_INDEX_DIR"])
        if env.get("ASSISTANT_CHROMA_URL"):
            values["chroma_url"] = env["ASSISTANT_CHROMA_URL"]
        for key in ("llm", "host", "embedder", "safety_model"):
            if env.get(f"ASSISTANT_{key.upper()}"):
                values[key] = env[f"ASSISTANT_{key.upper()}"]
        if env.get("ASSISTANT_PORT"):
            values["port"] = _number(env["ASSISTANT_PORT"], "ASSISTANT_PORT", int)
        if env.get("ASSISTANT_TIMEOUT"):
            values["timeout"] = _number(env["ASSISTANT_TIMEOUT"], "ASSISTANT_TIMEOUT", float)
        if env.get("ASSISTANT_UI_JOB_SECONDS"):
            values["ui_job_seconds"] = _number(env["ASSISTANT_UI_JOB_SECONDS"], "ASSISTANT_UI_JOB_SECONDS",
                                               float)
        if env.get("ASSISTANT_QUERY_ADAPTER"):
            values["query_adapter"] = _switch(env["ASSISTANT_QUERY_ADAPTER"], "ASSISTANT_QUERY_ADAPTER")
        values.update({k: v for k, v in flags.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.embedder not in EMBEDDERS:
            raise BadInput(
                f"Unknown embedder '{self.embedder}'; use one of: {', '.join(EMBEDDERS)}."
            )
        kind, _, name = self.safety_model.partition(":")
        if self.safety_model and (kind not in ("ollama", "openai") or not name.strip()):
            raise BadInput(f"ASSISTANT_SAFETY_MODEL is '{self.safety_model}'; use ollama:NAME or openai:NAME "
                           "(e.g. ollama:llama-guard3), or leave it empty for the offline guard alone.")
        if not 0 < self.port < 65536:
            raise BadInput(f"ASSISTANT_PORT must be between 1 and 65535, not {self.port}.")
        if not 0 < self.timeout < float("inf"):  # also refuses nan, which every comparison fails
            raise BadInput("ASSISTANT_TIMEOUT must be a positive number of seconds.")
        if not 0 < self.ui_job_seconds < float("inf"):
            raise BadInput("ASSISTANT_UI_JOB_SECONDS must be a positive number of seconds.")

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _switch(raw: str, name: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "on", "true", "yes"):
        return True
    if value in ("0", "off", "false", "no"):
        return False
    raise BadInput(f"{name} must be on or off, not '{raw}'.")


def _number(raw: str, name: str, kind: type[int] | type[float]) -> Any:
    try:
        return kind(raw)
    except ValueError:
        raise BadInput(f"{name} must be a number, not '{raw}'.") from None
