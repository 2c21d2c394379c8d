"""End to end in headless Chromium (Debian's, driven by Playwright): type a message on the chat page and read the
reply, then open the dashboard. Screenshots go to test-artifacts/. Skipped where no Chromium is installed, unless
``XINYU_TEST_REQUIRE_SERVICES=1`` (as in ``.ci/run``) makes that a failure."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.serving import free_port, start_server

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
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
    queue = tmp / "review.jsonl"
    rows = [
        {
            "dialogue_id": "q1",
            "turn": 0,
            "role": "user",
            "text": "说不上来，就是闷闷的",
            "emotion": None,
            "meta": {
                "label": {
                    "emotion": "neutral",
                    "confidence": 0.38,
                    "scores": {"neutral": 0.38, "sadness": 0.35},
                }
            },
        },
        {
            "dialogue_id": "q2",
            "turn": 0,
            "role": "user",
            "text": "终于考完了哈哈哈",
            "emotion": None,
            "meta": {"label": {"emotion": "joy", "confidence": 0.45, "scores": {"joy": 0.45}}},
        },
    ]
    queue.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    proc = start_server(tmp / "var", port, tmp, XINYU_REVIEW_QUEUE=str(queue))
    yield f"http://127.0.0.1:{port}", tmp
    proc.terminate()
    proc.wait(10)


def test_chat_page_replies_and_dashboard_shows_it(browser, server):
    server, _ = server
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
    from tests.data.test_workbench import _pipeline
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


def test_review_page_is_driven_by_the_keyboard_and_records_who(browser, server):
    url, tmp = server
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/review")
    page.locator("#choices button").first.wait_for(timeout=15000)
    assert page.locator("#text").inner_text() == "说不上来，就是闷闷的"
    page.keyboard.press("Enter")  # no reviewer yet: refused with a message, nothing recorded
    assert "reviewer" in page.locator("#error").inner_text()
    page.fill("#reviewer", "li.wei")
    page.keyboard.press("Escape")
    page.locator("body").click()
    page.keyboard.press("2")  # sadness, correcting the proposed neutral
    page.wait_for_function("document.getElementById('text').innerText.includes('考完')", timeout=10000)
    page.keyboard.press("Enter")  # accept the proposed joy
    page.wait_for_function(
        "document.getElementById('progress').innerText.startsWith('2 of 2')", timeout=10000
    )
    page.keyboard.press("k")  # back to the last row: its decision shows
    assert "accepted joy by li.wei" in page.locator("#decided").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    lines = (tmp / "review.corrections.jsonl").read_text(encoding="utf-8").splitlines()
    got = [json.loads(x) for x in lines]
    assert [(c["uid"], c["emotion"], c["action"], c["by"]) for c in got] == [
        ("q1#0", "sadness", "correct", "li.wei"),
        ("q2#0", "joy", "accept", "li.wei"),
    ]
    assert all(c["at"] > 0 for c in got) and errors == []
