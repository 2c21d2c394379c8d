"""The API's request and response bodies (pydantic), with the limits they enforce."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from xinyu.respond.chat import ID_PATTERN
from xinyu.schema import EmotionResult

MAX_BATCH = 256
ID = f"^{ID_PATTERN}$"  # pydantic's regex: ``$`` is the end of the text, never before a final newline
LOCALE = r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$"  # a BCP 47 tag (zh-CN, zh-Hant-TW, en_US)


class AnalyzeRequest(BaseModel):
    """One ``text`` or a list of ``texts`` (at most 256); ``backend`` overrides the configured one."""

    text: str | None = None
    texts: list[str] | None = Field(default=None, max_length=MAX_BATCH)
    backend: str | None = Field(default=None, max_length=32, pattern=r"^[a-z_]+$")

    @model_validator(mode="after")
    def _one_of(self) -> AnalyzeRequest:
        if (self.text is None) == (self.texts is None):
            raise ValueError("send exactly one of 'text' or 'texts'")
        return self


class AnalyzeBatchResponse(BaseModel):
    results: list[EmotionResult]


class ChatRequest(BaseModel):
    user_id: str = Field(min_length=1, max_length=128, pattern=ID)
    session_id: str | None = Field(default=None, min_length=1, max_length=128, pattern=ID)
    message: str = Field(min_length=1)
    locale: str | None = Field(default=None, max_length=35, pattern=LOCALE)


class ChatResponse(BaseModel):
    session_id: str
    turn_id: str
    reply: str
    emotion: EmotionResult
    risk: dict[str, Any]
    strategy: dict[str, Any]
    # how the turn was read and answered: dialogue acts, the situation (event, people, pet, when), the facts the
    # session remembers, the emotion in context, the reply's plan
    understanding: dict[str, Any] = Field(default_factory=dict)
    memory: dict[str, Any]
    engine: dict[str, Any]
    moderation: dict[str, Any]
    latency_ms: float


class RiskRequest(BaseModel):
    """One ``text``, or ``messages`` (a conversation's user turns, oldest first) assessed turn by turn."""

    text: str | None = None
    messages: list[str] | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _one_of(self) -> RiskRequest:
        if (self.text is None) == (self.messages is None):
            raise ValueError("send exactly one of 'text' or 'messages'")
        return self


class FeedbackRequest(BaseModel):
    turn_id: str = Field(min_length=1, max_length=64, pattern=ID)
    user_id: str | None = Field(default=None, max_length=128, pattern=ID)
    rating: int | None = Field(default=None, ge=1, le=5)
    thumb: Literal["up", "down"] | None = None
    comment: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _something(self) -> FeedbackRequest:
        if self.rating is None and self.thumb is None and not self.comment:
            raise ValueError("send a rating (1-5), a thumb (up/down) or a comment")
        return self


class OpenAIMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class XinyuOptions(BaseModel):
    """xinyu's own fields of a chat completion request."""

    session_id: str | None = Field(default=None, min_length=1, max_length=128, pattern=ID)
    locale: str | None = Field(default=None, max_length=35, pattern=LOCALE)


class StreamOptions(BaseModel):
    include_usage: bool = False


class CompletionRequest(BaseModel):
    """OpenAI's chat completion request, as far as xinyu serves it (docs/openai.md).

    Honoured: ``messages``, ``stream``, ``stream_options.include_usage``, ``max_tokens`` /
    ``max_completion_tokens``, ``stop``, ``user`` (the user id). Refused with a 400 naming the parameter, as
    xinyu cannot do what they ask: ``n`` above 1, tools and functions, a JSON ``response_format``, log
    probabilities, audio, and content parts other than text (:func:`xinyu.service.openai_compat.refusal`).
    Sampling fields (``temperature``, ``top_p``, ``seed``...) and fields not listed here are accepted and
    ignored: they change how a model samples, and xinyu's answer does not depend on them.

    xinyu's own fields go in an optional ``xinyu`` object: ``{"session_id", "locale"}``.
    """

    model: str | None = Field(default=None, max_length=128)
    messages: list[OpenAIMessage] = Field(min_length=1, max_length=1000)
    stream: bool = False
    stream_options: StreamOptions | None = None
    user: str | None = Field(default=None, min_length=1, max_length=128, pattern=ID)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    stop: list[Annotated[str, Field(min_length=1)]] | None = Field(default=None, max_length=4)
    # refused unless they ask for what xinyu does anyway (n=1, no tools, text): see openai_compat.refusal
    n: int | None = Field(default=None, ge=1)
    tools: list[Any] | None = None
    tool_choice: Any = None
    functions: list[Any] | None = None
    function_call: Any = None
    response_format: dict[str, Any] | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    modalities: list[str] | None = None
    audio: Any = None
    xinyu: XinyuOptions | None = None

    @field_validator("stop", mode="before")
    @classmethod
    def _stop_list(cls, value: Any) -> Any:
        """``stop`` as OpenAI takes it: one sequence, or a list of up to 4 (none empty: it would cut every
        reply at its start)."""
        return [value] if isinstance(value, str) else value


class ReviewDecision(BaseModel):
    action: Literal["accept", "correct"]
    emotion: Literal["joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral"]
    reviewer: str = Field(min_length=1, max_length=128)


class TransitionRequest(BaseModel):
    who: str = Field(default="staff", min_length=1, max_length=128)
    note: str | None = Field(default=None, max_length=2000)


class GroupTransitionRequest(TransitionRequest):
    """A session's escalations, by id as staff saw them on the dashboard (one session's are at most a few
    hundred)."""

    ids: list[str] = Field(min_length=1, max_length=500)
