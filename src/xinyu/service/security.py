"""Access to the service: who is calling, what they may see, and how often.

**Keys.** A key is sent as ``Authorization: Bearer KEY`` (what OpenAI SDKs send), ``X-API-Key: KEY``, or as the
password of HTTP Basic authentication (what a browser sends after asking for it: the dashboard, review and docs
pages). With no keys configured (the embedded default) every endpoint but ``/healthz`` and ``/readyz`` accepts
loopback clients only, so a fresh ``make serve`` is never open to the network.

**Owners.** One service can serve several client apps. Every user belongs to the caller that created it:

- a key in ``api.keys`` is an owner of its own;
- the keys of a named app in ``api.clients`` (``{"care-app": ["key1", "key2"]}``) are one owner together, so an
  app can hold several keys, or move to a new one, and keep its users;
- an admin key (``api.admin_keys``) reaches every user and the admin endpoints;
- with no keys at all, loopback clients are one owner with admin rights (one machine, one operator).

A user (its sessions, turns, trajectory, feedback, deletion) of another owner answers 404, exactly as a user that
does not exist. Users stored before owners were kept have none, and only admin keys reach them.

**Client address.** The address is the TCP peer's. Behind a reverse proxy, list the proxy in
``api.trusted_proxies`` and the client is read from its ``X-Forwarded-For``, ``X-Real-IP`` or ``Forwarded``
header. A request that carries any of those headers from a peer not listed there is never taken for a loopback
client: a proxy on the same host would otherwise make every client on the network look local.

**Rate limits** are per key, or per client address without keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import threading
import time
from dataclasses import dataclass

from fastapi import HTTPException, Request

LOOPBACK_HINT = (
    "no API keys are configured, so only clients on this machine are accepted; "
    "set XINYU_API__KEYS (and XINYU_API__ADMIN_KEYS) to serve others"
)
KEY_HINT = "missing API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
_PROXY_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")
_BASIC = {"WWW-Authenticate": 'Basic realm="xinyu", charset="UTF-8"'}


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


def key_fingerprint(key: str) -> str:
    """A short public id for an API key (the owner id of the users it creates; not reversible to the key)."""
    return hashlib.sha256(b"xinyu-api-key:" + key.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Principal:
    """The caller: ``owner`` names whose users it reaches, ``admin`` whether it reaches everyone's."""

    owner: str
    admin: bool
    identity: str  # the rate limiter's bucket


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
        # key -> (owner, admin)
        self.keys: dict[str, tuple[str, bool]] = {}
        for k in api_settings.keys:
            self.keys[k.get_secret_value()] = ("key:" + key_fingerprint(k.get_secret_value()), False)
        for name, keys in api_settings.clients.items():
            for k in keys:
                self.keys[k.get_secret_value()] = ("client:" + name, False)
        for k in api_settings.admin_keys:
            self.keys[k.get_secret_value()] = ("admin:" + key_fingerprint(k.get_secret_value()), True)
        token = api_settings.metrics_token
        self.metrics_token = token.get_secret_value() if token else None
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in api_settings.trusted_proxies]
        self.limiter = RateLimiter(api_settings.rate_limit_per_minute)

    @property
    def open_loopback(self) -> bool:
        return not self.keys

    # -- who is calling --------------------------------------------------------------------------------------
    def _trusted(self, host: str | None) -> bool:
        try:
            addr = ipaddress.ip_address((host or "").split("%")[0])
        except ValueError:
            return False
        return any(addr in net for net in self.proxies)

    def client_host(self, request: Request) -> str | None:
        """The client's address (see the module docstring); None when a proxy that is not trusted relayed the
        request, so that it cannot pass for a loopback client."""
        peer = request.client.host if request.client else None
        relayed = any(h in request.headers for h in _PROXY_HEADERS)
        if not relayed:
            return peer
        if not self._trusted(peer):
            return None
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
        hops += _forwarded_for(request.headers.get("forwarded", ""))
        for hop in reversed(hops):  # the nearest hop that is not one of our proxies
            if not self._trusted(hop):
                return hop
        return request.headers.get("x-real-ip", "").strip() or (hops[0] if hops else peer)

    @staticmethod
    def presented(request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer":
            return value.strip() or None
        if scheme.lower() == "basic":
            try:
                _user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return password or None
        return request.headers.get("x-api-key")

    def _lookup(self, key: str) -> tuple[str, bool] | None:
        found = None
        for known, who in self.keys.items():  # every key compared, in constant time each
            if hmac.compare_digest(key.encode(), known.encode()):
                found = who
        return found

    def principal(self, request: Request, admin: bool = False, page: bool = False) -> Principal:
        """The caller, or an HTTPException: 401 without a known key, 403 for a client key on an admin endpoint
        (and for anyone but loopback without keys). ``page`` asks a browser for the key (HTTP Basic)."""
        challenge = _BASIC if page else {"WWW-Authenticate": "Bearer"}
        if self.open_loopback:
            host = self.client_host(request)
            if not is_loopback(host):
                raise HTTPException(403, LOOPBACK_HINT)
            return Principal("local", True, f"addr:{host}")
        key = self.presented(request)
        if not key:
            raise HTTPException(401, KEY_HINT, headers=challenge)
        who = self._lookup(key)
        if who is None:
            raise HTTPException(401, "unknown API key", headers=challenge)
        owner, is_admin = who
        if admin and not is_admin:
            raise HTTPException(403, "this endpoint needs an admin key (XINYU_API__ADMIN_KEYS)")
        return Principal(owner, is_admin, "key:" + key_fingerprint(key))

    def check(self, request: Request, admin: bool, page: bool = False) -> Principal:
        """:meth:`principal`, then the rate limit (429 with ``Retry-After``)."""
        who = self.principal(request, admin, page)
        wait = self.limiter.take(who.identity)
        if wait > 0:
            raise HTTPException(
                429,
                f"rate limit exceeded; retry in {wait:.1f} s",
                headers={"Retry-After": str(int(wait) + 1)},
            )
        return who

    def check_metrics(self, request: Request) -> None:
        """``/metrics``: the metrics token, or what an admin endpoint accepts."""
        if self.metrics_token and not self.open_loopback:
            key = self.presented(request)
            if key and hmac.compare_digest(key.encode(), self.metrics_token.encode()):
                return
        self.principal(request, admin=True)


def _forwarded_for(header: str) -> list[str]:
    """The ``for=`` addresses of an RFC 7239 ``Forwarded`` header, nearest last."""
    out = []
    for element in header.split(","):
        for pair in element.split(";"):
            name, _, value = pair.strip().partition("=")
            if name.lower() == "for" and value:
                value = value.strip('"')
                if value.startswith("["):  # [2001:db8::1]:4711
                    value = value[1:].split("]", 1)[0]
                elif value.count(":") == 1:  # 192.0.2.1:4711
                    value = value.split(":", 1)[0]
                out.append(value)
    return out


# FastAPI dependencies: async, so that no request waits for a worker thread just to be let in
async def client_access(request: Request) -> Principal:
    return request.app.state.access.check(request, admin=False)


async def admin_access(request: Request) -> Principal:
    return request.app.state.access.check(request, admin=True)


async def page_access(request: Request) -> Principal:
    """A page with data behind it (dashboard, review): an admin key, asked for by the browser."""
    return request.app.state.access.check(request, admin=True, page=True)


async def docs_access(request: Request) -> Principal:
    """The API docs: any key, asked for by the browser."""
    return request.app.state.access.check(request, admin=False, page=True)


async def metrics_access(request: Request) -> None:
    request.app.state.access.check_metrics(request)
