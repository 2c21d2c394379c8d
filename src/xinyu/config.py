"""Settings: environment variables ``XINYU_*`` (nested with ``__``), an optional ``xinyu.toml``, then defaults.

The embedded defaults run the whole service offline: state under ``./var``, the shipped emotion models (the encoder
backend: English by the fine-tuned MiniLM blended with the linear model, Chinese by the linear model).
"""

from __future__ import annotations

import ipaddress
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

BackendName = Literal["encoder", "linear", "lexicon", "llm", "transformer"]


class LLMSettings(BaseModel):
    """An OpenAI-compatible endpoint (OpenAI, Zhipu GLM, Qwen, DeepSeek, vLLM, Ollama, llama.cpp server).

    ``preset`` (glm, qwen, deepseek, openai, vllm, ollama) fills ``base_url`` and ``model`` where they are not set,
    and reads the provider's usual key variable (ZHIPUAI_API_KEY, DASHSCOPE_API_KEY...) when ``api_key`` is not.
    """

    preset: str | None = None
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=8.0, gt=0)
    max_retries: int = Field(default=2, ge=0)
    # the reply engine's circuit breaker: after this many failed calls in a row the endpoint is not called (the
    # local engine answers at once) until breaker_cooldown_s have passed, then one call tries it; 0 turns it off
    breaker_failures: int = Field(default=3, ge=0)
    breaker_cooldown_s: float = Field(default=30.0, gt=0)

    @model_validator(mode="after")
    def _apply_preset(self) -> LLMSettings:
        from xinyu.llm.presets import apply_preset

        return apply_preset(self)


class ReplySettings(BaseModel):
    """Which engine writes replies: ``local`` (offline phrase bank), ``llm`` (the endpoint above) or ``model``."""

    engine: Literal["local", "llm", "model"] = "local"
    # the fine-tuned reply model (a folder, or a .gguf file from `xinyu export gguf` for llama.cpp), for engine =
    # "model"; empty means the one shipped in the package
    # (Gemma 3 270M + LoRA, zh + en; needs the neural extra)
    model_path: Path | None = None
    # who picks the model engine's support strategy: the planner (as for the other engines) or the model itself
    model_strategy: Literal["planner", "model"] = "planner"
    # a directory with phrases_zh.json / phrases_en.json whose entries are added to the shipped phrase bank
    phrase_dir: Path | None = None


class StorageSettings(BaseModel):
    """The emotion memory: SQLite under the data directory unless ``url`` names another database."""

    url: str | None = None  # e.g. postgresql://user:pass@host/db
    # 32-byte encryption key (base64 or hex); empty means the key file below
    key: SecretStr | None = None
    # the key ring file (created 0600); empty means keys.json under the data directory. Keep it on another disk
    # than the database (or in a secrets mount) so that a copy of the data directory alone opens nothing
    key_file: Path | None = None
    redact_pii: bool = False  # redact PII from messages before they are stored
    # turns, and users, sessions and escalations idle for longer than this are deleted
    retention_days: float | None = Field(default=None, gt=0)
    # how long a write waits for SQLite's lock (held by another process) before the request gets a 503
    busy_timeout_s: float = Field(default=3.0, gt=0, le=60)


_CLIENT_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")


class ApiSettings(BaseModel):
    """Access: with no keys, every endpoint accepts loopback clients only (see :mod:`xinyu.service.security`).

    A client key owns the users it creates: no other client key can read, write or delete them. ``clients`` names
    client apps whose keys act as one owner (several keys of one app, or an app's old and new key while it
    rotates them): ``{"care-app": ["key1", "key2"]}``.
    """

    keys: list[SecretStr] = Field(default_factory=list)  # client keys: the chat endpoints, each its own owner
    clients: dict[str, list[SecretStr]] = Field(default_factory=dict)  # named client apps: app -> its keys
    admin_keys: list[SecretStr] = Field(default_factory=list)  # every user, and the admin endpoints
    # a bearer token that opens GET /metrics only (for a Prometheus scraper); admin keys open it too
    metrics_token: SecretStr | None = None
    rate_limit_per_minute: int = Field(default=600, ge=1)  # per key (per client address without keys)
    # proxies (addresses or networks) whose `proxy_header` names the client; a request carrying proxy headers
    # from anywhere else is never taken for a loopback client
    trusted_proxies: list[str] = Field(default_factory=list)
    proxy_header: Literal["x-forwarded-for", "x-real-ip", "forwarded"] = "x-forwarded-for"
    # emotion backends a client key may ask for in /v1/analyze; admin keys may ask for any
    client_backends: list[str] = Field(default_factory=lambda: ["encoder", "linear", "lexicon"])
    # characters in all the texts of one /v1/analyze or /v1/risk request
    max_request_chars: int = Field(default=100_000, ge=1)
    # bytes of one request body
    max_body_bytes: int = Field(default=2_000_000, ge=1024)
    # a chat turn not answered by then (a database that hangs) gets a 503, with help lines for a message at risk
    turn_deadline_s: float = Field(default=30.0, gt=0)

    @model_validator(mode="after")
    def _check(self) -> ApiSettings:
        bad = [name for name in self.clients if not _CLIENT_NAME.fullmatch(name)]
        if bad:
            raise ValueError(
                f"api.clients names {bad}: use 1-40 letters, digits, _ or - (they prefix user ids)"
            )
        for net in self.trusted_proxies:
            ipaddress.ip_network(net, strict=False)  # a ValueError names the bad entry
        return self


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
    # where a crisis is written when the database cannot take it (an append-only, fsynced file, replayed into
    # the database when it recovers); empty means the data directory. Another disk is safer
    journal_dir: Path | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="XINYU_", env_nested_delimiter="__", extra="ignore", toml_file="xinyu.toml"
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    data_dir: Path = Path("./var")
    # encoder: English by the fine-tuned MiniLM blended with the linear model, Chinese by the linear model
    # (English falls back to the linear model, with a warning, until `xinyu export encoder` has built its graph)
    emotion_backend: BackendName = "encoder"
    # A directory holding zh.npz / en.npz; empty means the model shipped inside the package.
    emotion_model: Path | None = None
    # The encoder backend's model: a folder from `xinyu train emotion --backend transformer` fitted with
    # `xinyu train blend` (or one with en/ and zh/ such folders, or its ONNX export); empty means the shipped one.
    emotion_encoder_model: Path | None = None
    # The transformer backend's model: a folder from `xinyu train emotion --backend transformer`, or one with
    # zh/ and en/ such folders; empty means the one shipped inside the package (Chinese; English falls back to
    # the linear model).
    emotion_transformer_model: Path | None = None
    # Where torch models run: auto (CUDA when present), cpu, cuda, cuda:1...
    device: str = "auto"
    # Longer texts are analysed on their first max_chars characters and flagged ``truncated``.
    max_chars: int = Field(default=5000, ge=1)
    # Rows to review in the web app's /review page (standard-record JSONL, e.g. a pipeline's review.jsonl).
    review_queue: Path | None = None
    # Worker processes of `xinyu serve` (each its own app): above 1 the metrics are gathered from all of them and
    # the rate limits are counted in one file under data_dir, shared by them.
    workers: int = Field(default=1, ge=1)
    # Log lines: one JSON object each ("json"), or plain lines for a terminal ("text"); with an access log line
    # per request (method, route, status, time, request id; never a body).
    log_format: Literal["json", "text"] = "json"
    access_log: bool = True
    # OpenTelemetry tracing of requests, chat turns and SQL (needs the otel extra); where spans go follows the
    # standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME...: see xinyu.service.tracing)
    tracing: bool = False
    llm: LLMSettings = Field(default_factory=LLMSettings)
    safety: SafetySettings = Field(default_factory=SafetySettings)
    reply: ReplySettings = Field(default_factory=ReplySettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)

    @property
    def database_url(self) -> str:
        return self.storage.url or f"sqlite:///{Path(self.data_dir) / 'xinyu.db'}"

    @property
    def key_file(self) -> Path:
        return self.storage.key_file or Path(self.data_dir) / "keys.json"

    @property
    def journal_dir(self) -> Path:
        return self.safety.journal_dir or Path(self.data_dir)

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
