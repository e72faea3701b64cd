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
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
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

    page.get_by_role("tab", name="Ask").click()
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
