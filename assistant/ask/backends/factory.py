"""Chooses the answer backend for an ASSISTANT_LLM value; imports every backend."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.ask.backends.langchain_chat import LangChainBackend
from assistant.ask.backends.llamacpp import LlamaCppBackend
from assistant.ask.backends.protocol import BACKENDS, ChatBackend
from assistant.errors import BadInput


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
