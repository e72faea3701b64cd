"""Which job a turn asks for, from what the message is and the cues it carries.

The shape of the message decides first: a clause reference alone, or with a cue asking
for its text, is a `show`; a pasted draft (sentences with references, no question), a
statement ending with its reference, or a reference with a check cue is a `check`. Then
the job cues of corpus/behaviour/chat.toml are weighed (assess, plan, applicable); a
message with none of them is read by meaning (``meaning.py``: its request, the last
sentence, against the examples of each job, ``ChatCalibration``); anything else is a
question (`ask`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.chat.calibration import ChatCalibration
from assistant.chat.meaning import Meaning
from assistant.chat.vocabulary import ChatVocabulary
from assistant.domain.references import Reference, find_references
from assistant.text.normalise import STOPWORDS, fold, words
from assistant.text.sentences import split_sentences

# a quoted passage ("Our draft says: '... (MNR 12).' Does that hold up?")
_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))['\"‘“]([^'\"‘’“”]{10,}?)['\"’”](?=[\s.,;:!?)]|$)")
_WHOLE_QUOTE = re.compile(r"['\"‘“].{10,}['\"’”][.!]?", re.DOTALL)  # "assess: 'The Ministry will ...'"
# a tag question after a statement ("..., correct?", "- right?")
_TAG = re.compile(r"[\s,;:\-–—]+(?:is\s+that\s+|is\s+it\s+|am\s+i\s+)?"
                  r"(?:right|correct|true|accurate|ok|okay|yes|no)\s*\?+\s*$", re.IGNORECASE)
_CTA = re.compile(r"\bcall\s+to\s+action\b")  # the document's name asks for no action
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
DESCRIBED = "a clause asked for by what it is about"
JUDGED = "a pasted text to judge"
_ABOUT = re.compile(r"\s+(?:that\s+(?:is|talks|covers|deals)\s+)?(?:about|on|regarding|covering|with|for)"
                    r"\s+(.+)")
_SAYS = re.compile(r"(?:\s+(?:actually|exactly|really|again|say|says|said|state|states|word\s+for\s+word"
                   r"|verbatim|in\s+full))*\W*$")
# whom a job is for, after its word ("ok plan for the charity", "roadmap for our foreign ministry")
_FOR_WHOM = re.compile(r"\s+(?:for|to)\s+(?:the|our|my|a|an|us|them|this|that|their|its)\b"
                       r"(?:\W+\w+){0,6}\W*$")
_FIRST_PERSON = frozenset(["we", "us", "our", "ours", "i", "me", "my"])
_DASH = re.compile(r"\s+[-–—]+\s+|:\s+")  # "my boss keeps saying 'Gov 6(a)' - can you show me what it says?"
# a statement ends with its reference, then perhaps a closing bracket, full stop and quote
_ENDS_WITH_REFERENCE = re.compile(r"[\s(\[]*[)\]]*[\s.;]*['\"’”]?[\s.;]*$")


@dataclass(frozen=True)
class Route:
    job: str  # ask | applicable | plan | check | assess | show
    text: str  # the job's input: the question, the draft, the document or the reference
    reason: str  # what decided it, for tests and the eval's misses


class Router:
    def __init__(self, vocabulary: ChatVocabulary, meaning: Meaning | None = None,
                 calibration: ChatCalibration | None = None) -> None:
        self.vocabulary, self.meaning = vocabulary, meaning
        self.calibration = calibration or ChatCalibration()

    def route(self, message: str) -> Route:
        text = " ".join(message.split()) if "\n" not in message else message.strip()
        folded = fold(text)
        refs = [r for r in find_references(text) if r.strong]
        scores = {cues.job: cues.weight * len({m.group() for m in cues.pattern.finditer(folded)})
                  for cues in self.vocabulary.jobs}
        weak = [r for r in find_references(text) if not r.strong]
        if refs or weak:  # "what's in PS 3?": a bare pledge number, shown when nothing else is asked
            shown = self._show(text, folded, refs or weak)
            if shown is not None:
                return shown
        if refs:
            checked = self._check(text, refs, scores.get("check", 0.0))
            if checked is not None:
                return checked
        described = self._by_description(folded) if not refs and not weak else None
        if described is not None:
            return described
        judged = self._judged(text) if not refs and not weak else None
        if judged is not None:  # "assess this: '...'": the text, however short
            return Route("assess", judged, JUDGED)
        if scores.get("assess", 0.0) >= 1:
            document = _after_colon(text)
            if _WHOLE_QUOTE.fullmatch(document):  # "how does this stack up: '...'": the quoted text
                return Route("assess", document.strip("'\"‘’“” .!"), JUDGED)
            return Route("assess", document, "assessment cue")
        document = _after_colon(text)
        if not refs and "?" not in document and len(words(document)) >= self.vocabulary.document_words \
                and self._pasted(document) and not any(scores.values()):
            return Route("assess", document, "a pasted document")
        planning, applying = scores.get("plan", 0.0), scores.get("applicable", 0.0)
        if refs and applying >= 1 and planning < applying:  # "does PS 2(c) apply to banks?": that clause
            return Route("ask", text, "whether a clause it names applies")
        if max(planning, applying) >= 1:
            return Route("plan", text, "plan cue") if planning >= applying else \
                Route("applicable", text, "applicability cue")
        if not refs and not any(scores.values()) and self._pledges_fit(text):
            return Route("applicable", text, "pledges said to apply")
        if not refs and scores.get("check", 0.0) >= 1 and self._pasted(_after_colon(text)):
            return Route("check", _after_colon(text), "check cue and a pasted draft")
        # "edtech co. which parts apply?": its last sentence alone
        alone = self._alone(folded) or self._alone(fold(request_sentence(text)))
        if alone is None and self._alone(_FOR_WHOM.sub("", fold(request_sentence(text)))) == "plan":
            alone = "plan"  # "ok plan for the charity" (not "can we apply for the grant")
        if alone is not None:
            return Route(alone, text, "a job's word alone")
        meant = self._meant(text) if not refs else None
        if meant is not None and meant != "ask":
            return Route(meant, text, "nearest examples")
        return Route("ask", text, "a question")

    def _show(self, text: str, folded: str, refs: list[Reference]) -> Route | None:
        """One clause named, and nothing asked of it but its text ("what does Gov 3b say?")."""
        if len({r.clause_id for r in refs}) != 1:
            return None
        rest = folded
        for ref in sorted(refs, key=lambda r: -r.start):
            rest = rest[:ref.start] + " " + rest[ref.end:]
        if self.vocabulary.explain.search(rest) and not self.vocabulary.verbatim.search(rest):
            return None  # "what is MNR capability 16 about?": a question about it, not its text
        if not self._own(rest) and "?" not in text.rstrip().rstrip("?"):
            return Route("show", refs[0].clause_id, "a clause asked for by its reference")
        sentences = [s for s in _SENTENCE.split(text) if words(s)]
        last = fold(sentences[-1]) if len(sentences) > 1 else ""
        parts = _DASH.split(sentences[-1]) if sentences else []
        for tail in (last, fold(parts[-1]) if len(parts) > 1 else ""):
            for ref in sorted(find_references(tail), key=lambda r: -r.start):  # "... - show me 3d"
                tail = tail[:ref.start] + " " + tail[ref.end:]
            if self.vocabulary.show.search(tail) and not self._own(tail):  # "Gov 2b is on schools? what's it"
                return Route("show", refs[0].clause_id, "a clause asked for by its reference, then its text")
        # "I'm a researcher studying the MNR. What's MNR capability 17?", "quick q - what's overarching
        # commitment 4?": its last sentence, or what follows the dash with nothing of its own ("- what
        # does Gov 3b require of us?" asks of it), asks for the clause alone
        for part in (sentences[-1] if last else "", parts[-1] if len(parts) > 1 else ""):
            named = [r for r in find_references(part) if r.clause_id == refs[0].clause_id]
            rest = part
            for ref in sorted(named, key=lambda r: -r.start):
                rest = rest[:ref.start] + " " + rest[ref.end:]
            plain = part is sentences[-1] or {w for w in words(rest) if len(w) > 1} <= (
                STOPWORDS | self.vocabulary.starts | self.vocabulary.show_words) - _FIRST_PERSON
            if named and plain and not self._own(fold(rest)):
                return Route("show", refs[0].clause_id, "a clause asked for after an opening")
        return None

    def _by_description(self, folded: str) -> Route | None:
        """A clause asked for word for word by what it is about ("what exactly does the one about
        payment platforms say?"): its subject, for the conversation to find the clause."""
        pointer = self.vocabulary.pointers.search(folded)
        if pointer is None or not self.vocabulary.exact.search(folded) \
                or {"mean", "means"} & set(words(folded)):  # "what does it mean": an explanation
            return None
        about = _ABOUT.match(folded[pointer.end():])
        subject = _SAYS.sub("", about.group(1)) if about is not None else ""
        return Route("show", subject, DESCRIBED) if words(subject) else None

    def _own(self, folded: str) -> list[str]:
        """The words of ``folded`` that ask for more than a clause's text."""
        rest = self.vocabulary.show.sub(" ", folded)
        return [w for w in words(rest) if w not in STOPWORDS and w not in self.vocabulary.generic
                and w not in self.vocabulary.starts]

    def _check(self, text: str, refs: list[Reference], cue: float) -> Route | None:
        draft = _after_colon(text)
        claims = [q for q in _QUOTED.findall(text) if any(r.strong for r in find_references(q))
                  and len(words(q)) >= self.calibration.statement_words + 2 and "?" not in q]
        if cue >= 1:  # "our comms team wrote '... (Gov 3b)'. is that legit?": the quoted claim
            outside = words(draft.replace(claims[0], " ")) if claims else []  # "... Does that hold up?"
            claim = claims[0].strip() if outside else self._statement(draft)
            return Route("check", claim, "a check cue and a reference")
        if claims:  # "Our draft says: '... (MNR 12).' Does that hold up?"
            return Route("check", claims[0].strip(), "a quoted claim with its reference")
        tag = _TAG.search(draft)  # "The CtA says ... (Overarching 4) - right?": the statement, checked
        if tag is not None and words(draft[:tag.start()]):
            draft, text = draft[:tag.start()].strip(), text[:len(text) - len(draft) + tag.start()].strip()
        if "?" in draft:
            return None
        sentences = split_sentences(draft).sentences
        if len(sentences) >= self.vocabulary.draft_sentences:
            return Route("check", draft, "a pasted draft with references")
        opening = self.vocabulary.corrections.match(fold(draft))  # "wait, what's the difference ..."
        first = words(draft[opening.end():] if opening and len(fold(draft)) == len(draft) else draft)[:1]
        last = max(refs, key=lambda r: r.end)
        opens_question = bool(first) and first[0] in self.vocabulary.starts
        if (not opens_question and _ENDS_WITH_REFERENCE.fullmatch(text[last.end:])
                and len(words(text[:last.start])) >= self.calibration.statement_words):
            return Route("check", draft, "a statement ending with its reference")
        return None

    def _statement(self, draft: str) -> str:
        """The claim of "is it true that governments must ... (Gov 3b)?", without the asking."""
        cues = next((c.pattern for c in self.vocabulary.jobs if c.job == "check"), None)
        folded = fold(draft)
        lead = cues.match(folded) if cues is not None and len(folded) == len(draft) else None
        if lead is None:
            return draft
        rest = re.sub(r"^\W*(?:that\b)?\W*", "", draft[lead.end():])
        return rest.rstrip(" ?") if words(rest) else draft

    def _alone(self, folded: str) -> str | None:
        """The job whose words make up the whole message ("plan?"), stop and generic words aside."""
        every = frozenset().union(*self.vocabulary.alone.values())
        generic = self.vocabulary.generic - every
        named = _CTA.sub(" ", folded)  # "is this in the call to action?" asks for no action
        own = {w for w in words(named) if w not in STOPWORDS and w not in generic}
        return next((job for job, alone in self.vocabulary.alone.items() if own and own <= alone), None)

    def _pledges_fit(self, text: str) -> bool:
        """A sentence that names the pledges, then says they apply ("which CTA pledges are really
        ours"), or matter to the user ("which pledges actually matter for a host like us")."""
        v = self.vocabulary
        for sentence in _SENTENCE.split(fold(text)):
            said = words(sentence)
            first = next((i for i, w in enumerate(said) if w in v.pledge_words), None)
            rest = set(said[first + 1:]) if first is not None else set()
            after = " ".join(said[first + 1:]) if first is not None else ""
            if rest & v.apply_words or (v.relevant.search(after) and rest & _FIRST_PERSON):
                return True
        return False

    def _judged(self, text: str) -> str | None:
        """The text a request asks to judge ("assess: '...'", "we have a draft regulation, please
        evaluate it: '...'"): pasted, of several sentences, or one quoted statement, after one of
        the assessment verbs."""
        document = _after_colon(text)
        quoted = _QUOTED.search(text) if document == text.strip() else None
        if quoted is not None:  # "any feedback on our draft? '...'"
            document = quoted.group(1)
        request = fold(text[:quoted.start() if quoted else len(text) - len(document)]) \
            if document != text.strip() else ""
        asked = bool(request) and bool(self.vocabulary.assess_verbs.search(request))
        whole = quoted is not None or _WHOLE_QUOTE.fullmatch(document.strip()) is not None
        excerpt = whole and "?" not in document and len(words(document)) >= self.vocabulary.excerpt_words
        return document.strip("'\"‘’“” ") if asked and (excerpt or self._pasted(document)) else None

    def _pasted(self, text: str) -> bool:
        return len(split_sentences(text).sentences) >= self.vocabulary.draft_sentences

    def _meant(self, text: str) -> str | None:
        """The job the message's request asks for by meaning: its last sentence (people say who
        they are first, then what they want)."""
        request = request_sentence(text)
        if self.meaning is None or len(words(request)) > self.calibration.example_words:
            return None
        return self.meaning.job(request)


def request_sentence(text: str) -> str:
    """The message's last sentence: people say who they are first, then what they want."""
    return ([s for s in _SENTENCE.split(text) if words(s)] or [text])[-1]


def _after_colon(text: str) -> str:
    """The text after a leading request ("is this citation right: ...", "and this one - '...'",
    a first line ending with a colon before a pasted text), or all of it."""
    head, colon, tail = text.partition(":")
    first_line = "\n" not in head and tail.lstrip(" ")[:1] == "\n"
    if colon and tail.strip() and (len(words(head)) <= 12 or first_line):
        return tail.strip()  # a short lead-in, or a first line that ends with a colon
    lead = _LEAD_IN.match(text)
    if lead and len(words(lead.group(0))) <= 6:
        return text[lead.end():].strip()
    return text.strip()


_LEAD_IN = re.compile(r"^[^'\"‘“:]{1,60}?\s[-–—]\s*(?=['\"‘“])")  # "and this one - '…'": a quoted draft
