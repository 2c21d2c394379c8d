"""Replies in the script the person reads: Traditional Chinese for Taiwan and Hong Kong, through the chat API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.respond.chat_client import post_chat
from xinyu.config import Settings
from xinyu.levels import RiskLevel
from xinyu.respond.chat import crisis_shown
from xinyu.respond.script import in_script, script_config
from xinyu.service.app import create_app
from xinyu.understand.fold import fold


def _chat(client, session, message, locale=None):
    return post_chat(client, session, message, locale)["reply"]


def _simplified_only(text: str) -> bool:
    """True when ``text`` has no Han character written the Traditional way."""
    han = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    return fold(han) == han


def test_the_region_picks_the_script_and_its_words():
    assert script_config("zh-TW") == "s2twp" and script_config("zh_hk") == "s2hk"
    assert (
        script_config("zh-Hant") == "s2t"
        and script_config("zh-CN") is None
        and script_config("en-US") is None
    )
    assert script_config(None, "我家的狗走了，都是我沒關好門") == "s2t"
    assert script_config(None, "我家的狗走了") is None
    assert in_script("这个软件的信息", "zh-TW") == "這個軟體的資訊"  # Taiwan's own words, not only characters
    assert in_script("I hear you.", "zh-TW") == "I hear you."


def test_taiwan_and_hong_kong_read_traditional_and_the_mainland_simplified(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "var")), client=("127.0.0.1", 50000)) as client:
        taiwan = _chat(client, "t1", "我家的狗昨天走了，都是我沒關好門", "zh-TW")
        hong_kong = _chat(client, "h1", "我家的狗昨天走了，都是我沒關好門", "zh-HK")
        unknown = _chat(client, "n1", "我家的狗昨天走了，都是我沒關好門")
        mainland = _chat(client, "c1", "我家的狗昨天走了，都是我没关好门", "zh-CN")
    for reply in (taiwan, hong_kong, unknown):
        assert not _simplified_only(reply), (taiwan, hong_kong, unknown)
        assert in_script(reply, "zh-TW") == reply or in_script(reply, "zh-HK") == reply
    assert _simplified_only(mainland), mainland


def test_a_crisis_in_taiwan_is_answered_in_traditional_with_taiwan_s_lines(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "var")), client=("127.0.0.1", 50000)) as client:
        reply = _chat(client, "t2", "我不想活了，藥已經準備好了", "zh-TW")
    assert "1925" in reply and not _simplified_only(reply)
    shown = crisis_shown(RiskLevel.HIGH, "zh-HK", "zh")
    assert not _simplified_only(shown["reply"])
