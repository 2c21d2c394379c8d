"""End to end in headless Chromium (Debian's, driven by Playwright): type a message on the chat page and read the
reply, then open the dashboard. Screenshots go to test-artifacts/. Skipped where no Chromium is installed, unless
``XINYU_TEST_REQUIRE_SERVICES=1`` (as in ``.ci/run``) makes that a failure."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import httpx
import pytest

from tests.serving import free_port, start_server
from xinyu.taxonomy import STRATEGIES

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


def chat_page(browser, url: str, width: int = 1100, height: int = 800, locale: str = "zh-CN"):
    """A fresh browser context (its own storage: a new visitor) on the chat page, and the page errors it
    raises."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/")
    return page, errors


def say(page, text: str) -> None:
    """Type ``text`` and press Enter; wait for its reply."""
    before = page.locator(".turn.bot[data-turn]").count()
    page.fill("#message", text)
    page.press("#message", "Enter")
    page.locator(".turn.bot[data-turn]").nth(before).wait_for(timeout=15000)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_chat_page_replies_and_dashboard_shows_it(browser, server):
    server, _ = server
    page, errors = chat_page(browser, server)
    say(page, "最近老是失眠，工作压力好大，好难过")
    reply = page.locator(".turn.bot .bubble").first
    assert len(reply.inner_text().strip()) > 5
    chip = page.locator(".turn.bot .chip.emotion").first.inner_text()
    assert chip.startswith("难过")  # the page's language, not the label's internal name
    page.locator("#chart circle").first.wait_for(timeout=10000)  # the live trajectory has the turn
    page.fill("#message", "我就是觉得没人在乎我")
    page.click("#send")
    page.locator(".turn.bot").nth(1).wait_for(timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

    page.goto(server + "/dashboard")
    page.locator("#kpi div").first.wait_for(timeout=15000)
    assert page.locator("#kpi").inner_text().startswith("2")  # two turns
    page.locator("#dist rect").first.wait_for(timeout=10000)
    page.locator("#trend circle").first.wait_for(timeout=10000)  # one day of data still draws its points
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert errors == []


@pytest.mark.parametrize(("width", "height", "name"), [(390, 844, "phone"), (1280, 800, "desktop")])
def test_chat_layout_fits_phone_and_desktop(browser, server, width, height, name):
    url, _ = server
    # the desktop in English: the page follows the browser's language
    page, errors = chat_page(browser, url, width, height, "zh-CN" if width < 700 else "en-US")
    say(page, "和男朋友吵架了，心里很乱，不知道该怎么办才好")
    assert no_sideways_scroll(page)
    chat = page.locator("section.chat").bounding_box()
    mood = page.locator("aside").bounding_box()
    if width < 700:  # one column: the mood panel under the conversation, the conversation the full width
        assert mood["y"] >= chat["y"] + chat["height"] and chat["width"] > 0.9 * width - 40
        box = page.locator("#message").bounding_box()
        assert box["width"] > 200
    else:
        assert mood["x"] >= chat["x"] + chat["width"]
    # no internal names on the page: 'restatement', 'question_bot' are the API's, not the person's
    chips = page.locator(".chip").all_inner_texts()
    assert chips and not any("_" in c or c in STRATEGIES for c in chips)
    if width >= 700:
        assert page.get_attribute("html", "lang") == "en" and page.inner_text("#send") == "Send"
    page.screenshot(path=str(ARTIFACTS / f"chat-{name}.png"), full_page=True)
    assert errors == []


def test_reload_shows_the_conversation_so_far(browser, server):
    url, _ = server
    page, errors = chat_page(browser, url, 390, 844)
    say(page, "今天被老板骂了，好委屈")
    say(page, "我觉得自己什么都做不好")
    before = page.locator(".turn .bubble").all_inner_texts()
    page.reload()
    page.locator(".turn.bot[data-turn]").nth(1).wait_for(timeout=15000)
    assert page.locator(".turn .bubble").all_inner_texts() == before
    say(page, "谢谢你听我说")  # and the conversation goes on in the same session
    assert page.locator(".turn.bot[data-turn]").count() == 3
    assert errors == []


def test_a_failed_send_says_so_in_words_and_keeps_the_text(browser, server):
    url, _ = server
    page, errors = chat_page(browser, url, 390, 844)
    page.route("**/v1/chat", lambda route: route.abort())  # the service cannot be reached
    page.fill("#message", "我想找个人说说话")
    page.press("#message", "Enter")
    page.locator("#retry").wait_for(timeout=10000)
    said = page.locator("#error").inner_text()
    assert "连不上服务" in said and "Error" not in said
    assert page.locator(".typing").count() == 0  # the typing indicator is gone with the answer
    assert page.input_value("#message") == "我想找个人说说话"
    page.screenshot(path=str(ARTIFACTS / "chat-error.png"), full_page=True)
    page.unroute("**/v1/chat")
    # a proxy's HTML error page is a busy service to the person, never a parse error
    page.route("**/v1/chat", lambda route: route.fulfill(status=502, body="<html>Bad Gateway</html>"))
    page.click("#retry")
    page.wait_for_function("document.getElementById('error').innerText.includes('忙')", timeout=10000)
    assert "SyntaxError" not in page.locator("#error").inner_text()
    page.unroute("**/v1/chat")
    page.click("#retry")
    page.locator(".turn.bot[data-turn]").first.wait_for(timeout=15000)
    assert page.input_value("#message") == "" and page.locator("#error").inner_text() == ""
    assert page.locator(".turn.me").count() == 1  # the failed attempts are not left behind
    assert errors == []


def test_a_crisis_in_a_refused_turn_still_shows_the_reply_and_help_lines(browser, server):
    url, _ = server
    page, errors = chat_page(browser, url, 390, 844)
    refused = {
        "detail": "the service cannot answer now; retry in a moment",
        "reply": "你现在的安全最重要。这些地方随时有人可以陪你说话：\n- 全国统一心理援助热线 12356",
        "helplines": ["全国统一心理援助热线 12356"],
        "risk": {"level": "high"},
    }
    page.route(
        "**/v1/chat",
        lambda route: route.fulfill(status=503, content_type="application/json", body=json.dumps(refused)),
    )
    page.fill("#message", "我不想活了")
    page.press("#message", "Enter")
    page.locator("#retry").wait_for(timeout=10000)
    assert "你现在的安全最重要" in page.locator(".turn.bot .bubble").inner_text()
    assert page.locator("#pinned a[href='tel:12356']").count() == 1
    assert "retry in a moment" not in page.locator("#error").inner_text()
    assert page.input_value("#message") == "我不想活了" and errors == []


def test_enter_while_an_input_method_composes_does_not_send(browser, server):
    url, _ = server
    page, errors = chat_page(browser, url)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/v1/chat") else None)
    page.fill("#message", "wo")
    # the Enter that picks a word in a Chinese input method: flagged as composing, or keyCode 229 in older ones
    page.eval_on_selector(
        "#message",
        """m => {
            m.dispatchEvent(new CompositionEvent("compositionstart", {bubbles: true}));
            m.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true, isComposing: true}));
            m.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", keyCode: 229, bubbles: true, cancelable: true}));
            m.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true}));
        }""",
    )
    page.wait_for_timeout(300)
    assert sent == [] and page.locator(".turn.me").count() == 0
    page.eval_on_selector(
        "#message",
        "m => m.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: '我'}))",
    )
    page.fill("#message", "我今天心情不太好")
    page.press("#message", "Enter")  # composition over: Enter sends
    page.locator(".turn.bot[data-turn]").first.wait_for(timeout=15000)
    assert len(sent) == 1 and errors == []


def test_thumbs_reach_the_store_and_stay_after_reload(browser, server):
    url, _ = server
    before = httpx.get(url + "/v1/admin/dashboard").json()["feedback"]
    page, errors = chat_page(browser, url)
    say(page, "终于考完试了，好开心")
    up = page.locator(".turn.bot .thumb[data-thumb='up']").first
    assert up.get_attribute("aria-label") == "这条回复有帮助"
    up.click()
    page.wait_for_function(
        "document.querySelector('.thumb[data-thumb=up]').getAttribute('aria-pressed') === 'true'",
        timeout=10000,
    )
    after = httpx.get(url + "/v1/admin/dashboard").json()["feedback"]
    assert (after["count"], after["thumbs_up"]) == (before["count"] + 1, before["thumbs_up"] + 1)
    page.reload()
    page.locator(".turn.bot[data-turn]").first.wait_for(timeout=15000)
    assert page.locator(".thumb[data-thumb='up']").first.get_attribute("aria-pressed") == "true"
    assert errors == []


def test_a_crisis_turn_pins_help_lines_and_is_the_lowest_mood(browser, server):
    url, _ = server
    page, errors = chat_page(browser, url, 390, 844)
    say(page, "终于考完试了，好开心")
    # a farewell that reads as joy to the emotion model, at high risk
    say(page, "想通了，我明天就去结束这一切，终于可以解脱了，好开心")
    crisis = page.locator(".turn.bot[data-turn]").nth(1)
    assert crisis.locator(".chip.emotion").count() == 0  # no "joy" chip on a crisis
    assert crisis.locator(".chip.risk-high, .chip.risk-imminent").count() == 1
    assert not page.locator("#pinned").is_hidden()
    assert page.locator("#pinned a[href='tel:12356']").count() == 1
    assert "- " not in crisis.locator(".bubble").inner_text()  # the lines are a list of links, not text
    page.wait_for_function("document.querySelectorAll('#chart circle').length === 2", timeout=10000)
    ys = [
        float(y)
        for y in page.eval_on_selector_all("#chart circle", "cs => cs.map(c => c.getAttribute('cy'))")
    ]
    middle = float(page.get_attribute("#chart line", "y1"))
    assert ys[0] < middle < ys[1]  # the happy turn above the line, the crisis at the bottom
    page.screenshot(path=str(ARTIFACTS / "chat-crisis.png"), full_page=True)
    assert errors == []


def test_dashboard_fits_a_phone_and_groups_a_crisis_by_session(browser, server):
    url, _ = server
    first = httpx.post(
        url + "/v1/chat", json={"user_id": "d1", "message": "我不想活了，今晚就结束一切"}
    ).json()
    sid = first["session_id"]
    for text in ("我真的撑不下去了", "没有人会在意的"):
        httpx.post(url + "/v1/chat", json={"user_id": "d1", "session_id": sid, "message": text})
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + "/dashboard")
    page.locator(".case").first.wait_for(timeout=15000)
    mine = page.locator(".case", has_text=sid[-12:])
    assert mine.count() == 1 and "3 escalated turns" in mine.inner_text()
    assert no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=True)
    mine.get_by_role("button", name="Acknowledge").click()
    page.wait_for_function(
        f"[...document.querySelectorAll('.case')].some(c => c.innerText.includes('{sid[-12:]}')"
        " && c.querySelector('.status').innerText === 'acknowledged')",
        timeout=10000,
    )
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


@pytest.mark.parametrize(("path", "ready"), [("/docs", ".opblock"), ("/redoc", "[data-section-id]")])
def test_api_docs_render_their_operations_with_every_outside_request_blocked(browser, server, path, ready):
    url, _ = server
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    outside: list[str] = []

    def only_loopback(route) -> None:
        host = httpx.URL(route.request.url).host
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.goto(url + path)
    page.wait_for_selector(ready, timeout=20000)
    count = page.locator(ready).count()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"docs{path.replace('/', '-')}.png"))
    page.close()
    assert count >= 10, f"{path} rendered {count} operations"
    # nothing the page needs lives outside: a blocked request (ReDoc's logo) must not stop it rendering
    assert all("redoc" in u or "logo" in u for u in outside), outside
