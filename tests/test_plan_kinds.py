"""Plans fit the organisation: its name and kind read from the profile, every pledge of its
sector planned in full (as its own work or its support to the pledge's lead), owners of its
kind, twins once, services for other sectors' pledges, and the Word page in landscape."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from docx.shared import Inches

from assistant.cli import cli
from assistant.core import Assistant
from assistant.errors import CorpusError
from assistant.plan import export
from assistant.plan.organisation import read_organisation, title_name
from assistant.plan.templates import Templates

from .conftest import CORPUS

VIDEO = ("Mid-size video-sharing platform popular with teenagers in Europe and Latin America, with a "
         "trust and safety team of 60")
PAYMENTS = "A payments company processing card and wallet transactions in 30 countries"
HELPLINE = "We are a helpline charity in Kenya offering free counselling to children by phone and chat"
MINISTRY = "Ministry of Justice of a small island state drafting its first online child protection law"
REGULATOR = "The national online safety regulator, with powers to issue codes and fine platforms"
POLICE = "A police unit investigating online child sexual exploitation, with 25 officers"
BOILERPLATE = re.compile(r"lead organisation|review later|next review|agree who leads", re.I)


def _plan(assistant: Assistant, profile: str) -> dict[str, Any]:
    """The plan's JSON as `assistant plan --json` prints it, with each item's role and note and
    the kind the organisation was read as (the Plan's own fields, not in the JSON contract)."""
    result = CliRunner().invoke(cli, ["plan", profile, "--json"], obj=assistant)
    assert (result.exit_code, result.stderr) == (0, "")
    data: dict[str, Any] = json.loads(result.stdout)
    plan = assistant.planner.plan(profile)
    assert plan.to_json() == data
    for section, built in zip(data["sections"], plan.sections, strict=True):
        for item, made in zip(section["items"], built.items, strict=True):
            item.update(role=made.role, note=made.note)
    return {**data, "kind": plan.kind}


def _items(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["citations"][0]: i for s in plan["sections"] for i in s["items"]}


@pytest.mark.parametrize(
    ("profile", "title", "kind"),
    [
        (VIDEO, "Action-plan outline: Mid-size video-sharing platform (Private sector)", "a company"),
        (PAYMENTS, "Action-plan outline: Payments company (Private sector)",
         "a payments or financial services company"),
        (HELPLINE, "Action-plan outline: Helpline charity (Civil society)",
         "a non-governmental organisation"),
        (MINISTRY, "Action-plan outline: Ministry of Justice (Government)",
         "a ministry or government department"),
        (REGULATOR, "Action-plan outline: National online safety regulator (Government)", "a regulator"),
        (POLICE, "Action-plan outline: Police unit (Government)", "a law enforcement unit"),
    ],
)
def test_the_organisation_is_named_and_every_pledge_of_its_sector_is_planned(
        fake_assistant: Assistant, profile: str, title: str, kind: str) -> None:
    plan = _plan(fake_assistant, profile)
    assert (plan["title"], plan["kind"]) == (title, kind)
    assert set(plan) == {"title", "sections", "sector", "sector_reason", "kind"}
    assert all(set(i) == {"text", "citations", "objective", "activities", "owner", "horizon", "indicators",
                          "priority", "role", "note"} for s in plan["sections"] for i in s["items"])
    items = [i for s in plan["sections"] for i in s["items"]]
    assert not [i["text"] for i in items if BOILERPLATE.search(i["text"])]
    sector = plan["sector"]
    pledges = {c.id for c in fake_assistant.corpus.clauses if c.kind == "subclause" and c.sector == sector}
    pledges -= {"cta.private_sector.1.f"}  # its twin 1(a) is planned, citing both
    firsts = [i["citations"][0] for i in items]
    assert len(firsts) == len(set(firsts))
    assert pledges | {f"cta.overarching.{n}" for n in (1, 2, 4, 5)} <= set(firsts)
    for item in items:
        assert item["role"] in ("lead", "support")
        assert any(c.startswith(("mnr", "inspire", "gsr", "crc", "lanzarote")) for c in item["citations"])
    if kind != "a ministry or government department":  # a ministry's departments only for ministries
        assert not [i["owner"] for i in items
                    if "Ministry" in i["owner"] or "Permanent Secretary" in i["owner"]]


def test_a_company_plans_the_twin_clauses_once_with_a_note(fake_assistant: Assistant) -> None:
    items = _items(_plan(fake_assistant, VIDEO))
    twin = items["cta.private_sector.1.a"]
    assert twin["citations"][:2] == ["cta.private_sector.1.a", "cta.private_sector.1.f"]
    assert twin["note"] == ("Private sector 1(a) and 1(f) have the same words in the Call to Action, so this "
                            "one item answers both.")
    assert "Note: Private sector 1(a) and 1(f) have the same words" in twin["text"]
    assert "cta.private_sector.1.f" not in items
    assert items["cta.private_sector.1.b"]["owner"] == "Chief Product Officer"


def test_a_video_platform_supports_the_payments_pledge_a_payments_company_leads(
        fake_assistant: Assistant) -> None:
    video = _items(_plan(fake_assistant, VIDEO))["cta.private_sector.2.c"]
    # the platform owns its part with its own people, not with a payments firm's compliance head
    assert (video["role"], video["owner"]) == ("support", "Head of Trust and Safety")
    assert video["objective"].startswith("Help payment providers and banks address risks where payment")
    assert video["activities"][0] == ("Share sextortion signals your service sees with payment providers "
                                      "and banks, where the law allows")
    payments = _items(_plan(fake_assistant, PAYMENTS))["cta.private_sector.2.c"]
    assert (payments["role"], payments["owner"]) == ("lead", "Head of Financial Crime Compliance")
    assert payments["activities"][0] == "Add sextortion indicators to transaction monitoring"


def test_a_helpline_charity_plans_its_helpline_under_government_6b_and_mnr_11(
        fake_assistant: Assistant) -> None:
    plan = _plan(fake_assistant, HELPLINE)
    heading = "Services you run for other sectors' pledges"
    section = next(s for s in plan["sections"] if s["heading"] == heading)
    [item] = section["items"]
    assert item["citations"] == ["cta.government.6.b", "mnr.8", "mnr.10", "mnr.11", "inspire.6"]
    assert (item["owner"], item["role"], item["horizon"]) == ("Helpline manager", "lead", "0-6 months")
    assert "MNR capability 11 (Child Helpline)" in item["text"]
    assert "Government 6(b)" in item["text"]
    research = _plan(fake_assistant, "University research centre studying children's online experiences")
    assert not [c for s in research["sections"] for i in s["items"] for c in i["citations"]
                if c.startswith("cta.government.")]


def test_a_ministry_plans_lanzarote_and_crc_compliance_itself(fake_assistant: Assistant) -> None:
    items = _items(_plan(fake_assistant, MINISTRY))
    assert all(i["role"] == "lead" for i in items.values())
    lanzarote, crc = items["cta.government.1.b"], items["cta.government.3.c"]
    assert lanzarote["objective"] == ("Sign and ratify the Lanzarote Convention or implement similar "
                                      "legislation.")
    assert lanzarote["owner"] == "Ministry of Justice, with the Ministry of Foreign Affairs"
    assert lanzarote["citations"] == ["cta.government.1.b", "mnr.3", "inspire.1", "lanzarote"]
    assert crc["objective"] == ("Align domestic legislation, policy and practice with the CRC and its "
                                "Optional Protocols.")
    assert crc["activities"][0] == "Review law and practice against the CRC and the OPSC"
    assert items["cta.government.2.b"]["owner"] == "Ministry of Education"


def test_a_regulator_leads_with_its_powers_and_helps_the_ministries(fake_assistant: Assistant) -> None:
    items = _items(_plan(fake_assistant, REGULATOR))
    takedown = items["cta.government.3.e"]
    assert (takedown["role"], takedown["owner"]) == (
        "lead", "Director of online safety supervision and enforcement")
    assert takedown["activities"] == [
        "Issue codes that set take-down procedures and maximum notice periods",
        "Supervise services in scope and use your enforcement powers where they fall short",
        "Publish compliance findings and take-down times"]
    lanzarote = items["cta.government.1.b"]
    assert lanzarote["role"] == "support"
    assert lanzarote["objective"] == ("Help the Ministry of Justice sign and ratify the Lanzarote Convention "
                                      "or implement similar legislation.")
    assert lanzarote["owner"] == "Director of online safety supervision and enforcement"
    assert sum(i["role"] == "lead" for i in items.values()) == 12


def test_a_police_unit_leads_cooperation_and_supports_the_law_makers(fake_assistant: Assistant) -> None:
    items = _items(_plan(fake_assistant, POLICE))
    cooperation = items["cta.government.1.a"]
    assert (cooperation["role"], cooperation["owner"]) == ("lead", "Unit commander")
    assert cooperation["activities"][0] == ("Connect the unit to INTERPOL's International Child Sexual "
                                            "Exploitation database and to regional police networks")
    assert "mnr.7" in cooperation["citations"]
    offences = items["cta.government.3.b"]
    assert offences["role"] == "support"
    assert offences["objective"].startswith("Help the Ministry of Justice criminalise emerging threats")
    assert offences["owner"] == "Head of investigations, with the unit's legal adviser"
    assert {i["citations"][0] for i in items.values() if i["role"] == "lead"} == {
        "cta.government.1.a", "cta.government.1.c", "cta.government.2.a", "cta.government.4.b",
        "cta.government.7.b", "cta.overarching.1", "cta.overarching.2", "cta.overarching.4",
        "cta.overarching.5"}


def test_a_school_leads_its_own_safeguarding_and_helps_the_ministries_with_the_law(
        fake_assistant: Assistant) -> None:
    items = _items(_plan(fake_assistant, "I'm the head of safeguarding at a secondary school"))
    assert {i["citations"][0] for i in items.values() if i["role"] == "lead"} >= {
        "cta.government.2.b", "cta.government.4.a", "cta.government.5.b"}
    lanzarote = items["cta.government.1.b"]
    assert (lanzarote["role"], lanzarote["owner"]) == ("support", "Head of the institution")
    assert lanzarote["objective"].startswith("Help the Ministry of Justice sign and ratify")


def test_markdown_says_how_the_organisation_was_read(fake_assistant: Assistant) -> None:
    plan = fake_assistant.planner.plan(REGULATOR)
    lines = export.to_markdown(plan).splitlines()
    assert lines[5] == ("**Organisation:** National online safety regulator, read as a regulator. It leads "
                        "12 of these items itself; the other 14 say whom it helps and how.")
    game = export.to_markdown(fake_assistant.planner.plan(
        "Small online gaming studio in Brazil, 40 staff, multiplayer game with voice chat")).splitlines()
    assert game[5] == ("**Organisation:** Small online gaming studio, read as a company. It leads 18 of "
                       "these items itself; the other one says whom it helps and how.")
    helpline = export.to_markdown(fake_assistant.planner.plan(HELPLINE)).splitlines()
    assert helpline[5] == "**Organisation:** Helpline charity, read as a non-governmental organisation."


def test_the_word_plan_is_landscape_with_set_column_widths(fake_assistant: Assistant, tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(export.to_docx(fake_assistant.planner.plan(VIDEO)))
    document = docx.Document(str(target))
    page = document.sections[0]
    assert page.orientation == WD_ORIENT.LANDSCAPE and page.page_width > page.page_height
    usable = page.page_width - page.left_margin - page.right_margin
    for table in document.tables:
        widths = [cell.width for cell in table.rows[0].cells]
        assert widths == [Inches(w) for w in export.WIDTHS]
        assert all(row.cells[n].width == widths[n] for row in table.rows for n in range(len(widths)))
        assert sum(widths) <= usable and min(widths) >= Inches(0.9)
        assert widths[1] == max(widths)  # activities, the wordiest column, widest
    assert "Organisation: Mid-size video-sharing platform, read as a company. It leads 18" in "\n".join(
        p.text for p in document.paragraphs)


def test_a_kind_that_supports_a_pledge_needs_words_for_it(tmp_path: Path) -> None:
    text = (CORPUS / "behaviour" / "plan_templates.toml").read_text(encoding="utf-8")
    broken = text.replace('support = ["Give the Ministry of Justice evidence from your work for its gap',
                          'unused = ["Give the Ministry of Justice evidence from your work for its gap')
    assert broken != text
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "behaviour").mkdir()
    (corpus / "behaviour" / "plan_templates.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(
            "the kind 'regulator' supports cta.government.1.b, whose template has no `support`; add one, "
            "or a `support` to the kind.")):
        Templates.load(corpus)


def test_a_city_council_leads_local_services_and_helps_the_national_ministries(
        fake_assistant: Assistant) -> None:
    plan = _plan(fake_assistant, "A city council in the north of England, running schools and social care")
    assert (plan["title"], plan["kind"]) == ("Action-plan outline: City council (Government)",
                                             "a local or regional government")
    items = _items(plan)
    assert (items["cta.government.6.c"]["role"], items["cta.government.6.c"]["owner"]) == (
        "lead", "Director of children's services")
    assert (items["cta.government.6.a"]["role"], items["cta.government.6.a"]["owner"]) == (
        "lead", "Chief executive of the council")
    assert items["cta.government.3.b"]["role"] == "support"
    assert not [i["owner"] for i in items.values() if "Ministry" in i["owner"]]


def test_an_industry_body_guides_its_members_on_the_pledges_companies_lead(fake_assistant: Assistant) -> None:
    plan = _plan(fake_assistant, "A trade association of internet service providers in Southeast Asia")
    assert (plan["title"], plan["kind"]) == (
        "Action-plan outline: Trade association of internet service providers (Private sector)",
        "an industry body")
    items = _items(plan)
    assert items["cta.private_sector.3.c"]["role"] == "lead"
    design = items["cta.private_sector.1.b"]
    assert (design["role"], design["owner"]) == ("support", "Head of member standards")
    assert design["objective"] == ("Help member companies build age-appropriate and safe digital services "
                                   "for children.")
    assert design["activities"][0] == ("Publish guidance for members on age-appropriate and safe digital "
                                       "services for children")


def test_a_service_named_as_someone_else_s_adds_nothing(fake_assistant: Assistant) -> None:
    plan = _plan(fake_assistant, "A charity that refers children to helplines and trains teachers")
    assert "Services you run for other sectors' pledges" not in [s["heading"] for s in plan["sections"]]
    assert plan["title"] == "Action-plan outline: Charity (Civil society)"


@pytest.mark.parametrize(
    ("profile", "sector", "name", "kind"),
    [
        ("Mid-size video-sharing platform … trust and safety team of 60", "private_sector",
         "Mid-size video-sharing platform", "company"),
        ("I work at a small social media startup in Berlin with 40 staff", "private_sector",
         "small social media startup", "company"),
        ("A big bank in Nigeria with a mobile app", "private_sector", "big bank", "payments"),
        ("Cloud storage provider for small businesses", "private_sector", "Cloud storage provider",
         "company"),
        ("The Ministry of ICT and Innovation of Rwanda", "government", "Ministry of ICT and Innovation",
         "ministry"),
        ("Department for education of a federal state", "government", "Department for education", "ministry"),
        ("The eSafety Commissioner's office in Australia", "government", "eSafety Commissioner", "regulator"),
        ("We're a helpline charity in Kenya", "civil_society", "helpline charity", "ngo"),
        ("a foundation funded by a tech company", "civil_society", "foundation", "ngo"),
        ("Think tank researching technology policy", "civil_society", "Think tank", "research"),
        ("I'm the head of safeguarding at a secondary school", "government", "secondary school",
         "public_service"),
        ("Children's hospital in a regional health service", "government", "Children's hospital",
         "public_service"),
        ("The Ministry of Education, which runs the country's schools", "government", "Ministry of Education",
         "ministry"),
    ],
)
def test_the_organisation_is_read_from_its_own_words(profile: str, sector: str, name: str, kind: str) -> None:
    organisation = read_organisation(profile, sector, Templates.load(CORPUS))
    assert (organisation.name, organisation.kind.key) == (name, kind)


def test_a_title_keeps_a_short_profile_whole_and_a_name_s_own_capitals() -> None:
    templates = Templates.load(CORPUS)
    for profile, title in (("small fintech doing remittances", "Small fintech doing remittances"),
                           ("The eSafety Commissioner's office in Australia, with 200 staff",
                            "eSafety Commissioner"),
                           ("A police unit investigating online child sexual exploitation, with 25 officers",
                            "Police unit")):
        assert title_name(profile, read_organisation(profile, "private_sector" if "fintech" in profile
                                                     else "government", templates)) == title
