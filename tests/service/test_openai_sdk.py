"""The OpenAI-compatible API as OpenAI's own Python SDK and LangChain's ChatOpenAI use it, over HTTP, against
the service running on a loopback port."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import openai
import pytest
import uvicorn
from langchain_core.messages import AIMessageChunk
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from tests.serving import free_port
from xinyu.config import Settings
from xinyu.service.app import create_app
from xinyu.service.openai_compat import count_tokens

KEY = "sdk-client-key"
CRISIS = "我已经把安眠药攒够了，今晚就吃下去"
EVERYDAY = "I feel so stressed about my exams"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    """The service on a free loopback port, in a thread, with one client key."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("sdk") / "var", api={"keys": [KEY]})
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(30)


@pytest.fixture
def sdk(base_url) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=base_url, api_key=KEY, max_retries=0) as client:
        yield client


def _say(sdk: openai.OpenAI, text: str, user: str = "sdk-user", **params):
    return sdk.chat.completions.create(
        model="xinyu", messages=[{"role": "user", "content": text}], user=user, **params
    )


def test_models_are_listed_and_an_unknown_one_is_not_found(sdk):
    assert [m.id for m in sdk.models.list()] == ["xinyu"]
    assert sdk.models.retrieve("xinyu").owned_by == "xinyu"
    with pytest.raises(openai.NotFoundError) as caught:
        sdk.models.retrieve("gpt-4o")
    assert caught.value.code == "model_not_found" and "xinyu" in caught.value.message


def test_a_completion_comes_back_with_its_usage_and_xinyus_reading(sdk):
    out = _say(sdk, EVERYDAY)
    choice = out.choices[0]
    assert choice.message.role == "assistant" and choice.message.content and choice.finish_reason == "stop"
    assert out.model == "xinyu" and out.usage.prompt_tokens == 7
    assert out.usage.completion_tokens > 0 and out.usage.tokenizer == "xinyu-text-1"
    assert out.xinyu["strategy"]["topic"] == "study"


def test_a_stream_ends_with_the_usage_when_asked(sdk):
    chunks = list(_say(sdk, EVERYDAY, stream=True, stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text and chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"


def test_an_async_stream_reads_the_same_way(base_url):
    async def read() -> str:
        async with openai.AsyncOpenAI(base_url=base_url, api_key=KEY, max_retries=0) as client:
            stream = await client.chat.completions.create(
                model="xinyu", messages=[{"role": "user", "content": EVERYDAY}], user="sdk-async", stream=True
            )
            return "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])

    assert asyncio.run(read())


def test_max_tokens_cuts_the_reply_and_says_so(sdk):
    out = _say(sdk, EVERYDAY, user="sdk-cut", max_tokens=3)
    assert out.choices[0].finish_reason == "length" and out.usage.completion_tokens == 3
    assert count_tokens(out.choices[0].message.content) == 3


def test_a_stop_sequence_ends_the_reply_before_it(sdk):
    cut = _say(sdk, EVERYDAY, user="sdk-stop", stop=[" ", "\n"]).choices[0]
    assert cut.finish_reason == "stop" and cut.message.content  # the first word, and nothing after it
    assert " " not in cut.message.content and count_tokens(cut.message.content) <= 2


def test_a_crisis_reply_keeps_its_help_lines_whatever_the_limits(sdk):
    out = _say(sdk, CRISIS, user="sdk-crisis", max_tokens=5, stop=["\n", "。"])
    assert "12356" in out.choices[0].message.content and out.choices[0].finish_reason == "stop"
    assert out.xinyu["kept_whole"] is True


def test_an_unsupported_parameter_is_a_bad_request_that_names_it(sdk):
    with pytest.raises(openai.BadRequestError) as caught:
        _say(sdk, EVERYDAY, n=2)
    assert caught.value.param == "n" and "one reply" in caught.value.message
    with pytest.raises(openai.BadRequestError) as caught:
        _say(sdk, EVERYDAY, response_format={"type": "json_object"})
    assert caught.value.param == "response_format" and caught.value.code == "unsupported_parameter"


def test_a_refused_request_about_a_crisis_still_carries_the_help_lines(sdk):
    parts = [
        {"type": "text", "text": CRISIS},
        {"type": "image_url", "image_url": {"url": "data:image/png;,"}},
    ]
    with pytest.raises(openai.BadRequestError) as caught:
        sdk.chat.completions.create(model="xinyu", messages=[{"role": "user", "content": parts}])
    assert caught.value.param == "messages[0].content[1]"
    assert any("12356" in line for line in caught.value.body["xinyu"]["helplines"])


def test_a_wrong_key_is_an_authentication_error(base_url):
    client = openai.OpenAI(base_url=base_url, api_key="wrong", max_retries=0)
    with client, pytest.raises(openai.AuthenticationError) as caught:
        client.models.list()
    assert caught.value.code == "invalid_api_key" and "unknown API key" in caught.value.message


def test_langchain_invokes_and_streams(base_url):
    chat = ChatOpenAI(base_url=base_url, api_key=KEY, model="xinyu", max_retries=0, stream_usage=True)
    reply = chat.invoke(EVERYDAY)
    assert reply.content and reply.usage_metadata["output_tokens"] > 0
    chunks = list(chat.stream("I miss my grandmother so much"))
    assert "".join(c.content for c in chunks) and all(isinstance(c, AIMessageChunk) for c in chunks)
    assert sum((c.usage_metadata or {}).get("output_tokens", 0) for c in chunks) > 0


def test_langchain_structured_output_is_refused_plainly(base_url):
    class Mood(BaseModel):
        label: str

    chat = ChatOpenAI(base_url=base_url, api_key=KEY, model="xinyu", max_retries=0)
    with pytest.raises(openai.BadRequestError) as caught:
        chat.with_structured_output(Mood).invoke("how do I feel?")
    assert caught.value.param in {"response_format", "tools"}
