"""End to end in a real headless Chromium: ask a question, see the cited clause, check a draft.

At 1400 px and at a 390 px phone: every tab is in the tab bar (none behind an overflow
menu), the page never scrolls sideways, and result tables become cards on the phone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.config import PROJECT_DIR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDE, PHONE = 1400, 390  # a desktop window and a phone (iPhone 12 to 15: 390 x 844)
ARTIFACTS = PROJECT_DIR / "tests" / "artifacts"  # every run's screenshots (git-ignored)

REQUESTS: list[str] = []  # every URL the page asked for, from its first load

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's chromium is not installed (make test installs it where apt-get and root are available)",
)


@pytest.fixture(scope="module")
def page(app_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": WIDE, "height": 1000})
        page.on("request", lambda request: REQUESTS.append(request.url))
        page.goto(app_url)
        page.wait_for_selector("#question textarea", timeout=60_000)
        yield page
        browser.close()


def test_ask_shows_answer_citation_and_source(page: Any) -> None:
    page.fill("#question textarea", "What does the Call to Action expect of payment providers?")
    page.click("#ask-button")
    page.wait_for_selector("#sources #src-cta-private_sector-2-c", timeout=60_000)
    answer = page.inner_text("#chat")
    assert "Private sector 2(c)" in answer
    assert "Proactively work to address risks" in page.inner_text("#sources")
    page.click("#chat a[href='#src-cta-private_sector-2-c']")
    save_screenshot(page, f"chat-{WIDE}")


def save_screenshot(page: Any, name: str, height: int | None = None) -> None:
    """Saved on every run under tests/artifacts/; the README's copy when missing or asked for.

    ``height``: only the top of the page (a whole plan on a phone is thousands of pixels)."""
    clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height} if height else None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"screenshot-{name}.png"), full_page=True, clip=clip)
    readme_copy = PROJECT_DIR / "docs" / f"screenshot-{name}.png"
    if not readme_copy.exists() or os.environ.get("UPDATE_SCREENSHOTS") == "1":
        readme_copy.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(readme_copy), full_page=True, clip=clip)


def test_phone_width_still_shows_the_question_box(page: Any) -> None:
    page.set_viewport_size({"width": PHONE, "height": 844})
    assert page.is_visible("#question textarea")
    assert page.is_visible("#quick-actions")
    page.wait_for_timeout(300)
    assert layout_problems(page) == []
    save_screenshot(page, f"chat-{PHONE}")
    page.set_viewport_size({"width": WIDE, "height": 1000})


def test_a_quick_action_starts_the_message(page: Any) -> None:
    page.locator("#quick-actions button", has_text="Draft us a plan").click()
    page.wait_for_function("document.querySelector('#question textarea').value.startsWith('Draft us')",
                           timeout=10_000)
    page.fill("#question textarea", "")


def test_citation_check_in_the_page(page: Any) -> None:
    page.get_by_role("tab", name="Check citations").click()
    draft = ("Governments pledge to criminalise AI-generated abuse and financially motivated "
             "sextortion (Gov 3b).\nMembers report progress every year (Overarching commitment 4).\n"
             "<script>window.__pwned = 1</script> Governments will sign the Lanzarote Convention (Gov 9z).")
    page.fill("#check-text textarea", draft)
    page.click("#check-button")
    page.wait_for_function(
        "document.querySelector('#check-summary').innerText.includes('citations checked')", timeout=60_000)
    table = page.inner_text("#check-table")
    assert "Supported" in table and "Not supported" in table and "No such clause" in table
    assert "Government 1(b)" in table  # the clause that really says it
    assert page.evaluate("window.__pwned") is None  # the draft's script did not run
    save_screenshot(page, "check")
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.wait_for_timeout(300)
    assert layout_problems(page) == [] and narrow_cells(page) == []
    save_screenshot(page, f"check-{PHONE}")
    page.set_viewport_size({"width": WIDE, "height": 1000})


# Hostile content (tracking images and HTML only): it must not make the page fetch anything.
OUTSIDE = "http://tracker.invalid"
HOSTILE = (f"![t]({OUTSIDE}/track.png) ![q]({OUTSIDE}/leak.png?q=question) "
           f'<img src="{OUTSIDE}/raw.png"> <b>hostile-bold</b> <a href="{OUTSIDE}/x">hostile-link</a> '
           f"<{OUTSIDE}/auto> {OUTSIDE}/bare")


def test_hostile_content_fetches_nothing_from_outside(page: Any, app_url: str, tmp_path: Any) -> None:
    import urllib.request
    from urllib.parse import urlparse

    with urllib.request.urlopen(app_url, timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob:" in policy and "connect-src 'self'" in policy

    page.get_by_role("tab", name="Chat").click()
    page.fill("#question textarea", f"What must payment providers do? {HOSTILE}")
    page.click("#ask-button")
    page.wait_for_function("document.querySelector('#chat').innerText.includes('leak.png')",
                           timeout=60_000)
    page.wait_for_timeout(500)

    page.get_by_role("tab", name="Check citations").click()
    page.fill("#check-text textarea", f"Governments pledge to criminalise AI-generated abuse (Gov 3b). "
                                      f"{HOSTILE}\n{HOSTILE} (PS 2c).")
    page.click("#check-button")
    page.wait_for_function("document.querySelector('#check-table').innerText.includes('leak.png')",
                           timeout=60_000)
    draft = tmp_path / "hostile-draft.md"
    draft.write_text(f"# Our plan\n\nWe report every case (Gov 2a). upload-leak {HOSTILE}\n",
                     encoding="utf-8")
    page.set_input_files("#check-file input[type=file]", str(draft))
    page.wait_for_timeout(1500)  # the upload
    page.click("#check-button")
    page.wait_for_function("document.querySelector('#check-table').innerText.includes('upload-leak')",
                           timeout=60_000)
    page.get_by_text("Full report").click()
    page.wait_for_timeout(500)

    rendered = page.evaluate("""() => ({
        images: [...document.querySelectorAll('img')].map(i => i.src).filter(s => s.includes('tracker')),
        links: [...document.querySelectorAll('a')].map(a => a.href).filter(h => h.includes('tracker')),
        bold: [...document.querySelectorAll('b, strong')]
            .filter(b => b.textContent.includes('hostile')).length,
    })""")
    assert rendered == {"images": [], "links": [], "bold": 0}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshot-hostile.png"), full_page=True)
    local = ("127.0.0.1", "localhost")
    outside = [url for url in REQUESTS
               if not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in local]
    assert REQUESTS and outside == []


# What fails a page on a screen: sideways scrolling, or a tab that is not in the tab bar
# (Gradio's default puts the tabs that do not fit behind a "⋯" menu). The tabs are read
# from the page's own configuration, so a tab added later is checked too.
TAB_LABELS = "window.gradio_config.components.filter((c) => c.type === 'tabitem').map((c) => c.props.label)"
LAYOUT_PROBLEMS = """() => {
  const problems = [], width = window.innerWidth, page = document.documentElement.scrollWidth;
  if (page > width) problems.push(`the page scrolls sideways: ${page} px wide in a ${width} px window`);
  const labels = """ + TAB_LABELS + """;
  const buttons = [...document.querySelectorAll('button[role=tab]')];
  for (const label of labels) {
    const button = buttons.find((b) => b.innerText.trim() === label);
    const box = button && button.getBoundingClientRect();
    if (!button || button.closest('.overflow-menu, .overflow-dropdown') || !box.width || !box.height
        || box.left < 0 || box.right > width) problems.push(`the tab "${label}" is not in the tab bar`);
  }
  const menu = document.querySelector('.overflow-menu');
  if (menu && menu.getBoundingClientRect().width > 0) problems.push('tabs hide behind the overflow menu');
  return problems;
}"""
# Table cells too narrow to read (a character or a few per line), with their text.
NARROW_CELLS = """([selector, least]) => [...document.querySelectorAll(selector)]
  .filter((td) => td.offsetParent && td.innerText.trim().length > 12)
  .filter((td) => td.getBoundingClientRect().width < least)
  .map((td) => td.innerText.slice(0, 40))"""


def layout_problems(page: Any) -> list[str]:
    return list(page.evaluate(LAYOUT_PROBLEMS))


def narrow_cells(page: Any) -> list[str]:
    """Cards fill the phone's width (200 px at least); no other table cell is a sliver either."""
    return [*page.evaluate(NARROW_CELLS, [".cards td", 200]), *page.evaluate(NARROW_CELLS, ["td", 80])]


def open_tab(page: Any, label: str) -> None:
    page.get_by_role("tab", name=label, exact=True).click()
    page.wait_for_timeout(300)


def test_applicable_and_plan_tables_are_cards_on_a_phone(page: Any) -> None:
    page.set_viewport_size({"width": PHONE, "height": 844})
    try:
        open_tab(page, "Which pledges apply")
        page.fill("#applicable-profile textarea", "A mobile money company in East Africa")
        page.click("#applicable-button")
        page.wait_for_selector("#applicable-table td[data-label='Pledge']", timeout=60_000)
        assert "Private sector 2(c)" in page.inner_text("#applicable-table")
        assert layout_problems(page) == [] and narrow_cells(page) == []
        open_tab(page, "Action plan")
        page.fill("#plan-profile textarea", "Ministry of Justice")
        page.click("#plan-button")
        page.wait_for_selector("#plan-outline td[data-label='Objective']", timeout=60_000)
        assert "<br>" not in page.inner_text("#plan-outline")  # line breaks in cells, not the tag as text
        assert layout_problems(page) == [] and narrow_cells(page) == []
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 30_000, f"the plan page is {height} px tall at {PHONE} px"
        save_screenshot(page, f"plan-{PHONE}", height=2400)
    finally:
        page.set_viewport_size({"width": WIDE, "height": 1000})


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_every_tab_is_reachable_and_nothing_scrolls_sideways(page: Any, width: int) -> None:
    """Run last: every tab then holds a job's results (tables, the plan, hostile text)."""
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.wait_for_timeout(300)
        labels = page.evaluate(TAB_LABELS)
        assert labels[0] == "Chat" and len(labels) >= 4
        for label in labels:
            open_tab(page, label)
            assert layout_problems(page) == [], label
    finally:
        page.set_viewport_size({"width": WIDE, "height": 1000})
