"""Complete lists and comparisons: "list all the civil society pledges", "which pledges
mention AI", "how do the government and private sector pledges on X differ".

Structural lists (a sector's pledges, a pledge's parts, the overarching commitments, the
preamble, a framework's entries) come from the corpus's structure, never the embedder.
Concept lists hold every clause that mentions the concept (its words close together, or a
synonym of it from lists.toml's tight groups or a framework's names), plus every clause
whose dense similarity passes ``AnswerCalibration.list_similarity`` (off until a threshold
separates: ``python -m eval.quality.lists --calibrate``). The question forms are data:
corpus/behaviour/lists.toml (ask/list_vocabulary.py, its one loader).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.ask.list_concepts import CONCEPT_WORDS, Concepts
from assistant.ask.list_text import SPLITS, Listing, Section, as_topic, by_sector, joined, render, sector_name
from assistant.ask.list_vocabulary import ListVocabulary
from assistant.domain.clauses import Clause
from assistant.domain.references import find_references
from assistant.domain.sectors import SECTORS
from assistant.search.retrieval import Retriever
from assistant.text.normalise import STOPWORDS, fold, stem, words
from assistant.text.spelling import is_english

_CONCEPT_KINDS = ("subclause", "overarching")


class Lister:
    """Answers list and comparison questions from the whole corpus, or says it is not one."""

    def __init__(self, vocabulary: ListVocabulary, retriever: Retriever,
                 similarity: float = 2.0) -> None:
        self.vocabulary, self.retriever, self.similarity = vocabulary, retriever, similarity
        self.clauses = [c for c in retriever.clauses if c.kind != "document"]
        self.concepts = Concepts(vocabulary, self.clauses,
                                 tuple(p for _, p in retriever.analyzer.vocabulary.overviews))

    def topic(self, question: str) -> list[str]:
        """The words of a list question's topic (empty when it names none)."""
        folded = self._spelled(fold(question))
        framework = next((f for f, p in self.vocabulary.frameworks if p.search(folded)), None)
        return self._concept(folded, framework)

    def similarities(self, words_: Sequence[str]) -> dict[str, float]:
        """Each clause's dense cosine to a topic, as ``list_similarity`` is compared with."""
        query = self.retriever.analyzer.analyse(" ".join(words_))
        vector = self.retriever.query_vector(query).tolist()
        return dict(self.retriever.store.query(vector, len(self.retriever.clauses), None))

    def answer(self, question: str, sector: str | None = None) -> Listing | None:
        """The complete list the question asks for, or None when it asks for no list."""
        v, folded = self.vocabulary, self._spelled(fold(question))
        found = find_references(question)
        refs = [r for r in found if r.strong]
        # "all parts of Gov 3": a bare pledge number is a reference where the question asks for parts
        refs = refs or [r for r in found if (c := self.retriever.get(r.clause_id)) and c.kind == "pledge"
                        and self.vocabulary.items.search(folded)]
        compare = bool(v.compare_forms.search(folded))
        counting = bool(v.count_forms.search(folded))
        listing = bool(v.list_forms.search(folded)) or counting or self._asks_for_items(folded)
        if not (listing or compare):
            return None
        framework = next((fid for fid, p in v.frameworks if p.search(folded)), None)
        sectors = self._sectors(folded, sector) if not framework else []
        if compare and len(refs) >= 2:
            ids = list(dict.fromkeys(r.clause_id for r in refs))
            return render("The clauses you name, side by side:", [
                Section(c.label, [c]) for i in ids if (c := self.retriever.get(i))], counting)
        if refs:
            pledges = [c for r in refs if (c := self.retriever.get(r.clause_id)) and c.kind == "pledge"]
            if len(pledges) == 1 and listing:
                return self._pledges(pledges, f"{pledges[0].label}, with each of its parts:", counting)
            return None
        concept = self._concept(folded, framework)
        shown = as_topic(folded, concept)
        if compare and len(sectors) >= 2 and not concept:
            pledges = [c for s in sectors for c in self.clauses if c.kind == "pledge" and c.sector == s]
            return self._pledges(pledges, f"The {joined([sector_name(s) for s in sectors])} pledges, "
                                 "side by side:", counting)
        if compare and len(sectors) >= 2:
            return self._compare(sectors, concept, framework, shown,
                                 self.alternatives(folded, concept, framework))
        if not listing:
            return None
        if not concept or (v.whole.search(folded) and (sectors or v.overarching.search(folded)
                                                        or v.preamble.search(folded))):
            headed = [c for c in self.clauses if concept and c.kind == "pledge" and c.sector in sectors
                      and self.concepts.matches(concept, c)]  # "the safety-by-design pledge in full"
            return self._pledges(headed, "", counting) if headed else \
                self._structural(folded, sectors, framework, counting)
        if not (v.items.search(folded) or v.places.search(folded) or framework):
            return None
        return self._concept_list(concept, sectors, framework, counting, shown, folded,
                                  self.alternatives(folded, concept, framework))

    # --- structure -----------------------------------------------------------------

    def _asks_for_items(self, folded: str) -> bool:
        """"Which overarching commitments…": a question word with the items close after it."""
        nouns = [self.vocabulary.items, *(p for _, p in self.vocabulary.frameworks)]
        for m in self.vocabulary.asking.finditer(folded):
            after = " ".join(folded[m.end():].split()[:4])
            if any(p.search(after) for p in nouns):
                return True
        return False

    def _structural(self, folded: str, sectors: list[str], framework: str | None,
                    counting: bool) -> Listing | None:
        v = self.vocabulary
        if v.overarching.search(folded):
            return render("The overarching commitments, which all members of the WeProtect Global "
                          "Alliance make:", [Section("", self._kind("overarching"))], counting)
        if v.preamble.search(folded):
            return render("The Call to Action's opening points:", [Section("", self._kind("preamble"))],
                          counting)
        if framework:
            entries = [c for c in self.clauses if c.kind == "framework"
                       and re.fullmatch(rf"{re.escape(framework)}\.\d+", c.id)]
            if entries:
                whole = self.retriever.get(framework)
            return render(f"The entries of the {whole.label if whole else framework}:",
                              [Section("", entries)], counting)
            return None
        if not (v.pledges.search(folded) or sectors):  # "list everything civil society must do"
            return None
        pledges = [c for c in self.clauses if c.kind == "pledge" and (not sectors or c.sector in sectors)]
        return self._pledges(pledges, "", counting)

    def _pledges(self, pledges: Sequence[Clause], lead: str, counting: bool) -> Listing:
        sections = [Section(p.label + f" ({p.text.splitlines()[0]})", self._parts(p), p) for p in pledges]
        names = sorted({p.sector for p in pledges if p.sector}, key=SECTORS.index)
        lead = lead or ("The " + joined([sector_name(s) for s in names]) + " pledges in the "
                        "Call to Action, each with its parts:")
        return render(lead, sections, counting)

    def _parts(self, pledge: Clause) -> list[Clause]:
        return [c for c in self.clauses if c.parent == pledge.id or (
            c.kind == "subclause" and c.id.startswith(pledge.id + "."))]

    def _kind(self, kind: str) -> list[Clause]:
        return [c for c in self.clauses if c.kind == kind]

    def _sectors(self, folded: str, sector: str | None) -> list[str]:
        if sector:
            return [sector]
        topic = set(self._concept(folded))  # "the payments industry" is a topic, not the private sector
        return [s for s, names in self.vocabulary.sectors if any(not (before := folded[:m.start()].split())
                                                                 or before[-1] not in topic
                                                                 for m in names.finditer(folded))]

    def _spelled(self, folded: str) -> str:
        """The question with each unknown word spelled as the nearest known one (an English word
        the corpus does not use, "involving", is no typo of one it does, "evolving")."""
        analyzer = self.retriever.analyzer
        out = []
        for w in re.findall(r"[a-z0-9]+|[^a-z0-9]+", folded):
            if (w[0].isalnum() and len(w) >= 5 and w not in analyzer.known and w not in STOPWORDS
                    and w not in self.vocabulary.filler and not is_english(w)
                    and not (w.endswith("s") and w[:-1] in analyzer.known)):
                w = analyzer.speller.correct(w) or w
            out.append(w)
        return "".join(out)

    # --- concepts ------------------------------------------------------------------

    def _concept(self, folded: str, framework: str | None = None) -> list[str]:
        """The words of the topic, once forms, targets, sector names and the framework whose
        entries are listed are taken out."""
        return self._topic_words(self._rest(folded, framework))

    def _rest(self, folded: str, framework: str | None = None) -> str:
        """The question without its forms, targets, sector names and listed framework."""
        v = self.vocabulary
        rest = self._focus(folded)
        own = [p for fid, p in self.retriever.analyzer.vocabulary.overviews if fid == framework]
        sectors = [] if framework else [p for _, p in v.sectors]  # a framework's entries have none
        # the structures' names first: "the opening points" is the preamble, not "points"
        for p in (v.overarching, v.preamble, *(p for _, p in v.frameworks), v.list_forms,
                  v.count_forms, v.compare_forms, v.items, *sectors, *own):
            rest = p.sub(" ", rest)
        return rest

    def _focus(self, folded: str) -> str:
        """The part of the question that names its topic: the first sentence that asks for the
        list, up to a qualifying tail ("…, whether as a threat or as a tool")."""
        v = self.vocabulary
        folded = self.retriever.analyzer.vocabulary.persona.split(folded)[1] or folded  # "as a bank: ..."
        sentences = [s for s in re.split(r"(?<=[?.!;])\s+", folded) if s.strip()]
        asks = [s for s in sentences if v.list_forms.search(s) or v.compare_forms.search(s)
                or v.count_forms.search(s) or self._asks_for_items(s)]
        text = asks[0] if len(sentences) > 1 and asks else folded
        cut = v.qualifiers.search(text)
        return text[:cut.start()] if cut and self._topic_words(text[:cut.start()]) else text

    def _topic_words(self, text: str) -> list[str]:
        v = self.vocabulary
        return [w for w in words(text) if len(w) >= 2 and not w.isdigit() and w not in STOPWORDS
                and w not in v.filler and (len(w) > 3 or self.concepts.named(w))]

    def alternatives(self, folded: str, concept: Sequence[str],
                     framework: str | None = None) -> list[list[str]]:
        """The concept, or each of the concepts it offers as alternatives ("survivors or victims
        (incl. people with lived experience)"): a clause mentioning any of them qualifies."""
        rest = self._rest(folded, framework)  # "A, B or C": commas too, unless a part is a description
        listed, parts = ([p for part in pattern.split(rest)
                          if (p := self._topic_words(part)) and set(p) <= set(concept)]
                         for pattern in SPLITS[:2])
        topical = ([w for w in p if stem(w) not in self.vocabulary.domain] for p in listed)  # not a gloss:
        parts = listed if SPLITS[2].search(rest) and all(len(t) <= CONCEPT_WORDS for t in topical) \
            else parts
        if len(parts) <= 1 and len(concept) > 2:  # "raising awareness and educating parents"
            parts = [p for part in re.split(r"\sand\s", self._rest(folded, framework))
                     if (p := self._topic_words(part)) and set(p) <= set(concept)]
        return parts if len(parts) > 1 else [list(concept)]

    def _related(self, concept: Sequence[str], pool: Sequence[Clause],
                 alternatives: Sequence[Sequence[str]] = ()) -> list[Clause]:
        found = [c for c in pool if any(self.concepts.matches(a, c) for a in (alternatives or [concept]))]
        if self.similarity <= 1.0 and pool:
            near = {cid for cid, s in self.similarities(concept).items() if s >= self.similarity}
            found += [c for c in pool if c.id in near and c not in found]
        return sorted(found, key=lambda c: self.retriever.position[c.id])

    def _pool(self, sectors: Sequence[str], framework: str | None, folded: str = "",
              concept: Sequence[str] = ()) -> list[Clause]:
        """The clauses a topic is looked for in: a framework's entries, the overarching
        commitments or the preamble when the question lists them ("which overarching
        commitments mention X"; not "… X, preamble too"), else the pledges, and the opening and
        closing too when it asks for parts or places rather than pledges."""
        if framework:
            return [c for c in self.clauses if c.kind == "framework" and c.id.startswith(framework + ".")]
        v = self.vocabulary
        first = min((m.start() for w in concept if (m := re.search(rf"\b{re.escape(w)}\b", folded))),
                    default=len(folded))
        for kind, names in (("overarching", v.overarching), ("preamble", v.preamble)):
            if folded and (m := names.search(folded)) and m.start() < first:
                return self._kind(kind)
        kinds = set(_CONCEPT_KINDS) | {"pledge"}
        if folded and (not v.pledges.search(folded) or v.preamble.search(folded)):
            kinds |= {"preamble", "closing"}
        pool = [c for c in self.clauses if c.kind in kinds]
        return [c for c in pool if c.sector in sectors or c.sector is None] if sectors else pool

    def _concept_list(self, concept: list[str], sectors: list[str], framework: str | None,
                      counting: bool, shown: str, folded: str,
                      alternatives: Sequence[Sequence[str]] = ()) -> Listing | None:
        pool = self._pool(sectors, framework, folded, concept)
        found = self._whole_pledges(self._related(concept, pool, alternatives))
        if not found:
            return None
        topic = shown or " ".join(concept)
        sections = by_sector(found, sectors)
        whole = self.retriever.get(framework) if framework else None
        lead = (f"Every entry of the {whole.label} that mentions {topic}:" if whole
                else f"Every clause that mentions {topic}, by sector:")
        return render(lead, sections, counting)

    def _whole_pledges(self, found: list[Clause]) -> list[Clause]:
        """A pledge whose heading names the concept stands for all its parts, listed after it."""
        whole = {c.id for c in found if c.kind == "pledge"}
        out: list[Clause] = []
        for c in found:
            if c.kind == "pledge":
                out += [c, *self._parts(c)]
            elif c.parent not in whole and not any(c.id.startswith(w + ".") for w in whole):
                out.append(c)
        return list(dict.fromkeys(out))

    def _compare(self, sectors: list[str], concept: list[str], framework: str | None,
                 shown: str, alternatives: Sequence[Sequence[str]] = ()) -> Listing | None:
        topic = shown or " ".join(concept)
        sections, counts = [], {}
        for s in sectors:
            pool = [c for c in self._pool([s], framework) if c.sector == s]
            found = self._whole_pledges(self._related(concept, pool, alternatives))
            counts[s] = len([c for c in found if c.kind != "pledge"])
            sections.append(Section(sector_name(s).capitalize() + " pledges", found,
                                    empty=f"No {sector_name(s)} pledge mentions {topic}."))
        shared = self._related(concept, self._kind("overarching"), alternatives)
        if shared:
            sections.append(Section("Commitments of all members (every sector)", shared))
        lead = f"The {joined([sector_name(s) for s in sectors])} pledges on {topic}, side by side:"
        with_some = [s for s in sectors if counts[s]]
        if not with_some and not shared:
            return None
        if with_some and len(with_some) < len(sectors):
            last = (f"Only the {joined([sector_name(s) for s in with_some])} pledges mention {topic}; the "
                    f"{joined([sector_name(s) for s in sectors if s not in with_some])} pledges do not.")
        else:
            last = "; ".join(f"{sector_name(s).capitalize()}: {counts[s]} clause"
                             f"{'s' if counts[s] != 1 else ''}" for s in sectors) + "."
        return render(lead, sections, False, last)

