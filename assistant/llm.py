"""LLM backends behind one small interface, chosen by ASSISTANT_LLM.

``extractive`` needs no model (the answer is composed from the clauses). Served models
go through LangChain chat models; llama.cpp runs in process as an optional extra.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from .errors import BackendError, BadInput

BACKENDS = "extractive, openai:MODEL, ollama:NAME or llamacpp:PATH.gguf"


class ChatBackend(Protocol):
    name: str

    def generate(self, messages: Sequence[BaseMessage]) -> str: ...

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]: ...


class LangChainBackend:
    """Any LangChain chat model: ChatOpenAI for served models, fakes in tests."""

    def __init__(self, model: BaseChatModel, name: str) -> None:
        self.model, self.name = model, name

    def generate(self, messages: Sequence[BaseMessage]) -> str:
        return _text(self.model.invoke(list(messages)).content)

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]:
        for chunk in self.model.stream(list(messages)):
            yield _text(chunk.content)


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


def make_backend(spec: str, timeout: float) -> ChatBackend | None:
    """The backend for an ASSISTANT_LLM value; None means the extractive answer."""
    kind, _, arg = spec.strip().partition(":")
    kind = kind.lower()
    if kind == "extractive" and not arg:
        return None
    if kind in ("openai", "ollama") and arg.strip():
        from langchain_openai import ChatOpenAI

        if kind == "openai":
            base = (os.environ.get("OPENAI_BASE_URL") or "").strip()
            if not base:  # never a silent default to a public service: questions stay here
                raise BadInput(f"ASSISTANT_LLM is '{spec}' but OPENAI_BASE_URL is not set; set it to "
                               "your OpenAI-compatible server (e.g. http://127.0.0.1:8000/v1).")
            key = os.environ.get("OPENAI_API_KEY") or "not-needed"
        else:
            host = os.environ.get("OLLAMA_HOST", "http://127.0.0.1:11434").rstrip("/")
            base = f"{host if '://' in host else 'http://' + host}/v1"
            key = "ollama"
        model = ChatOpenAI(
            model=arg.strip(), base_url=base, api_key=key,  # type: ignore[arg-type]
            timeout=timeout, max_retries=0, temperature=0.1,
        )
        return LangChainBackend(model, spec)
    if kind == "llamacpp" and arg.strip():
        path = Path(arg.strip()).expanduser()
        if path.suffix.lower() != ".gguf" or not path.is_file():
            raise BadInput(f"ASSISTANT_LLM names '{path}', which is not an existing .gguf file.")
        return LlamaCppBackend(path, timeout)
    raise BadInput(f"Unknown answer backend '{spec}'; use {BACKENDS}.")


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)
    return str(content)


def _dicts(messages: Sequence[BaseMessage]) -> list[dict[str, str]]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [{"role": roles.get(m.type, "user"), "content": _text(m.content)} for m in messages]
