"""The chat's cues, from corpus/behaviour/chat.toml (``ChatVocabulary.load`` is its one loader)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.files import CHAT_FILE, read_data
from assistant.errors import CorpusError
from assistant.text.normalise import fold
from assistant.text.phrases import phrase_pattern

JOBS = ("ask", "applicable", "plan", "check", "assess", "show")


@dataclass(frozen=True)
class JobCues:
    job: str
    weight: float
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ChatVocabulary:
    jobs: tuple[JobCues, ...]
    draft_sentences: int  # a pasted draft has at least this many sentences
    show: re.Pattern[str]
    starts: frozenset[str]  # words that open a question or a request for an answer
    document_words: int  # a pasted text this long, with an assessment cue, is a document
    excerpt_words: int  # a quoted statement this long after an assessment verb is a text to assess
    self_named: re.Pattern[str]
    introduce: re.Pattern[str]
    corrections: re.Pattern[str]
    not_before: frozenset[str]  # words before an organisation's name that make it someone else's
    max_before: int
    max_words: int  # an organisation named only by meaning has at most this many words
    roles: frozenset[str]  # a person's role: "a policy officer in the ministry" names the ministry
    at_work: frozenset[str]  # the words after a role that introduce where the person works
    leads: re.Pattern[str]  # anchored at the start of the folded message
    generic: frozenset[str]
    subject: re.Pattern[str]  # opens the subject of a question ("on", "about")
    alone: dict[str, frozenset[str]]  # job -> words that ask for it in a message of no others
    rewrite: str
    refers: re.Pattern[str]  # points back to the earlier subject ("on that", "about it")
    exact: re.Pattern[str] = re.compile(r"(?!)")  # "exactly", "word for word": the text itself
    pointers: re.Pattern[str] = re.compile(r"(?!)")  # "the one", "the bit": a clause by what it is about
    explain: re.Pattern[str] = re.compile(r"(?!)")  # "about", "cover": what a clause is about, a question
    verbatim: re.Pattern[str] = re.compile(r"(?!)")  # "say", "show me": its text after all
    parts: re.Pattern[str] = re.compile(r"(?!)")  # "which parts": of the pledge just shown
    makers: re.Pattern[str] = re.compile(r"(?!)")  # "we build", "we run": what the user makes or runs
    pledge_words: frozenset[str] = frozenset()  # name the pledges ("which CTA pledges ...")
    apply_words: frozenset[str] = frozenset()  # ... then say they apply ("... are really ours")
    relevant: re.Pattern[str] = re.compile(r"(?!)")  # ... or matter ("fall under"), with a first-person word
    show_words: frozenset[str] = frozenset()  # the one-word cues for a clause's text ("actually", "wording")
    assess_verbs: re.Pattern[str] = re.compile(r"(?!)")  # "assess", "review": with a pasted document
    deictic: frozenset[str] = frozenset()  # "it", "that": a request for the text of what was named
    plural: re.Pattern[str] = re.compile(r"(?!)")  # "the two", "both": the clauses shown together
    bare: frozenset[str] = frozenset()  # "org", "company": names of no kind, the one described before
    individuals: re.Pattern[str] = re.compile(r"(?!)")  # "just a parent": a person, no organisation
    no_organisation: re.Pattern[str] = re.compile(r"(?!)")  # "not an organisation", "as an individual"

    @classmethod
    def load(cls, corpus_dir: Path) -> ChatVocabulary:
        path = corpus_dir / CHAT_FILE
        data = read_data(corpus_dir, CHAT_FILE,
                         f"The chat's cues are missing at {path}; restore them from git.")
        try:
            jobs = []
            for job, raw in data["jobs"].items():
                if job not in JOBS or job == "ask":
                    raise CorpusError(f"{path} has cues for an unknown job '{job}'; use one of "
                                      f"{', '.join(JOBS[1:])}.")
                cues = phrase_pattern(raw["cues"], raw.get("patterns", []))  # patterns: regexes
                jobs.append(JobCues(job, float(raw["weight"]), cues))
            profile, followup = data["profile"], data["followup"]
            leads = phrase_pattern(followup["leads"])
            rewrite = str(followup["rewrite"])
            if "{subject}" not in rewrite:
                raise CorpusError(f"{path}: followup.rewrite must contain {{subject}}.")
            return cls(
                jobs=tuple(jobs), draft_sentences=int(data["check"]["min_sentences"]),
                show=phrase_pattern(data["show"]["cues"]),
                starts=frozenset(str(w) for w in data["ask"]["starts"]),
                document_words=int(data["assess"]["document"]), excerpt_words=int(data["assess"]["excerpt"]),
                self_named=_self_pattern(profile["self"], profile["adverbs"]),
                introduce=phrase_pattern(profile["introduce"]),
                corrections=phrase_pattern(profile["corrections"]),
                not_before=frozenset(str(w) for w in profile["not_before"]),
                max_before=int(profile["max_before"]), max_words=int(profile["max_words"]),
                roles=frozenset(str(w) for w in profile["roles"]),
                at_work=frozenset(str(w) for w in profile["at_work"]),
                leads=re.compile(r"^\W*(?:(?:" + leads.pattern + r")\W*)+"),
                generic=frozenset(str(w) for w in followup["generic"]), rewrite=rewrite,
                refers=phrase_pattern(followup["refers"]),
                subject=phrase_pattern(followup["subject"]),
                parts=phrase_pattern(followup["parts"]),
                exact=phrase_pattern(data["show"]["exact"]),
                pointers=phrase_pattern(data["show"]["pointers"]),
                explain=phrase_pattern(data["show"]["explain"]),
                verbatim=phrase_pattern(data["show"]["verbatim"]),
                makers=phrase_pattern(profile["makers"]),
                pledge_words=frozenset(str(w) for w in data["applicable"]["pledges"]),
                apply_words=frozenset(str(w) for w in data["applicable"]["apply"]),
                relevant=phrase_pattern(data["applicable"]["relevant"]),
                individuals=phrase_pattern(profile["individuals"]),
                bare=frozenset(fold(w) for w in profile["bare"]),
                deictic=frozenset(fold(w) for w in followup["deictic"]),
                plural=phrase_pattern(followup["plural"]),
                show_words=frozenset(fold(w) for key in ("cues", "exact", "verbatim")
                                     for w in data["show"][key] if len(fold(w).split()) == 1),
                assess_verbs=phrase_pattern(data["assess"]["verbs"]),
                no_organisation=phrase_pattern(profile["no_organisation"]),
                alone={job: frozenset(str(w) for w in raw.get("alone", []))
                       for job, raw in data["jobs"].items()})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CorpusError(f"{path} is malformed ({exc}); fix the file.") from exc


_PERSONS = frozenset(["i", "we", "i'm", "we're", "im", "were", "i am", "we are"])


def _self_pattern(cues: list[str], adverbs: list[str]) -> re.Pattern[str]:
    """The self-description cues, each that opens with "I" or "we" also with adverbs after
    that word ("I also advise", "we currently run", "I'm now at")."""
    between = r"(?:\s+(?:" + "|".join(re.escape(fold(a)) for a in adverbs) + r"))+" if adverbs else ""
    fragments = []
    for cue in cues:
        said = fold(cue).split()
        for n in (2, 1):
            if between and len(said) >= n and " ".join(said[:n]) in _PERSONS:
                rest = said[n:]
                fragments.append(r"\s+".join(map(re.escape, said[:n])) + between
                                 + "".join(r"\s+" + re.escape(w) for w in rest))
                break
    plain = phrase_pattern(cues).pattern  # an adverb's form first: "i'm now at", not "i'm"
    fragments.sort(key=len, reverse=True)
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(fragments)})(?![a-z0-9])|{plain}" if fragments else plain)
