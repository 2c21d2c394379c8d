"""One OpenAI-compatible client for every domain that calls a model API, and a fake server for tests."""

from xinyu.llm.client import AsyncChatClient, ChatClient, Completion, LLMError

__all__ = ["AsyncChatClient", "ChatClient", "Completion", "LLMError"]
