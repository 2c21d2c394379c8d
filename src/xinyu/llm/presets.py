"""Presets for common OpenAI-compatible providers: base URL, a default model, and where the key usually lives.

>>> from xinyu.config import LLMSettings
>>> s = LLMSettings(preset="deepseek")
>>> s.base_url, s.model
('https://api.deepseek.com/v1', 'deepseek-chat')
"""

from __future__ import annotations

import os

from pydantic import SecretStr

PRESETS: dict[str, dict[str, str]] = {
    "glm": {
        "base_url": "https://open.bigmodel.cn/api/paas/v4",
        "model": "glm-4-flash",
        "key_env": "ZHIPUAI_API_KEY",
    },
    "qwen": {
        "base_url": "https://dashscope.aliyuncs.com/compatible-mode/v1",
        "model": "qwen-plus",
        "key_env": "DASHSCOPE_API_KEY",
    },
    "deepseek": {
        "base_url": "https://api.deepseek.com/v1",
        "model": "deepseek-chat",
        "key_env": "DEEPSEEK_API_KEY",
    },
    "openai": {"base_url": "https://api.openai.com/v1", "model": "gpt-4o-mini", "key_env": "OPENAI_API_KEY"},
    "vllm": {"base_url": "http://127.0.0.1:8000/v1", "model": "Qwen/Qwen2.5-7B-Instruct", "key_env": ""},
    "ollama": {"base_url": "http://127.0.0.1:11434/v1", "model": "qwen2.5:7b-instruct", "key_env": ""},
}
DEFAULT = "ollama"


class UnknownPresetError(ValueError):
    pass


def apply_preset(llm):
    name = (llm.preset or DEFAULT).lower()
    if name not in PRESETS:
        raise UnknownPresetError(f"unknown LLM preset {llm.preset!r}; choose one of {', '.join(PRESETS)}")
    preset = PRESETS[name]
    # the provider's key goes only to the provider's endpoint, never to a base_url set to somewhere else
    own_endpoint = llm.base_url is None or llm.base_url.rstrip("/") == preset["base_url"]
    if llm.base_url is None:
        llm.base_url = preset["base_url"]
    if llm.model is None:
        llm.model = preset["model"]
    if llm.api_key is None and own_endpoint and preset["key_env"] and os.environ.get(preset["key_env"]):
        llm.api_key = SecretStr(os.environ[preset["key_env"]])
    return llm
