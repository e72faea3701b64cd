"""LangChain adapter: the hybrid retriever as a ``BaseRetriever`` for users' own chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.domain.clauses import Hit


def hit_document(hit: Hit) -> Document:
    c = hit.clause
    return Document(
        id=c.id,
        page_content=c.text,
        metadata={"id": c.id, "label": c.label, "source": c.source, "sector": c.sector,
                  "score": round(hit.score, 4), "kind": c.kind, "date": c.date},
    )


class ClauseRetriever(BaseRetriever):
    """Wraps :class:`assistant.search.retrieval.Retriever`; each Document's metadata carries its id."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 5
    sector: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [hit_document(h) for h in self.retriever.search(query, self.k, self.sector)]
