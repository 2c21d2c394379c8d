"""Prometheus metrics: requests, latency, emotions, risk levels, replies, engine calls and fallbacks, blocked
replies, escalations; the escalation queue, the alert and journal backlogs and what the service runs on.

**One process or several.** Each app has its own registry, so several apps in one process (tests) do not
collide; one process also reports its CPU, memory, open files and garbage collector (``process_*``,
``python_*``). With ``PROMETHEUS_MULTIPROC_DIR`` set (``xinyu serve --workers N`` sets it up), every worker
writes its counters and histograms to files there and ``/metrics`` adds up all the workers' files, whichever
worker answers the scrape.

**State at scrape time.** The escalation queue (open handoffs per level, and how long the oldest has waited), the
alert outbox, the crisis journal, whether the database takes writes and the build info are read when
``/metrics`` is scraped, from what the health loop last read from the database: the same for every worker,
so they need no gauge of their own.

**Labels start at zero.** Every label value the service can use (risk levels, emotions, moderation categories,
the engines and why they fail) has a series from the start, so that ``rate()`` sees the first blocked reply.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily, Metric
from prometheus_client.gc_collector import GCCollector
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from xinyu.levels import RiskLevel
from xinyu.llm.client import KINDS
from xinyu.safety.moderation import CATEGORIES
from xinyu.taxonomy import EMOTIONS

#: why an engine's reply was not used: the LLM client's failure kinds, an engine's own (an empty answer, a model
#: that failed or raised), a reply that broke a rule every reply keeps, a crisis protocol that raised
FALLBACK_REASONS = (
    *KINDS,
    "failed",
    "empty",
    "model_error",
    "engine_error",
    "guard:human",
    "guard:dose",
    "guard:cheer",
)
ENGINE_SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60)
REQUEST_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


def multiprocess_dir() -> str | None:
    """Where the workers' metric files are, when the service runs as several processes."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


@dataclass
class Backlog:
    """What the health loop last read: whether the database takes writes, alerts waiting in the outbox, crises
    waiting in the journal, and the open handoffs per risk level as (how many, when the oldest was created);
    ``queue`` is None until it has been read (or while the database cannot be)."""

    storage_ok: bool = True
    pending_alerts: int | None = None
    journal: int = 0
    queue: dict[str, tuple[int, float | None]] | None = None


@dataclass
class BuildInfo:
    """``xinyu_build_info``'s labels: what answers, so that a change in the figures can be put next to a change
    of version, model or engine."""

    version: str
    emotion_backend: str
    emotion_model: str
    risk_model: str
    engine: str
    database: str


@dataclass(eq=False)  # a collector is registered by identity
class _State:
    """The collector of what is read at scrape time (see the module docstring)."""

    backlog: Callable[[], Backlog] | None = None
    info: BuildInfo | None = None
    levels: tuple[str, ...] = field(default_factory=lambda: tuple(level.name for level in RiskLevel))

    def collect(self) -> Iterator[Metric]:
        if self.info is not None:
            info = InfoMetricFamily("xinyu_build", "What the service runs: version, models, engine, database")
            info.add_metric([], vars(self.info))
            yield info
        if self.backlog is None:
            return
        b = self.backlog()
        yield GaugeMetricFamily(
            "xinyu_storage_up", "1 while the database takes writes", value=1.0 if b.storage_ok else 0.0
        )
        yield GaugeMetricFamily(
            "xinyu_crisis_journal_entries", "Crises in the journal, not yet in the database", value=b.journal
        )
        if b.pending_alerts is not None:
            yield GaugeMetricFamily(
                "xinyu_alerts_pending", "Alerts in the outbox not yet delivered", value=b.pending_alerts
            )
        if b.queue is None:
            return
        size = GaugeMetricFamily(
            "xinyu_escalation_queue_open", "Open handoffs in the escalation queue", labels=["level"]
        )
        age = GaugeMetricFamily(
            "xinyu_escalation_queue_oldest_seconds",
            "How long the oldest open handoff has waited (0: none open)",
            labels=["level"],
        )
        now = time.time()
        for level in self.levels:
            count, oldest = b.queue.get(level, (0, None))
            size.add_metric([level], count)
            age.add_metric([level], max(0.0, now - oldest) if count and oldest else 0.0)
        yield size
        yield age


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.multiprocess = multiprocess_dir() is not None
        if not self.multiprocess:  # one process's own figures; across workers they would be one worker's
            ProcessCollector(registry=self.registry)
            PlatformCollector(registry=self.registry)
            GCCollector(registry=self.registry)
        r = self.registry
        self.requests = Counter("xinyu_requests", "HTTP requests", ["method", "route", "status"], registry=r)
        self.latency = Histogram(
            "xinyu_request_seconds", "HTTP request latency", ["route"], buckets=REQUEST_SECONDS, registry=r
        )
        self.emotions = Counter("xinyu_emotions", "Emotion of user messages", ["emotion"], registry=r)
        self.risk = Counter("xinyu_risk_levels", "Conversation risk level per turn", ["level"], registry=r)
        self.replies = Counter(
            "xinyu_replies", "Replies by the engine that wrote them", ["engine"], registry=r
        )
        self.fallbacks = Counter(
            "xinyu_engine_fallbacks",
            "Replies another engine wrote because this engine failed (or its reply broke a rule), by reason",
            ["engine", "reason"],
            registry=r,
        )
        self.engine_calls = Histogram(
            "xinyu_engine_call_seconds",
            "Time of a call to the configured reply engine (an LLM's round trip, retries included)",
            ["engine", "outcome"],
            buckets=ENGINE_SECONDS,
            registry=r,
        )
        self.blocked = Counter(
            "xinyu_replies_blocked", "Replies blocked by moderation", ["category"], registry=r
        )
        self.escalations = Counter("xinyu_escalations", "Escalations by level", ["level"], registry=r)
        self._state = _State()
        if not self.multiprocess:
            r.register(self._state)

    def start(self, info: BuildInfo, backlog: Callable[[], Backlog]) -> None:
        """Once the service is built: its build info, where the backlog is read, and every label value it can
        use at zero."""
        self._state.info, self._state.backlog = info, backlog
        for level in self._state.levels:
            self.risk.labels(level)
            self.escalations.labels(level)
        for emotion in EMOTIONS:
            self.emotions.labels(emotion)
        for category in CATEGORIES:
            self.blocked.labels(category)
        engines = dict.fromkeys((info.engine, "local", "safety"))
        for engine in engines:
            self.replies.labels(engine)
        for reason in FALLBACK_REASONS:
            self.fallbacks.labels(info.engine, reason)
        self.fallbacks.labels("safety", "protocol_error")
        for outcome in ("ok", "failed"):
            self.engine_calls.labels(info.engine, outcome)

    # -- the chat service's events (xinyu.respond.chat.ChatEvents) -------------------------------------------
    def on_turn(self, turn: dict) -> None:
        self.emotions.labels(turn["emotion"]["label"]).inc()
        self.risk.labels(turn["risk"]["level"]).inc()
        self.replies.labels(turn["engine"]["name"]).inc()
        if turn["risk"]["escalation"]["id"]:
            self.escalations.labels(turn["risk"]["level"]).inc()

    def on_blocked(self, categories: list[str]) -> None:
        for c in categories:
            self.blocked.labels(c).inc()

    def on_engine_call(self, engine: str, seconds: float, ok: bool) -> None:
        self.engine_calls.labels(engine, "ok" if ok else "failed").observe(seconds)

    def on_fallback(self, engine: str, reason: str) -> None:
        self.fallbacks.labels(engine, reason).inc()

    def render(self) -> bytes:
        """The exposition: this registry, or in multiprocess mode every worker's files and the scrape-time
        state."""
        if not self.multiprocess:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(self._state)
        return generate_latest(registry)


class MetricsMiddleware:
    """Pure ASGI (no per-request task overhead): counts and times every HTTP request by its route template."""

    def __init__(self, app, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def _send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            route = scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], name, str(status["code"])).inc()
            self.metrics.latency.labels(name).observe(time.perf_counter() - start)
