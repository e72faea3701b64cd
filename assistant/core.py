"""The assistant's components wired together from one Settings object.

Everything is built lazily, so `assistant show` never loads the model and a
command that needs no index never opens one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.corpus.documents import add_document
from assistant.corpus.loader import Corpus, load_corpus
from assistant.domain.clauses import Clause, Hit
from assistant.embed.adapter import QueryAdapter
from assistant.embed.factory import export_for_queries, make_embedder
from assistant.embed.protocol import Embedder, Vectors
from assistant.errors import UnknownClause
from assistant.indexing.indexer import PROFILE, TEXT, IndexReport, build_index, open_snapshot
from assistant.safety.guard import SafetyGuard
from assistant.safety.judge import ModelJudge
from assistant.safety.scope import Scope
from assistant.safety.semantic import NeighbourCheck
from assistant.search.calibration import SearchCalibration
from assistant.search.query import QueryAnalyzer, Vocabulary
from assistant.search.retrieval import IN_MEMORY, Retriever
from assistant.store.factory import make_store
from assistant.store.protocol import SEARCH, Snapshot, VectorStore

if TYPE_CHECKING:  # answering pulls in LangChain: imported only when a question is asked
    from assistant.ask.answering import Answer, Answerer, Conversation
    from assistant.ask.backends.protocol import ChatBackend

if TYPE_CHECKING:
    from assistant.check.checker import Checker
    from assistant.check.faithful import Unfaithful

if TYPE_CHECKING:
    from assistant.chat.conversation import Conversation as ChatConversation
    from assistant.chat.conversation import Turn

if TYPE_CHECKING:
    from assistant.applicable.applicability import Applicability
    from assistant.assess.assessor import Assessment, Assessor
    from assistant.corpus.crosswalk import Crosswalk
    from assistant.plan.planning import Planner


class Assistant:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        search_calibration: SearchCalibration | None = None,
        backend: ChatBackend | None = None,
        in_memory: int = IN_MEMORY,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._store = store
        self.search_calibration = search_calibration
        self._backend = backend
        self.in_memory = in_memory  # a limit: up to this many clauses, search holds their vectors

    @cached_property
    def embedder(self) -> Embedder:
        return self._embedder or make_embedder(self.settings.embedder, self.settings.index_dir)

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
        return open_snapshot(self.store, self.embedder)

    @cached_property
    def analyzer(self) -> QueryAnalyzer:
        return QueryAnalyzer(self.vocabulary, Retriever.corpus_words(self.snapshot))

    def retriever(self, mode: str = "hybrid") -> Retriever:
        if mode == "hybrid":
            return self._hybrid
        return Retriever(self.snapshot, self.store, self.embedder, self.analyzer, self.search_calibration,
                         mode, self.in_memory, self.query_adapter)

    @cached_property
    def _hybrid(self) -> Retriever:
        return Retriever(self.snapshot, self.store, self.embedder, self.analyzer, self.search_calibration,
                         in_memory=self.in_memory, adapter=self.query_adapter)

    @cached_property
    def query_adapter(self) -> QueryAdapter | None:
        """The query vectors' adapter fitted to this embedder, unless the settings turn it off."""
        if not self.settings.query_adapter:
            return None
        return QueryAdapter.load(self.settings.corpus_dir, self.embedder.name)

    def index(
        self, rebuild: bool = False, add: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexReport:
        _ = self.store  # refuses a bad ASSISTANT_INDEX_DIR before the corpus changes
        added = add_document(add, self.settings.corpus_dir) if add is not None else None
        try:
            if added is not None:
                self.forget()
            report = build_index(self.corpus, self.embedder, self.store, rebuild, progress)
        except BaseException:
            if added is not None:  # all or nothing: the corpus is as it was before the add
                added.undo()
                self.forget()
            raise
        report = report.with_note(export_for_queries(self.embedder, self.settings.index_dir))
        if self.neighbours is not None:
            self.neighbours.warm()  # embeds the safety exemplars once, into the index folder
        self.forget()
        return report

    def index_vectors(self, kind: str = SEARCH) -> Callable[[Sequence[str]], Vectors]:
        """Reads the active build's vectors of one kind by clause id (built by this embedder)."""
        def read(ids: Sequence[str]) -> Vectors:
            _ = self.snapshot  # raises when another embedder built the index
            return self.store.vectors(ids, kind)

        return read

    def forget(self) -> None:
        """Drop everything built from the corpus or the index, so that it is read afresh."""
        for name, value in type(self).__dict__.items():
            if isinstance(value, cached_property) and name not in self.KEEP:
                self.__dict__.pop(name, None)

    KEEP = frozenset({"embedder", "store", "backend", "neighbours"})  # not built from the corpus

    def show(self, clause_id: str) -> Clause:
        clause = self.corpus.resolve(clause_id)
        if clause is None:
            raise UnknownClause(clause_id.strip())
        return clause

    def search(self, query: str, k: int = 5, sector: str | None = None) -> list[Hit]:
        return self.retriever().search(query, k, sector)

    def with_settings(self, **changes: object) -> Assistant:
        """The same assistant (same model and store) with some settings changed."""
        return Assistant(self.settings.with_(**changes), embedder=self.embedder, store=self.store,
                         search_calibration=self.search_calibration, in_memory=self.in_memory)

    @cached_property
    def guard(self) -> SafetyGuard:
        judge = ModelJudge.from_setting(self.settings.safety_model, self.settings.timeout)
        return SafetyGuard.load(self.settings.corpus_dir).with_judge(judge)

    @cached_property
    def links(self) -> Callable[[str], Sequence[str]]:
        """MNR / INSPIRE links of a clause, from the cross-walk."""
        return self.crosswalk.links

    @cached_property
    def backend(self) -> ChatBackend | None:
        from assistant.ask.backends.factory import make_backend

        return self._backend or make_backend(self.settings.llm, self.settings.timeout)

    @cached_property
    def answerer(self) -> Answerer:
        from assistant.ask.answering import Answerer
        from assistant.ask.calibration import AnswerCalibration
        from assistant.ask.list_vocabulary import ListVocabulary
        from assistant.ask.lists import Lister
        from assistant.ask.silence import Silence

        scope = Scope.load(self.settings.corpus_dir)
        retriever = self.retriever()
        lister = Lister(ListVocabulary.load(self.settings.corpus_dir), retriever,
                        AnswerCalibration().list_similarity)
        return Answerer(retriever, self.guard, self.links, self.backend, scope=scope.topics,
                        second_look=self.neighbours.is_harmful if self.neighbours else None,
                        strong_look=self.neighbours.is_clearly_harmful if self.neighbours else None,
                        elsewhere=scope.decline, lister=lister, claim_check=self._claim_check,
                        silence=Silence.load(self.settings.corpus_dir))

    def _claim_check(self, text: str) -> Sequence[Unfaithful]:
        """The checker's judgement of a model's answer (built only when a model answers)."""
        from assistant.check.faithful import unfaithful_sentences

        return unfaithful_sentences(self.checker, text)

    @cached_property
    def neighbours(self) -> NeighbourCheck | None:
        """The safety guard's exemplar check; None unless the embedder is the calibrated model."""
        return NeighbourCheck.load(self.settings.corpus_dir, self.embedder, self.settings.index_dir)

    def ask(self, question: str, sector: str | None = None,
            conversation: Conversation | None = None, prefer: str | None = None) -> Answer:
        return self.helped(question, self.answerer.ask(question, sector, conversation, prefer))

    def helped(self, question: str, answer: Answer) -> Answer:
        """Where to get help, right after the first paragraph, when the asker says a child they
        protect is harmed or threatened now (safety/help.py). A refusal of such a request gives
        the help alone (only where to turn, safe whoever asks); its status stays refused."""
        notice = self.guard.help
        if not notice.applies(question):
            return answer
        return replace(answer, text=notice.text if answer.status == "refused" else notice.placed(answer.text))

    @cached_property
    def crosswalk(self) -> Crosswalk:
        from assistant.corpus.crosswalk import Crosswalk

        return Crosswalk.load(self.settings.corpus_dir)

    @cached_property
    def applicability(self) -> Applicability:
        """Which pledges apply to an organisation profile (`assistant applicable`)."""
        from assistant.applicable.applicability import Applicability
        from assistant.applicable.profile import ProfileVocabulary

        profiles = ProfileVocabulary.load(self.settings.corpus_dir, self.vocabulary)
        return Applicability(self.corpus, self.vocabulary, profiles, self.embedder, self.crosswalk,
                             clause_vectors=self.index_vectors(PROFILE))

    @cached_property
    def planner(self) -> Planner:
        """Action-plan outlines for an organisation profile (`assistant plan`)."""
        from assistant.plan.planning import Planner, Templates

        templates = Templates.load(self.settings.corpus_dir)
        return Planner(self.applicability, templates, self.crosswalk, self.corpus)

    @cached_property
    def checker(self) -> Checker:
        """The citation checker (`assistant check`): the corpus, the embedder and the cue lists."""
        from assistant.check.checker import Checker
        from assistant.check.claim_terms import ClaimTerms
        from assistant.check.contradiction_cues import ContradictionCues

        cues = ContradictionCues.load(self.settings.corpus_dir, self.vocabulary)
        return Checker(self.corpus, self.embedder, cues, self.vocabulary,
                       clause_vectors=self.index_vectors(TEXT),
                       claims=ClaimTerms.load(self.settings.corpus_dir))

    @cached_property
    def assessor(self) -> Assessor:
        """An organisation's own document against the pledges that apply (`assistant assess`)."""
        from assistant.assess.assessor import Assessor, Meaning
        from assistant.assess.vocabulary import AssessVocabulary

        return Assessor(self.applicability, AssessVocabulary.load(self.settings.corpus_dir), self.embedder,
                        clause_vectors=self.index_vectors(PROFILE),
                        meaning=Meaning(self.query_adapter, self.index_vectors(SEARCH)))

    def assess(self, text: str, profile: str | None = None, sector: str | None = None,
               paragraph_lines: bool = False,
               progress: Callable[[int, int], None] | None = None, own: bool = False) -> Assessment:
        return self.assessor.assess(text, profile=profile, sector=sector,
                                    paragraph_lines=paragraph_lines, progress=progress, own=own)

    @cached_property
    def conversation(self) -> ChatConversation:
        """The chat (`assistant chat`): every job, for the organisation the user describes."""
        from assistant.chat.conversation import Conversation
        from assistant.chat.meaning import Meaning, MeaningExamples
        from assistant.chat.vocabulary import ChatVocabulary

        meaning = Meaning(MeaningExamples.load(self.settings.corpus_dir), self.embedder.embed)
        return Conversation(ChatVocabulary.load(self.settings.corpus_dir), self, meaning=meaning,
                            assess=lambda text, profile, sector: self.assess(
                                text, profile=profile, sector=sector, own=True).to_json())

    def chat(self, message: str, history: Sequence[str] = ()) -> Turn:
        """One turn of a conversation; ``history`` is the user's earlier messages (no state is kept)."""
        return self.conversation.turn(message, history)
