"""Prometheus metrics: requests, latency, emotions, risk levels, engine fallbacks, blocked replies, escalations.

Each app has its own registry, so several apps in one process (tests) do not collide.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "xinyu_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "xinyu_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.emotions = Counter(
            "xinyu_emotions", "Emotion of user messages", ["emotion"], registry=self.registry
        )
        self.risk = Counter(
            "xinyu_risk_levels", "Conversation risk level per turn", ["level"], registry=self.registry
        )
        self.fallbacks = Counter(
            "xinyu_engine_fallbacks",
            "Replies that fell back to the local engine",
            ["engine"],
            registry=self.registry,
        )
        self.replies = Counter("xinyu_replies", "Replies by engine", ["engine"], registry=self.registry)
        self.blocked = Counter(
            "xinyu_replies_blocked", "Replies blocked by moderation", ["category"], registry=self.registry
        )
        self.escalations = Counter(
            "xinyu_escalations", "Escalations by level", ["level"], registry=self.registry
        )

    def on_turn(self, turn: dict) -> None:
        self.emotions.labels(turn["emotion"]["label"]).inc()
        self.risk.labels(turn["risk"]["level"]).inc()
        engine = turn["engine"]
        self.replies.labels(engine["name"]).inc()
        if engine["fallback"]:
            self.fallbacks.labels(engine["name"]).inc()
        if turn["risk"]["escalation"]["id"]:
            self.escalations.labels(turn["risk"]["level"]).inc()

    def on_blocked(self, categories: list[str]) -> None:
        for c in categories:
            self.blocked.labels(c).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


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
