"""End to end in a real headless Chromium: ask a question, see the cited clause, check a draft."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.config import PROJECT_DIR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOT = PROJECT_DIR / "docs" / "screenshot-ask.png"  # shown in the README
ARTIFACTS = PROJECT_DIR / "tests" / "artifacts"  # every run's screenshots (git-ignored)

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
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
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
    save_screenshot(page, "ask")


def save_screenshot(page: Any, name: str) -> None:
    """Saved on every run under tests/artifacts/; the README's copy when missing or asked for."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"screenshot-{name}.png"), full_page=True)
    readme_copy = PROJECT_DIR / "docs" / f"screenshot-{name}.png"
    if not readme_copy.exists() or os.environ.get("UPDATE_SCREENSHOTS") == "1":
        readme_copy.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(readme_copy), full_page=True)


def test_phone_width_still_shows_the_question_box(page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.is_visible("#question textarea")
    page.set_viewport_size({"width": 1280, "height": 1000})


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
