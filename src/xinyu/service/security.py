"""Access to the service: who is calling, what they may see, and how often.

**Keys.** A key is sent as ``Authorization: Bearer KEY`` (what OpenAI SDKs send), ``X-API-Key: KEY``, or as the
password of HTTP Basic authentication (what a browser sends after asking for it: the dashboard, review and docs
pages). With no keys configured (the embedded default) every endpoint but ``/healthz`` and ``/readyz`` accepts
loopback clients only, so a fresh ``make serve`` is never open to the network.

**Owners and namespaces.** One service can serve several client apps, and each app's users are its own:

- a key in ``api.keys`` is an owner of its own;
- the keys of a named app in ``api.clients`` (``{"care-app": ["key1", "key2"]}``) are one owner together, so an
  app can hold several keys, or move to a new one, and keep its users;
- an admin key (``api.admin_keys``) reaches every user and the admin endpoints;
- with no keys at all, loopback clients are one owner with admin rights (one machine, one operator).

A client's user and session ids live in its own namespace: app A's user ``42`` and app B's user ``42`` are two
people, stored as ``k-<key id>.42`` and ``c-care-app.42`` (what admins see in the handoff queue, the dashboard
and alerts). A client never sees another namespace, so it cannot learn whether an id exists elsewhere, nor take
one first; a turn id of another owner's user answers 404 as an unknown one does. Admins (and loopback without
keys) use ids as stored. Every user also records its ``owner``, checked on every read and write. Users stored
before owners were kept have none, and only admin keys reach them.

**Client address.** The address is the TCP peer's. Behind a reverse proxy, list the proxy in
``api.trusted_proxies`` and name the one header it sets in ``api.proxy_header`` (``x-forwarded-for``, the
default, ``x-real-ip`` or ``forwarded``): the client is the nearest address in that header that is not a trusted
proxy. Any other proxy header is ignored, so a client cannot add one of its own. A request that comes from a
trusted proxy without that header, or carries any proxy header from a peer not listed, is never taken for a
loopback client: a proxy on the same host would otherwise make every client on the network look local.

**Rate limits** are per key, or per client address without keys; failed authentication is limited per address.
Each is a token bucket: ``api.rate_limit_per_minute`` requests, in bursts up to as many. One process counts in
memory; the workers of ``xinyu serve --workers N`` (``workers`` above 1) count in one SQLite file under the data
directory (``ratelimit.sqlite``), each request a short write transaction, so that the limit holds whichever worker
answers. Workers on several machines each count their own. Should the file fail, a worker counts in memory
until it works again (and says so in the log).
Keys are compared in constant time; the owner id derived from a key is a salted scrypt digest, so a copy of the
database does not let anyone test guesses of a key quickly. Use long random keys all the same.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi import HTTPException, Request

from xinyu.config import Settings

log = logging.getLogger(__name__)
LOOPBACK_HINT = (
    "no API keys are configured, so only clients on this machine are accepted; "
    "set XINYU_API__KEYS (and XINYU_API__ADMIN_KEYS) to serve others"
)
KEY_HINT = "missing API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
_PROXY_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")
_BASIC = {"WWW-Authenticate": 'Basic realm="xinyu", charset="UTF-8"'}


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is a loopback address (an address: a host name is never trusted as one)."""
    if not host:
        return False
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def key_fingerprint(key: str) -> str:
    """A short public id for an API key: the owner id of the users it creates, and its rate-limit bucket.

    scrypt, so that the ids stored in the database do not let anyone test guesses of a key quickly; computed once
    per configured key when the service starts, never per request."""
    return hashlib.scrypt(key.encode(), salt=b"xinyu-api-key", n=2**14, r=8, p=1, dklen=8).hex()


#: ids a client sends (a user, a session); a namespace prefix makes the stored id longer (ID_STORED)
ID_CHARS = "A-Za-z0-9_.:@-"
STORED_ID_LENGTH = 192


@dataclass(frozen=True)
class Principal:
    """The caller: ``owner`` names whose users it reaches, ``admin`` whether it reaches everyone's, and
    ``namespace`` the prefix of its ids as stored (None: ids are used as they are)."""

    owner: str
    admin: bool
    identity: str  # the rate limiter's bucket
    namespace: str | None = None

    def inner(self, external: str) -> str:
        """The stored id for an id this caller sends."""
        return external if self.namespace is None else f"{self.namespace}.{external}"

    def outer(self, stored: str | None) -> str | None:
        """The id this caller knows for a stored one."""
        if stored is None or self.namespace is None:
            return stored
        prefix = self.namespace + "."
        return stored[len(prefix) :] if stored.startswith(prefix) else stored

    def clean(self, message: str) -> str:
        """A message with this caller's namespace taken out of the ids it quotes."""
        return message if self.namespace is None else message.replace(self.namespace + ".", "")


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


class SharedRateLimiter(RateLimiter):
    """:class:`RateLimiter`'s buckets in a SQLite file, shared by the processes that open it: each take reads
    and writes its bucket in one ``BEGIN IMMEDIATE`` transaction, so two workers never both spend the last
    token. ``scope`` keeps the buckets of two limiters in one file apart."""

    PRUNE_EVERY = 500  # takes between deletions of buckets full again (untouched for a minute)

    def __init__(self, per_minute: int, path: Path, scope: str) -> None:
        super().__init__(per_minute)
        self.path = Path(path)
        self.scope = scope
        self._conn: sqlite3.Connection | None = None
        self._takes = 0

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # a lost bucket after a crash is a fresh one: no harm
            conn.execute(
                "CREATE TABLE IF NOT EXISTS buckets (id TEXT PRIMARY KEY, tokens REAL NOT NULL, last REAL NOT NULL)"
            )
            self._conn = conn
        return self._conn

    def _take_shared(self, key: str, now: float) -> float:
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT tokens, last FROM buckets WHERE id = ?", (key,)).fetchone()
            tokens, last = row if row else (self.capacity, now)
            tokens = min(self.capacity, tokens + max(0.0, now - last) * self.rate)
            wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate
            if not wait:
                tokens -= 1.0
            conn.execute(
                "INSERT INTO buckets (id, tokens, last) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET tokens = excluded.tokens, last = excluded.last",
                (key, tokens, now),
            )
            self._takes += 1
            if self._takes % self.PRUNE_EVERY == 0:
                conn.execute("DELETE FROM buckets WHERE last < ?", (now - self.capacity / self.rate,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return wait

    def take(self, identity: str) -> float:
        with self._lock:
            try:
                return self._take_shared(f"{self.scope}:{identity}", time.time())
            except sqlite3.Error as exc:
                log.warning(
                    "shared rate limits unavailable (%s); counting in this process", type(exc).__name__
                )
                if self._conn is not None:
                    self._conn.close()
                self._conn = None
        return super().take(identity)


def shared_limits(settings: Settings) -> Path | None:
    """The file the workers share their rate limits in, when there are several (``workers`` above 1)."""
    return Path(settings.data_dir) / "ratelimit.sqlite" if settings.workers > 1 else None


def _limiter(per_minute: int, shared: Path | None, scope: str) -> RateLimiter:
    return RateLimiter(per_minute) if shared is None else SharedRateLimiter(per_minute, shared, scope)


class Access:
    def __init__(self, api_settings, shared: Path | None = None) -> None:
        """``shared``: the file of rate limits shared by several workers (see :func:`shared_limits`)."""
        # key -> the principal it opens
        self.keys: dict[str, Principal] = {}
        for k in api_settings.keys:
            fp = key_fingerprint(k.get_secret_value())
            self.keys[k.get_secret_value()] = Principal("key:" + fp, False, "key:" + fp, "k-" + fp)
        for name, keys in api_settings.clients.items():
            for k in keys:
                fp = key_fingerprint(k.get_secret_value())
                self.keys[k.get_secret_value()] = Principal("client:" + name, False, "key:" + fp, "c-" + name)
        for k in api_settings.admin_keys:
            fp = key_fingerprint(k.get_secret_value())
            self.keys[k.get_secret_value()] = Principal("admin:" + fp, True, "key:" + fp)
        token = api_settings.metrics_token
        self.metrics_token = token.get_secret_value() if token else None
        self.proxies = [ipaddress.ip_network(p, strict=False) for p in api_settings.trusted_proxies]
        self.proxy_header = api_settings.proxy_header
        self.limiter = _limiter(api_settings.rate_limit_per_minute, shared, "requests")
        # guesses of a key: a tenth of the normal rate per address, at least 10 a minute
        self.failures = _limiter(max(10, api_settings.rate_limit_per_minute // 10), shared, "failures")

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
        """The client's address (see the module docstring); None when it cannot be known, so that a request
        relayed by a proxy never passes for a loopback client."""
        peer = request.client.host if request.client else None
        relayed = any(h in request.headers for h in _PROXY_HEADERS)
        if not self._trusted(peer):
            return None if relayed else peer
        header = request.headers.get(self.proxy_header)
        if not header:
            return None
        if self.proxy_header == "x-real-ip":
            hops = [header.strip()]
        elif self.proxy_header == "forwarded":
            hops = _forwarded_for(header)
        else:
            hops = [h.strip() for h in header.split(",") if h.strip()]
        for hop in reversed(hops):  # the nearest hop that is not one of our proxies (the client can only
            if not self._trusted(hop):  # add hops in front of the ones our proxies add)
                return hop
        return hops[0] if hops else None  # every hop one of ours: the request came from their own hosts

    @staticmethod
    def presented(request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        if scheme.lower() == "basic":
            try:
                _user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
            except ValueError:  # not base64, not ASCII, not UTF-8
                return None
            return password or None
        return request.headers.get("x-api-key") or None

    def _lookup(self, key: str) -> Principal | None:
        found = None
        for known, who in self.keys.items():  # every key compared, in constant time each
            if hmac.compare_digest(key.encode("utf-8", "surrogatepass"), known.encode()):
                found = who
        return found

    def _refuse(
        self, request: Request, status: int, detail: str, headers: dict | None = None
    ) -> HTTPException:
        """An authentication failure, counted against the client's address (429 once it guesses too often)."""
        wait = self.failures.take("fail:" + str(request.client.host if request.client else None))
        if wait > 0:
            return HTTPException(
                429,
                f"too many failed attempts; retry in {wait:.0f} s",
                headers={"Retry-After": str(int(wait) + 1)},
            )
        return HTTPException(status, detail, headers=headers)

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
            raise self._refuse(request, 401, "unknown API key", challenge)
        if admin and not who.admin:
            raise HTTPException(403, "this endpoint needs an admin key (XINYU_API__ADMIN_KEYS)")
        return who

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
            if key and hmac.compare_digest(key.encode("utf-8", "surrogatepass"), self.metrics_token.encode()):
                return
        self.check(request, admin=True)


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
