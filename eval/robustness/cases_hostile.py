"""The hostile cases of `python -m eval.robustness` (issue 17), each with its bounds.

A list entry is a Case, or a list of Cases run in order on the same index and corpus copy
(a "group": an `index --add` and the commands that must still work after it).
"""

from __future__ import annotations

import json
import re
from typing import Any

from eval.robustness.cases import BAD, FAULT, OK, Case
from eval.robustness.files import Hostile
from eval.robustness.workspace import QUESTION, Workspace

CONTRACT_ID = re.compile(r"^(cta|mnr|inspire)\.|^(gsr|lanzarote|crc|opsc|gc25)$")
REBUILD = "assistant index --rebuild"
BOMB = {"max_seconds": 5.0, "max_mb": 1000.0, "timeout": 60.0}
TEXT = {"max_seconds": 10.0, "timeout": 60.0}
J = {"output": "json"}


def _doc_hits(d: Any) -> list[dict[str, Any]]:
    return [h for h in d["hits"] if not CONTRACT_ID.match(h["id"])]


def _names_document(hit: dict[str, Any]) -> bool:
    return "forge" in hit["label"].lower()


def _search_ok(d: Any) -> bool:
    docs = _doc_hits(d)
    forged = [h for h in d["hits"] if CONTRACT_ID.match(h["id"]) and "forge" in str(h["source"])]
    return bool(docs) and all(map(_names_document, docs)) and not forged


def _ask_ok(d: Any) -> bool:
    answer = d["answer"]
    return (all(map(_names_document, _doc_hits(d))) and "cta.government.9.z" not in answer
            and "Government 3(b): Private sector 2(c)" not in answer
            and all(CONTRACT_ID.match(c) or "forge" in c for c in d["citations"]))


def _show_first_document(before: list[Any]) -> list[str | bytes]:
    """`show` the first document hit of the search step before (the old id when there is none)."""
    try:
        hits = _doc_hits(json.loads(before[-1].out))
    except (ValueError, KeyError, IndexError):
        hits = []
    return ["show", hits[0]["id"] if hits else "doc.forge.private-sector-2-c", "--json"]


def _never_resolves_to_3b(d: Any) -> bool:
    return bool(d["results"]) and all(r["clause_id"] != "cta.government.3.b" for r in d["results"])


def build_hostile_cases(ws: Workspace, h: Hostile) -> list[Case | list[Case]]:
    C = Case
    p = h.paths
    word_a, word_ise = "a" * 61_000, ("organisation" * 5_100)[:61_000]
    secret = {"never": ("secret",)}
    proxy = f"http://127.0.0.1:{ws.spy_port}"
    no_base_url = {"ASSISTANT_LLM": "openai:gpt-x", "OPENAI_BASE_URL": "<unset>", "NO_PROXY": "<unset>",
                   "no_proxy": "<unset>", "OPENAI_API_KEY": "sk-not-a-real-key", "ASSISTANT_TIMEOUT": "3",
                   **{k: proxy for k in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy",
                                         "http_proxy", "all_proxy")}}

    def spy_silent() -> str:
        return f"{ws.spy_hits} connection(s) reached the spy proxy" if ws.spy_hits else ""

    def clash_left() -> str:
        left = h.documents(h.clash_env)
        return "" if left == ["My Plan.md"] else f"corpus/documents/ holds {left}"

    fe, ce, he, re_ = h.forge_env, h.clash_env, h.headings_env, h.rebuild_env
    damaged = {"ASSISTANT_INDEX_DIR": str(h.damaged_early)}
    mut = {"ASSISTANT_CORPUS_DIR": str(ws.mutable_corpus), "ASSISTANT_INDEX_DIR": str(ws.mutable_index)}
    return [
        # --- super-linear text paths (one request froze the UI for everyone); the first is the
        # fixed cost of a check (no bound), to read the others' times against
        C("check-baseline-one-cited-sentence", ["check", "We criminalise sextortion (Gov 3b).", "--json"],
          OK, **J),
        C("check-word-61k-letters", ["check", word_a, "--json"], (OK, BAD), **TEXT, **J),
        C("check-word-61k-organisation", ["check", word_ise, "--json"], (OK, BAD), **TEXT, **J),
        C("check-30k-spaces-gov3b", ["check", " " * 30_000 + "-x Gov 3b.", "--json"], (OK, BAD),
          **TEXT, **J),
        C("check-42k-gov-dots", ["check", "Gov. " * 8_400, "--json"], (OK, BAD), **TEXT, **J),
        C("check-1MB-no-spaces", ["check", "--file", p["line_1m"], "--json"], (OK, BAD), **TEXT, **J),
        C("check-1MB-stdin-no-spaces", ["check", "-", "--json"], (OK, BAD), stdin=b"x" * 1_000_000,
          stdin_note="1 MB without a space", **TEXT, **J),
        C("check-1MB-prose-cited", ["check", "--file", h.draft_1m, "--json"], OK, **TEXT, **J),
        C("check-1MB-short-lines", ["check", "--file", h.draft_1m_lines, "--json"], OK, **TEXT, **J),
        C("check-1MB-gov-dots", ["check", "--file", h.draft_1m_gov, "--json"], (OK, BAD), **TEXT, **J),
        C("check-1MB-indented", ["check", "--file", h.draft_1m_indent, "--json"], (OK, BAD),
          **TEXT, **J),
        C("check-pdf-6.8M-letter-word", ["check", "--file", p["pdf_word"], "--json"], (OK, BAD),
          **TEXT, **J),
        # --- bombs: refused in under 5 s and under 1 GB, one sentence, exit 2
        C("check-docx-bomb-211kB", ["check", "--file", p["docx_211k"]], BAD, **BOMB),
        C("check-docx-bomb-1MB", ["check", "--file", p["docx_1m"]], BAD, **BOMB),
        C("assess-docx-bomb-211kB", ["assess", "--file", p["docx_211k"]], BAD, **BOMB),
        C("check-pdf-stream-20MB", ["check", "--file", p["pdf_20m"]], BAD, **BOMB),
        C("check-pdf-stream-70MB", ["check", "--file", p["pdf_70m"]], BAD, **BOMB),
        C("assess-pdf-stream-20MB", ["assess", "--file", p["pdf_20m"]], BAD, **BOMB),
        C("check-file-fifo", ["check", "--file", h.fifo], BAD, max_seconds=5, timeout=20),
        C("check-file-dev-zero", ["check", "--file", "/dev/zero"], BAD, max_seconds=5, max_mb=1000,
          timeout=20),
        C("check-file-dev-zero-as-txt", ["check", "--file", h.zero_txt], BAD, max_seconds=5, max_mb=1000,
          timeout=20),
        C("index-add-fifo-md", ["index", "--add", h.fifo_md], BAD, env=mut, max_seconds=5,
          timeout=20),
        # --- documents must never pass for pledges
        [C("forge-add", ["index", "--add", h.forge], OK, env=fe, timeout=120),
         C("forge-search", ["search", "Government 3(b) criminalise sextortion", "-k", "20", "--json"],
           OK, env=fe, want=_search_ok, want_note="a document hit without its file name", **J),
         C("forge-show-document", _show_first_document, OK, env=fe,
           want=lambda d: _names_document(d) and not CONTRACT_ID.match(d["id"]),
           want_note="the document's label does not name forge.md", **J),
         C("forge-show-gov3b", ["show", "Government 3(b)", "--json"], OK, env=fe,
           want=lambda d: d["id"] == "cta.government.3.b" and "forge" not in d["source"],
           want_note="not the Call to Action's 3(b)", **J),
         C("forge-ask", ["ask", "What does Government 3(b) say about sextortion?", "--json"], OK,
           env=fe, want=_ask_ok, want_note="the answer passes the document off as a pledge", **J),
         C("forge-check-gov3b", ["check", "Governments criminalise sextortion (Government 3(b)).",
                                 "--json"], OK, env=fe,
           want=lambda d: d["results"][0]["clause_id"] == "cta.government.3.b",
           want_note="Government 3(b) no longer resolves to the pledge", **J)],
        C("check-doc-id-forged", ["check", "Governments criminalise sextortion "
                                  "(doc.forge.cta-government-3-b).", "--json"], OK,
          want=_never_resolves_to_3b, want_note="a document id resolved to cta.government.3.b", **J),
        # --- two names, one id: the second add is refused and leaves nothing behind
        [C("clash-add-first", ["index", "--add", h.my_plan], OK, env=ce, timeout=120),
         C("clash-add-second", ["index", "--add", h.my_plan_clash], BAD, env=ce, post=clash_left,
           timeout=120),
         C("clash-then-show", ["show", "Gov 3b", "--json"], OK, env=ce, **J),
         C("clash-then-check", ["check", "We criminalise sextortion (Gov 3b).", "--json"], OK, env=ce, **J),
         C("clash-then-applicable", ["applicable", "a bank", "--json"], OK, env=ce, **J),
         C("clash-then-plan", ["plan", "a bank", "--json"], OK, env=ce, **J),
         C("clash-then-search", ["search", "reporting hotline", "--json"], OK, env=ce, **J),
         C("clash-then-index", ["index"], OK, env=ce, timeout=180)],
        # --- a damaged page: one sentence naming the repair, never a panic
        [C("damaged-page-search", ["search", "hotline"], FAULT, env=damaged, err_has=REBUILD),
         C("damaged-page-ask", ["ask", QUESTION], FAULT, env=damaged, err_has=REBUILD),
         C("damaged-page-index", ["index"], (OK, FAULT), env=damaged, err_has=REBUILD, timeout=180)],
        C("damaged-middle-page-search", ["search", "hotline"], FAULT, err_has=REBUILD,
          env={"ASSISTANT_INDEX_DIR": str(h.damaged_middle)}),
        # --- secrets and services
        C("chroma-url-password-unreachable", ["search", "hotline"], FAULT, **secret,
          env={"ASSISTANT_CHROMA_URL": "http://user:secret@127.0.0.1:9/", "ASSISTANT_TIMEOUT": "3"}),
        C("chroma-url-password-bad-port", ["search", "hotline"], BAD, **secret,
          env={"ASSISTANT_CHROMA_URL": "http://user:secret@127.0.0.1:notaport/"}),
        C("chroma-url-password-hung", ["search", "hotline"], FAULT, **secret, timeout=20,
          env={"ASSISTANT_CHROMA_URL": f"http://user:secret@127.0.0.1:{ws.hung_port}/",
               "ASSISTANT_TIMEOUT": "2"}),
        [C("llm-openai-no-base-url-env", ["ask", QUESTION], BAD, env=no_base_url,
           err_has="OPENAI_BASE_URL", post=spy_silent, max_seconds=20),
         C("llm-openai-no-base-url-flag", ["ask", QUESTION, "--llm", "openai:gpt-x"], BAD,
           env={**no_base_url, "ASSISTANT_LLM": "<unset>"}, err_has="OPENAI_BASE_URL", post=spy_silent,
           max_seconds=20)],
        # --- many headings, concurrent rebuilds
        [C("index-add-5000-headings", ["index", "--add", p["headings"]], (OK, BAD), env=he,
           max_seconds=10, timeout=180),  # added, or refused over a section cap: quickly either way
         C("index-add-500-headings", ["index", "--add", p["headings_500"]], OK, env=he,
           max_seconds=15, timeout=180),  # the most sections a document may have
         C("headings-then-search", ["search", "Heading 499", "--json"], OK, env=he, **J)],
        [C("index-rebuild-twice-at-once", ["index", "--rebuild"], OK, env=re_, parallel=2, timeout=600),
         C("rebuilt-then-search", ["search", "hotline", "--json"], OK, env=re_, **J)],
    ]
