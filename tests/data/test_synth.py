"""``xinyu data synth`` against the fake OpenAI-compatible server: concurrency, retries, resume, accounting."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from xinyu.cli.main import app
from xinyu.config import LLMSettings
from xinyu.data.synth import (
    Item,
    SynthError,
    clean_utterance,
    load_themes,
    plan,
    read_checkpoint,
    synth_client,
    synthesize,
)
from xinyu.llm import AsyncChatClient, LLMError
from xinyu.llm.fake import FakeOpenAIServer, count_tokens

runner = CliRunner()


def _responder(messages: list[dict]) -> str:
    """A user utterance that names its prompt (so each is distinct), or a supporter's reply."""
    if messages[0]["role"] == "system":
        return f"听起来这件事让你很不好受。{messages[-1]['content'][:6]}……愿意多说一点吗？"
    return f"“我最近{abs(hash(messages[0]['content'])) % 100000}真的很累”"


def _run(items, out, server, concurrency=4, **client_kw):
    async def go():
        client = AsyncChatClient(server.base_url, "fake-glm", backoff_s=0.01, **client_kw)
        try:
            return await synthesize(items, out, client, concurrency=concurrency)
        finally:
            await client.aclose()

    return asyncio.run(go())


def _ids(out) -> list[str]:
    return [json.loads(line)["dialogue_id"] for line in out.read_text(encoding="utf-8").splitlines()]


def test_items_are_named_by_what_they_are_and_cover_the_themes():
    items = plan(langs=("zh",))
    assert len({it.id for it in items}) == len(items)
    assert [it.id for it in plan(langs=("zh",))] == [it.id for it in items]  # the same plan, the same names
    assert {it.emotion for it in items} == {
        "joy",
        "sadness",
        "anger",
        "fear",
        "surprise",
        "disgust",
        "neutral",
    }
    prompt = items[0].user_messages()[0]["content"]
    assert items[0].situation in prompt and items[0].template in prompt
    assert plan(variants=2, limit=5)[:5] == plan(variants=2)[:5]
    assert clean_utterance("用户：“我好累啊”\n（说完叹气）") == "我好累啊"


def test_the_concurrency_limit_holds_and_is_used(tmp_path):
    items = plan(langs=("zh",), limit=12)
    with FakeOpenAIServer(_responder) as server:
        server.delay_s = 0.05
        stats = _run(items, tmp_path / "synth.jsonl", server, concurrency=3)
    assert stats.done == 12 and stats.calls == 24
    assert server.max_in_flight == 3  # never more, and the work did run three at a time


def test_429_and_5xx_are_retried_and_tokens_and_cost_are_counted(tmp_path):
    items = plan(langs=("zh", "en"), limit=6)
    out = tmp_path / "synth.jsonl"
    with FakeOpenAIServer(_responder) as server:
        server.fail_next = [429, 503, 500, 429, 502]
        server.retry_after = 0
        stats = _run(items, out, server, concurrency=2)
    assert stats.done == 6 and stats.failed == 0 and stats.retries == 5
    assert len(server.requests) == 12 + 5
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["dialogue_id"] for r in recs) == sorted(it.id for it in items)
    assert all(r["source"] == "synth:fake-glm" and r["response"] and r["emotion"] for r in recs)
    assert not any(r["text"].startswith("“") for r in recs)  # quotes stripped
    # the fake counts tokens the same way for every answered request: the totals must match it exactly
    answered = [r for r in server.requests if r.get("messages")][5:]  # the failed ones carry no usage
    expect_in = sum(count_tokens(m["content"]) for r in answered for m in r["messages"])
    assert stats.prompt_tokens == expect_in
    per_record = sum(r["meta"]["usage"]["prompt_tokens"] for r in recs)
    assert per_record == stats.prompt_tokens
    assert stats.cost(1.0, 2.0) == pytest.approx((stats.prompt_tokens + 2 * stats.completion_tokens) / 1e6)


def test_items_that_still_fail_are_left_for_the_next_run(tmp_path):
    items = plan(langs=("en",), limit=3)
    out = tmp_path / "synth.jsonl"
    with FakeOpenAIServer(_responder) as server:
        server.fail_next = [503] * 3  # the first call to come in fails three times: more than its retries
        server.retry_after = 0
        first = _run(items, out, server, concurrency=1, max_retries=2)
        second = _run(items, out, server, concurrency=1, max_retries=2)
    assert first.failed == 1 and first.done == 2 and "503" in first.errors[0]
    assert second.skipped == 2 and second.done == 1
    assert sorted(_ids(out)) == sorted(it.id for it in items)


def test_a_refusal_stops_the_run_with_a_clear_error(tmp_path):
    with FakeOpenAIServer(_responder) as server:
        server.fail_next = [401]
        with pytest.raises(LLMError) as err:
            _run(plan(limit=4), tmp_path / "s.jsonl", server, concurrency=1)
    assert not err.value.retryable and "401" in str(err.value)


def test_a_run_killed_midway_finishes_with_no_duplicates_and_no_gaps(tmp_path):
    out = tmp_path / "synth.jsonl"
    items = plan(langs=("zh", "en"))
    args = [
        "data",
        "synth",
        "--out",
        str(out),
        "--preset",
        "vllm",
        "--model",
        "fake-glm",
        "--concurrency",
        "4",
    ]
    with FakeOpenAIServer(_responder) as server:
        server.delay_s = 0.02
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from xinyu.cli.main import main; main()",
                *args,
                "--base-url",
                server.base_url,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            not out.exists() or out.read_text(encoding="utf-8").count("\n") < 10
        ):
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        made = _ids(out)
        assert 10 <= len(made) < len(items), "the run was not stopped midway"
        with out.open("a", encoding="utf-8") as fh:  # a line torn by the kill
            fh.write('{"dialogue_id": "synth-torn", "te')
        result = runner.invoke(app, [*args, "--base-url", server.base_url])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["skipped"] == len(made) and summary["done"] == len(items) - len(made)
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == len(items) and set(ids) == {it.id for it in items}
    assert summary["records_in_file"] == len(items)


def test_dry_run_prints_prompts_and_calls_nothing(tmp_path):
    with FakeOpenAIServer(_responder) as server:
        result = runner.invoke(
            app,
            ["data", "synth", "--out", str(tmp_path / "s.jsonl"), "--base-url", server.base_url, "--dry-run"],
        )
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout.splitlines()[0])
    assert first["user_prompt"][0]["role"] == "user" and first["reply_prompt"][0]["role"] == "system"
    assert server.requests == [] and not (tmp_path / "s.jsonl").exists()


def test_themes_files_are_checked(tmp_path):
    good = tmp_path / "themes.toml"
    good.write_text('[zh]\nsadness = ["和恋人分手了"]\n', encoding="utf-8")
    assert [it.situation for it in plan(load_themes(good), ("zh",))] == ["和恋人分手了"] * 4
    bad = tmp_path / "bad.toml"
    bad.write_text('[zh]\nmelancholy = ["x"]\n', encoding="utf-8")
    with pytest.raises(SynthError, match="melancholy"):
        load_themes(bad)
    result = runner.invoke(app, ["data", "synth", "--out", str(tmp_path / "o.jsonl"), "--themes", str(bad)])
    assert result.exit_code == 2 and "melancholy" in result.output


def test_a_checkpoint_drops_only_a_torn_last_line(tmp_path):
    out = tmp_path / "s.jsonl"
    item = Item("zh", "sadness", "x", "y", 0)
    out.write_text(
        json.dumps({"dialogue_id": item.id, "text": "a"}) + '\n{"dialogue_id": "b", "te', encoding="utf-8"
    )
    assert list(read_checkpoint(out)) == [item.id]
    assert out.read_text(encoding="utf-8").endswith("}\n")


def test_the_presets_key_is_not_sent_to_another_endpoint(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHIPUAI_API_KEY", "secret-zhipu-key")
    seen: list[str] = []
    with FakeOpenAIServer(_responder) as server:
        import http.server

        original = http.server.BaseHTTPRequestHandler.parse_request

        def spy(self):
            ok = original(self)
            seen.append(self.headers.get("authorization") or "")
            return ok

        monkeypatch.setattr(http.server.BaseHTTPRequestHandler, "parse_request", spy)
        args = [
            "data",
            "synth",
            "--out",
            str(tmp_path / "s.jsonl"),
            "--base-url",
            server.base_url,
            "--limit",
            "1",
        ]
        result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert seen and not any("secret-zhipu-key" in h for h in seen)


def _authorization(client: AsyncChatClient) -> str | None:
    return client._http.headers.get("authorization")


def test_synth_client_takes_the_named_variables_key_or_the_presets_own(monkeypatch):
    monkeypatch.setenv("ZHIPUAI_API_KEY", "zhipu-key")
    monkeypatch.setenv("MY_KEY", "my-key")
    monkeypatch.delenv("XINYU_UNSET_KEY", raising=False)

    async def build(llm: LLMSettings, **kw) -> AsyncChatClient:
        client = synth_client(llm, **kw)
        await client.aclose()
        return client

    glm = LLMSettings(preset="glm")
    client = asyncio.run(build(glm, timeout_s=5.0, max_retries=2))
    assert (client.base_url, client.model) == (glm.base_url.rstrip("/"), glm.model)
    assert (client._timeout_s, client.max_retries) == (5.0, 2)
    assert _authorization(client) == "Bearer zhipu-key"
    assert _authorization(asyncio.run(build(glm, api_key_env="MY_KEY"))) == "Bearer my-key"
    other = LLMSettings(preset="glm", base_url="http://127.0.0.1:9/v1")
    assert _authorization(asyncio.run(build(other))) is None  # the preset's key stays with its endpoint
    with pytest.raises(SynthError, match="XINYU_UNSET_KEY: that variable is not set"):
        synth_client(glm, api_key_env="XINYU_UNSET_KEY")
