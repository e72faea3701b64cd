"""The chat-model backend protocol; backends in langchain_chat.py and llamacpp.py, chosen by
factory.py from ASSISTANT_LLM.

``extractive`` needs no model (the answer is composed from the clauses). Served models
go through LangChain chat models; llama.cpp runs in process as an optional extra.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from langchain_core.messages import BaseMessage

BACKENDS = "extractive, openai:MODEL, ollama:NAME or llamacpp:PATH.gguf"


class ChatBackend(Protocol):
    name: str

    def generate(self, messages: Sequence[BaseMessage]) -> str: ...

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]: ...


def content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)
    return str(content)
