"""Is an OpenAI-compatible endpoint there? A short ``GET {base_url}/models``, for ``xinyu doctor``.

A configured URL says nothing about whether anything listens at it; this asks, with a short timeout, and says
what came back in words a person can act on. It never sends a chat request (which could cost money).
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Probe:
    """``reachable``: something answered at the URL; ``ready``: it answered as a usable endpoint would."""

    reachable: bool
    ready: bool
    detail: str


def probe(base_url: str | None, api_key: str | None = None, timeout_s: float = 1.5) -> Probe:
    """What ``GET {base_url}/models`` says within ``timeout_s``.

    >>> probe(None).detail
    'no base_url configured (llm.base_url or llm.preset)'
    >>> probe("http://127.0.0.1:9/v1", timeout_s=0.5).reachable
    False
    """
    if not base_url:
        return Probe(False, False, "no base_url configured (llm.base_url or llm.preset)")
    url = base_url.rstrip("/") + "/models"
    headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        resp = httpx.get(url, headers=headers, timeout=timeout_s)
    except httpx.TimeoutException:
        return Probe(False, False, f"no answer from {url} within {timeout_s:g} s")
    except httpx.HTTPError as exc:
        return Probe(False, False, f"cannot reach {url}: {type(exc).__name__}")
    code = resp.status_code
    if code in (401, 403):
        return Probe(True, False, f"{url} refused the key ({code}): check llm.api_key")
    if code == 404:  # some servers have no model list; the chat route may still work
        return Probe(True, True, f"{url} answered 404 (no model list); the server is up")
    if code >= 400:
        return Probe(True, False, f"{url} answered {code}")
    return Probe(True, True, f"{url} answered {code}")
