"""How the assessor reads documents written in its writers' forms (issue 15): text wrapped at a
fixed width, where a carried-on line may open with a capital and end without punctuation, is one
sentence, never a heading; short lines of their own (titles, numbered parts) stay headings."""

from __future__ import annotations

from assistant.assess.document import split_document

WRAPPED = """# Strategy for children 2026-2029

## Global role

- We will send our case figures to the WeProtect Global Alliance and to
  International Data Projects run by universities, and we will publish our
  Findings every year.
- Every officer on the unit completes a course on the Lanzarote Convention and
  Council of Europe guidance within three months of joining the team in
  Our Region and its neighbours.
Helpers who answer the line at night receive supervision from a senior counsellor
Every Week and they may ask for a debrief whenever a call has been distressing.

3. Partners
4. Reporting

Our members are survivors of abuse.
"""


def test_a_wrapped_line_carries_its_sentence_on() -> None:
    document = split_document(WRAPPED)
    assert set(document.headings.values()) == {"Strategy for children 2026-2029", "Global role",
                                               "3. Partners", "4. Reporting"}
    texts = [u.text for u in document.units]
    assert any("International Data Projects" in t and "Findings every year" in t for t in texts)
    assert any("Lanzarote Convention" in t and "Our Region" in t for t in texts)
    assert any("senior counsellor" in t and "Every Week" in t for t in texts)
    assert all(u.heading == "Global role" for u in document.units if "Data Projects" in u.text)
    assert document.units[-1].heading == "4. Reporting"


def test_a_word_document_keeps_each_line_a_paragraph() -> None:
    text = "Our work with schools reaches every district of the country and its islands\nPartners\n"
    assert "Partners" in split_document(text, paragraph_lines=True).headings.values()


AFTER_HEADINGS = """# Child protection plan

## Legal basis
Parliament adopted the Online Harms Act in 2021. The Act
Requires platforms to remove reported images within a day.

## Services
The Ministry funds Regional Recovery Centres for
Children harmed online, in every province.

## Partners
Our helpline works with the Police Service
and the courts on every referral.
"""


def test_a_line_that_reads_on_is_no_heading() -> None:
    document = split_document(AFTER_HEADINGS)
    assert set(document.headings.values()) == {"Child protection plan", "Legal basis", "Services", "Partners"}
    texts = [u.text for u in document.units]
    assert "Parliament adopted the Online Harms Act in 2021." in texts
    assert any("Recovery Centres for Children harmed online" in t for t in texts)
    assert any("Police Service and the courts" in t for t in texts)
