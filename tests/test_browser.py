"""End to end in headless Chromium (Debian's, driven by Playwright): type a message on the chat page and read the
reply, then open the dashboard. Screenshots go to test-artifacts/. Skipped where no Chromium is installed, unless
``XINYU_TEST_REQUIRE_SERVICES=1`` (as in ``.ci/run``) makes that a failure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.serving import free_port, start_server

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = (
    os.environ.get("XINYU_TEST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
# flags for a machine with no outside network: no background fetches, no first-run pages
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("XINYU_TEST_REQUIRE_SERVICES") == "1":
            pytest.fail("Chromium is required (XINYU_TEST_REQUIRE_SERVICES=1) but not installed")
        pytest.skip("no Chromium here (apt-get install chromium, or run scripts/test_services.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    port = free_port()
    proc = start_server(tmp / "var", port, tmp)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


def test_chat_page_replies_and_dashboard_shows_it(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.fill("#message", "最近老是失眠，工作压力好大，好难过")
    page.press("#message", "Enter")
    reply = page.locator(".turn.bot .bubble").first
    reply.wait_for(timeout=15000)
    assert len(reply.inner_text().strip()) > 5
    chip = page.locator(".turn.bot .chip.emotion").first.inner_text()
    assert chip.startswith("sadness")
    page.locator("#chart circle").first.wait_for(timeout=10000)  # the live trajectory has the turn
    page.fill("#message", "我就是觉得没人在乎我")
    page.click("#send")
    page.locator(".turn.bot").nth(1).wait_for(timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

    page.goto(server + "/dashboard")
    page.locator("#kpi div").first.wait_for(timeout=15000)
    assert page.locator("#kpi").inner_text().startswith("2")  # two turns
    page.locator("#dist rect").first.wait_for(timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert errors == []


def test_dataset_report_opens_and_shows_the_accounting(browser, tmp_path, monkeypatch):
    from tests.test_data import _pipeline
    from xinyu.data import Pipeline

    monkeypatch.setenv("RAW_DIR", str(tmp_path / "raw"))
    result = Pipeline.load(_pipeline(tmp_path)).run()
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(Path(result["report"]).as_uri())
    assert "add up" in page.inner_text("#balance") and "NOT" not in page.inner_text("#balance")
    # every figure loaded (a broken image has no natural width)
    widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) >= 4 and all(w > 0 for w in widths)
    page.screenshot(path=str(ARTIFACTS / "dataset-report.png"), full_page=True)
    page.close()
