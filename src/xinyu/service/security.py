"""Access to the API: API keys with per-key rate limits, or loopback only when no key is configured.

Keys are sent as ``Authorization: Bearer KEY`` (what OpenAI SDKs send) or ``X-API-Key: KEY``. Client keys open
the chat endpoints; admin keys open those and the admin endpoints. With no keys at all (the embedded default)
both accept loopback clients only, so a fresh ``make serve`` is never open to the network.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import threading
import time

from fastapi import HTTPException, Request

LOOPBACK_HINT = (
    "no API keys are configured, so only clients on this machine are accepted; "
    "set XINYU_API__KEYS (and XINYU_API__ADMIN_KEYS) to serve others"
)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


class RateLimiter:
    """A token bucket per identity: ``per_minute`` requests, bursts up to the same number."""

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, identity: str) -> float:
        """0 if allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(identity, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[identity] = (tokens - 1.0, now)
                return 0.0
            self._buckets[identity] = (tokens, now)
            return (1.0 - tokens) / self.rate


class Access:
    def __init__(self, api_settings) -> None:
        self.client_keys = [k.get_secret_value() for k in api_settings.keys]
        self.admin_keys = [k.get_secret_value() for k in api_settings.admin_keys]
        self.limiter = RateLimiter(api_settings.rate_limit_per_minute)

    @property
    def open_loopback(self) -> bool:
        return not self.client_keys and not self.admin_keys

    @staticmethod
    def _presented(request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return request.headers.get("x-api-key")

    @staticmethod
    def _match(key: str, keys: list[str]) -> bool:
        return any(hmac.compare_digest(key.encode(), k.encode()) for k in keys)

    def check(self, request: Request, admin: bool) -> str:
        host = request.client.host if request.client else None
        if self.open_loopback:
            if not is_loopback(host):
                raise HTTPException(403, LOOPBACK_HINT)
            identity = f"addr:{host}"
        else:
            key = self._presented(request)
            if not key:
                raise HTTPException(
                    401, "missing API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
                )
            if admin and not self._match(key, self.admin_keys):
                raise HTTPException(403, "this endpoint needs an admin key (XINYU_API__ADMIN_KEYS)")
            if not admin and not self._match(key, self.client_keys + self.admin_keys):
                raise HTTPException(401, "unknown API key")
            identity = "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]
        wait = self.limiter.take(identity)
        if wait > 0:
            raise HTTPException(
                429,
                f"rate limit exceeded; retry in {wait:.1f} s",
                headers={"Retry-After": str(int(wait) + 1)},
            )
        return identity


def client_access(request: Request) -> str:
    return request.app.state.access.check(request, admin=False)


def admin_access(request: Request) -> str:
    return request.app.state.access.check(request, admin=True)
