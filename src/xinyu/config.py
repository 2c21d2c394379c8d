"""Settings: environment variables ``XINYU_*`` (nested with ``__``), an optional ``xinyu.toml``, then defaults.

The embedded defaults run the whole service offline: state under ``./var``, the shipped linear emotion model.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

BackendName = Literal["linear", "lexicon", "llm"]


class LLMSettings(BaseModel):
    """An OpenAI-compatible endpoint (OpenAI, Zhipu GLM, Qwen, DeepSeek, vLLM, Ollama, llama.cpp server)."""

    base_url: str = "http://127.0.0.1:11434/v1"
    model: str = "qwen2.5:7b-instruct"
    api_key: SecretStr | None = None
    timeout_s: float = 8.0
    max_retries: int = 2


class SafetySettings(BaseModel):
    """Crisis risk, escalation and PII (see :mod:`xinyu.safety`)."""

    # a directory holding the risk model's zh.npz / en.npz; empty means the shipped one; "off" runs cues only
    risk_model: str | None = None
    # per level, the actions to take: tag, safe_reply, alert, handoff (missing levels keep their defaults)
    escalation: dict[str, list[str]] = Field(default_factory=dict)
    webhook_url: str | None = None
    # help lines per locale (zh-CN, zh-TW, zh-HK, en-US, en-GB, en), replacing the shipped ones for that locale
    helplines: dict[str, list[str]] = Field(default_factory=dict)
    # key for PII hash mode; empty means a key file under the data directory, created on first use
    pii_key: SecretStr | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="XINYU_", env_nested_delimiter="__", extra="ignore", toml_file="xinyu.toml"
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    data_dir: Path = Path("./var")
    emotion_backend: BackendName = "linear"
    # A directory holding zh.npz / en.npz; empty means the model shipped inside the package.
    emotion_model: Path | None = None
    # Longer texts are analysed on their first max_chars characters and flagged ``truncated``.
    max_chars: int = Field(default=5000, ge=1)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    safety: SafetySettings = Field(default_factory=SafetySettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = os.environ.get("XINYU_CONFIG", "xinyu.toml")
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml_path))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
