"""One OpenAI-compatible client for every domain that calls a model API, and a fake server for tests."""

from xinyu.llm.client import ChatClient, LLMError

__all__ = ["ChatClient", "LLMError"]
