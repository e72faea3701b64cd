"""The assistant's components wired together from one Settings object.

Everything is built lazily, so `assistant show` never loads the model and a
command that needs no index never opens one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from .clauses import Clause, Hit
from .config import Settings
from .corpus import Corpus, load_corpus
from .documents import add_document
from .embedding import Embedder, make_embedder
from .errors import IndexCorrupt, UnknownClause
from .indexer import IndexReport, build_index
from .query import QueryAnalyzer, Vocabulary
from .retrieval import Retriever, Tuning
from .store import Snapshot, VectorStore, make_store


class Assistant:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._store = store
        self.tuning = tuning

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or make_embedder(self.settings.embedder)

    @cached_property
    def store(self) -> VectorStore:
        return self._store or make_store(
            self.settings.index_dir, self.settings.chroma_url, self.settings.timeout
        )

    @cached_property
    def corpus(self) -> Corpus:
        return load_corpus(self.settings.corpus_dir)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.load(self.settings.corpus_dir)

    @cached_property
    def snapshot(self) -> Snapshot:
        snapshot = self.store.snapshot()
        model = snapshot.info.get("model")
        if model and model != self.embedder.name:
            raise IndexCorrupt(
                f"The index was built with the embedder '{model}', not '{self.embedder.name}'; "
                "rebuild it with `assistant index --rebuild`."
            )
        return snapshot

    @cached_property
    def analyzer(self) -> QueryAnalyzer:
        return QueryAnalyzer(self.vocabulary, Retriever.corpus_words(self.snapshot))

    def retriever(self, mode: str = "hybrid") -> Retriever:
        if mode == "hybrid":
            return self._hybrid
        return Retriever(self.snapshot, self.store, self.embedder, self.analyzer, self.tuning, mode)

    @cached_property
    def _hybrid(self) -> Retriever:
        return Retriever(self.snapshot, self.store, self.embedder, self.analyzer, self.tuning)

    def index(
        self, rebuild: bool = False, add: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexReport:
        if add is not None:
            add_document(add, self.settings.corpus_dir)
            self.__dict__.pop("corpus", None)
        report = build_index(self.corpus, self.embedder, self.store, rebuild, progress)
        for name in ("snapshot", "analyzer", "_hybrid"):
            self.__dict__.pop(name, None)
        return report

    def show(self, clause_id: str) -> Clause:
        key = clause_id.strip().lower()
        clause = self.corpus.get(key)
        if clause is None:
            from .references import find_references

            refs = [r.clause_id for r in find_references(clause_id)]
            clause = self.corpus.get(refs[0]) if len(refs) == 1 else None
        if clause is None:
            raise UnknownClause(clause_id.strip())
        return clause

    def search(self, query: str, k: int = 5, sector: str | None = None) -> list[Hit]:
        return self.retriever().search(query, k, sector)
