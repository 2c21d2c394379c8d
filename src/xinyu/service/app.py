"""``create_app(settings)``: the FastAPI application behind ``make serve``, wired from its parts.

- :mod:`~xinyu.service.services` builds what the service is made of (models, store, escalations, chat);
- :mod:`~xinyu.service.runtime` starts and stops it, and runs the health, alert, journal and retention loops;
- :mod:`~xinyu.service.routes` holds the routes, one module per resource, over the typed dependencies of
  :mod:`~xinyu.service.deps` and the bodies of :mod:`~xinyu.service.schemas`;
- :mod:`~xinyu.service.turns` decides where a chat turn runs and what a turn not served answers;
- :mod:`~xinyu.service.errors` turns exceptions into JSON answers by their type, never echoing input;
- :mod:`~xinyu.service.security` and :mod:`~xinyu.service.guard` say who may call and what a body may hold;
- :mod:`~xinyu.service.logs` gives every request an id and writes the logs; :mod:`~xinyu.service.metrics`
  counts for Prometheus, across the workers of ``xinyu serve --workers N``; :mod:`~xinyu.service.tracing`
  traces requests, chat turns and SQL with OpenTelemetry when ``XINYU_TRACING`` is on.

Every file of state lives under ``settings.data_dir`` (the SQLite database, its WAL, the key file, the crisis
journal), a 0700 folder. No request can hold up the others: see :func:`xinyu.service.turns.dispatch`; bodies
have a cap on their bytes, ``/v1/analyze`` and ``/v1/risk`` on their characters, every LLM call a deadline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

from xinyu import __version__
from xinyu.config import Settings, get_settings
from xinyu.service import errors
from xinyu.service.guard import BodyLimit, StrictJSONRoute
from xinyu.service.logs import RequestLog
from xinyu.service.metrics import Metrics, MetricsMiddleware
from xinyu.service.routes import ROUTERS
from xinyu.service.runtime import Status, lifespan
from xinyu.service.security import Access, shared_limits
from xinyu.service.services import Services, build_services
from xinyu.service.tracing import install as install_tracing
from xinyu.service.turns import INLINE_MAX_CHARS, ChatRefused

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter

__all__ = ["INLINE_MAX_CHARS", "ChatRefused", "Services", "Status", "build_services", "create_app"]


def create_app(settings: Settings | None = None, *, span_exporter: SpanExporter | None = None) -> FastAPI:
    """The service's app. With ``settings.tracing`` on, its spans go to ``span_exporter`` when one is given (a
    test's, or an embedding application's), else where the ``OTEL_*`` variables say."""
    settings = settings or get_settings()
    app = FastAPI(
        title="xinyu",
        version=__version__,
        lifespan=lifespan,
        description="Emotion-aware dialogue service: chat (also OpenAI-compatible), analysis, crisis risk, memory.",
        docs_url=None,  # the docs are served by routes.pages, behind a key when keys are configured
        redoc_url=None,
        openapi_url=None,
    )
    app.router.route_class = StrictJSONRoute
    app.state.settings = settings
    app.state.status = Status()
    app.state.metrics = metrics = Metrics()
    app.state.access = Access(settings.api, shared_limits(settings))
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(BodyLimit, max_bytes=settings.api.max_body_bytes)
    app.add_middleware(RequestLog, enabled=settings.access_log)  # the outermost: every answer has its id
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    app.state.tracing = install_tracing(app, settings, span_exporter)
    return app
