"""Any LangChain chat model as a backend: ChatOpenAI for served models, fakes in tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.ask.backends.protocol import content_text


class LangChainBackend:
    """Any LangChain chat model: ChatOpenAI for served models, fakes in tests."""

    def __init__(self, model: BaseChatModel, name: str) -> None:
        self.model, self.name = model, name

    def generate(self, messages: Sequence[BaseMessage]) -> str:
        return content_text(self.model.invoke(list(messages)).content)

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]:
        for chunk in self.model.stream(list(messages)):
            yield content_text(chunk.content)
