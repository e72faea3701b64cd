from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.corpus.crosswalk import Crosswalk
from assistant.corpus.files import CROSSWALK_FILE
from assistant.corpus.loader import Corpus, load_corpus
from assistant.errors import CorpusError

from .conftest import CORPUS


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def crosswalk() -> Crosswalk:
    return Crosswalk.load(CORPUS)


def test_every_id_in_the_crosswalk_exists_in_the_corpus(crosswalk: Crosswalk, corpus: Corpus) -> None:
    assert crosswalk.unknown_ids(corpus.by_id()) == []


def test_every_sector_subclause_and_overarching_commitment_is_linked(
    crosswalk: Crosswalk, corpus: Corpus
) -> None:
    targets = [c for c in corpus.clauses if c.kind in ("subclause", "overarching")]
    counts = {s: sum(1 for c in targets if c.sector == s)
              for s in ("government", "private_sector", "civil_society")}
    assert counts == {"government": 22, "private_sector": 16, "civil_society": 3}
    assert sum(1 for c in targets if c.kind == "overarching") == 5
    unlinked = [c.id for c in targets if not crosswalk.links(c.id)]
    assert unlinked == []
    assert set(crosswalk.clause_ids()) == {c.id for c in targets}
    assert all(crosswalk.why(c.id) and crosswalk.theme(c.id) for c in targets)


def test_links_are_mnr_then_inspire_in_file_order(crosswalk: Crosswalk) -> None:
    assert crosswalk.links("cta.government.3.e") == ("mnr.16", "mnr.17", "inspire.1")
    assert crosswalk.links("cta.government.2.b") == ("mnr.13", "inspire.4", "inspire.7")
    assert crosswalk.links("cta.private_sector.2.c") == ("mnr.17", "mnr.19")
    for clause_id in crosswalk.clause_ids():
        links = crosswalk.links(clause_id)
        kinds = ["mnr" if i.split(".")[0] == "mnr" else "inspire" for i in links]
        assert kinds == sorted(kinds, key=["mnr", "inspire"].index), clause_id
        assert all(i.split(".")[0] in ("mnr", "inspire") for i in links)


def test_other_frameworks_are_kept_apart_from_links(crosswalk: Crosswalk) -> None:
    assert crosswalk.others("cta.government.1.b") == ("lanzarote",)
    assert crosswalk.others("cta.government.3.c") == ("crc", "opsc")
    assert "lanzarote" not in crosswalk.links("cta.government.1.b")


def test_unknown_clause_has_no_links(crosswalk: Crosswalk) -> None:
    assert crosswalk.links("cta.government.9.z") == ()
    assert crosswalk.why("cta.government.9.z") == ""
    assert crosswalk.others("nothing") == ()


def test_reverse_lookup(crosswalk: Crosswalk) -> None:
    assert crosswalk.clauses_for("mnr.16") == (
        "cta.government.3.e", "cta.private_sector.2.a", "cta.private_sector.5.b")
    assert crosswalk.clauses_for("lanzarote") == ("cta.government.1.b",)
    assert crosswalk.clauses_for("mnr.99") == ()


def test_identical_private_sector_clauses_share_their_links(crosswalk: Crosswalk) -> None:
    assert crosswalk.links("cta.private_sector.1.a") == crosswalk.links("cta.private_sector.1.f")


def _corpus_with(tmp_path: Path, text: str | None) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("documents"))
    path = corpus / CROSSWALK_FILE
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    return corpus


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "The cross-walk file is missing at {path}; restore it from git."),
        ('[[link]]\nclause = "cta.government.1.a"\nmnr = ["mnr.1"]\n'
         '[[link]]\nclause = "cta.government.1.a"\nmnr = ["mnr.2"]\n',
         "The cross-walk lists 'cta.government.1.a' twice; merge the two entries."),
        ('[[link]]\nclause = "cta.government.1.a"\nmnr = ["inspire.1"]\n',
         "In {path}, 'inspire.1' is listed under the wrong framework for 'cta.government.1.a'."),
        ('[[link]]\nmnr = ["mnr.1"]\n', "A [[link]] in {path} has no `clause` id; add one."),
        ('[[link]]\nclause = "cta.government.1.a"\nmnr = "mnr.1"\n',
         "In {path}, `mnr` of 'cta.government.1.a' must be a list of ids."),
    ],
)
def test_malformed_crosswalk_is_a_corpus_error(tmp_path: Path, text: str | None, message: str) -> None:
    corpus = _corpus_with(tmp_path, text)
    with pytest.raises(CorpusError) as caught:
        Crosswalk.load(corpus)
    assert str(caught.value) == message.format(path=corpus / CROSSWALK_FILE)


def test_every_mnr_capability_and_inspire_strategy_is_reachable_from_a_pledge(
        crosswalk: Crosswalk, corpus: Corpus) -> None:
    pledges = {c.id for c in corpus.clauses if c.kind in ("subclause", "overarching")}
    reached = {f for cid in crosswalk.clause_ids() if cid in pledges for f in crosswalk.links(cid)}
    capabilities = {c.id for c in corpus.clauses if re.fullmatch(r"mnr\.\d+|inspire\.\d+", c.id)}
    assert len(capabilities) == 28
    assert sorted(capabilities - reached) == []


def test_helplines_and_hotlines_are_reached_through_the_pledges_they_serve(crosswalk: Crosswalk) -> None:
    assert crosswalk.clauses_for("mnr.11") == ("cta.government.6.a", "cta.government.6.b")
    assert crosswalk.clauses_for("mnr.12") == ("cta.private_sector.5.b",)
    assert crosswalk.clauses_for("mnr.6") == ("cta.government.2.c",)
    assert crosswalk.clauses_for("mnr.7") == ("cta.government.1.a", "cta.private_sector.4.a")
