"""A GGUF model in process through llama-cpp-python (an optional extra)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage

from assistant.ask.backends.protocol import content_text
from assistant.errors import BackendError


class LlamaCppBackend:
    """A GGUF model in process through llama-cpp-python (``pip install .[llamacpp]``)."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path, self.name, self.timeout = path, f"llamacpp:{path.name}", timeout
        self._llama: Any = None

    def _load(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise BackendError(
                    "llama-cpp-python is not installed; run `.venv/bin/pip install '.[llamacpp]'`."
                ) from None
            self._llama = Llama(model_path=str(self.path), n_ctx=4096, verbose=False)
        return self._llama

    def generate(self, messages: Sequence[BaseMessage]) -> str:
        result = self._load().create_chat_completion(messages=_dicts(messages), temperature=0.1)
        return str(result["choices"][0]["message"]["content"] or "")

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]:
        for part in self._load().create_chat_completion(
            messages=_dicts(messages), temperature=0.1, stream=True
        ):
            yield str(part["choices"][0].get("delta", {}).get("content") or "")


def _dicts(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [{"role": roles.get(m.type, "user"), "content": content_text(m.content)} for m in messages]
