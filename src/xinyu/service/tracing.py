"""OpenTelemetry tracing for the service: off unless ``XINYU_TRACING`` is on (``tracing = true`` in xinyu.toml),
and then only with the ``otel`` extra installed (``pip install 'xinyu[otel]'``).

Where spans go follows OpenTelemetry's own variables, read by its SDK: ``OTEL_TRACES_EXPORTER`` (``otlp``, the
default; ``console``; ``none``), ``OTEL_EXPORTER_OTLP_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``
(default ``http://localhost:4318``; OTLP over HTTP, protobuf), ``OTEL_EXPORTER_OTLP_HEADERS``,
``OTEL_SERVICE_NAME`` (default ``xinyu``), ``OTEL_RESOURCE_ATTRIBUTES``, ``OTEL_TRACES_SAMPLER`` and
``OTEL_BSP_*``; ``OTEL_SDK_DISABLED=true`` turns tracing off whatever ``XINYU_TRACING`` says.

When on: a server span per request (a caller's ``traceparent`` continued; the probes ``/healthz``, ``/readyz``
and ``/metrics`` not traced), a span per SQL statement of the store, and the library's spans inside a chat turn
(:mod:`xinyu.tracing`). The loops beside the API (heartbeats, alerts, the journal, retention) are not traced: a
root trace every two seconds would bury the rest. Telemetry never stops the service: tracing asked for without
the extra, or with variables it cannot follow, is an error in the log (and in ``xinyu doctor``), and the service
runs untraced.

What leaves the process holds no text a person wrote: xinyu's own attributes are ids and labels, and every span
passes :class:`xinyu.service.otel.Private` on its way out, which drops what an exception said (its type stays)
and, from server spans, the client's address and user agent. No request or response header is recorded.

This module imports no opentelemetry: :mod:`xinyu.service.otel`, which does, is imported only when tracing runs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.util import find_spec
from typing import TYPE_CHECKING

from xinyu.config import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI
    from opentelemetry.sdk.trace.export import SpanExporter

    from xinyu.service.otel import Tracing

log = logging.getLogger(__name__)
HINT = "pip install 'xinyu[otel]'"
#: what the otel extra brings, by the module each package is imported as
MODULES = (
    "opentelemetry.sdk",
    "opentelemetry.exporter.otlp.proto.http",
    "opentelemetry.instrumentation.fastapi",
    "opentelemetry.instrumentation.sqlalchemy",
)
EXPORTERS = ("otlp", "console", "none")
DEFAULT_ENDPOINT = "http://localhost:4318"


class TracingError(ValueError):
    """Tracing was asked for in a way xinyu cannot follow (an exporter or OTLP protocol it does not ship)."""


@dataclass(frozen=True)
class Plan:
    """Where spans go, as the ``OTEL_*`` variables say: read without importing opentelemetry."""

    exporters: tuple[str, ...]
    endpoint: str | None  # the OTLP traces URL, when ``otlp`` is one of the exporters
    service_name: str

    def describe(self) -> str:
        """One line for ``xinyu doctor`` and the start-up log."""
        where = []
        for name in self.exporters:
            if name == "otlp":
                where.append(f"OTLP/HTTP to {self.endpoint}")
            elif name == "console":
                where.append("the console (stdout)")
        sent = " and ".join(where) or "nowhere (OTEL_TRACES_EXPORTER=none)"
        return f"spans to {sent} as service {self.service_name}"


def disabled(environ: Mapping[str, str] = os.environ) -> bool:
    """OpenTelemetry's own off switch, ``OTEL_SDK_DISABLED=true``."""
    return environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true"


def plan(environ: Mapping[str, str] = os.environ) -> Plan:
    """Where spans would go; :class:`TracingError` for an exporter or protocol xinyu does not ship."""
    names = tuple(
        n.strip().lower() for n in environ.get("OTEL_TRACES_EXPORTER", "otlp").split(",") if n.strip()
    )
    unknown = [n for n in names if n not in EXPORTERS]
    if unknown:
        raise TracingError(
            f"OTEL_TRACES_EXPORTER={','.join(unknown)} is not one xinyu ships: use {', '.join(EXPORTERS)}"
        )
    for var in ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"):
        protocol = environ.get(var, "").strip()
        if protocol and protocol != "http/protobuf":
            raise TracingError(
                f"{var}={protocol}: xinyu sends OTLP over HTTP only (http/protobuf, port 4318)"
            )
    endpoint = None
    if "otlp" in names:
        endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or (
            (environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or DEFAULT_ENDPOINT).removesuffix("/") + "/v1/traces"
        )
    return Plan(names if "none" not in names else (), endpoint, _service_name(environ))


def _service_name(environ: Mapping[str, str]) -> str:
    """OTEL_SERVICE_NAME, else ``service.name`` in OTEL_RESOURCE_ATTRIBUTES, else ``xinyu``."""
    if environ.get("OTEL_SERVICE_NAME"):
        return environ["OTEL_SERVICE_NAME"]
    for pair in environ.get("OTEL_RESOURCE_ATTRIBUTES", "").split(","):
        key, _, value = pair.partition("=")
        if key.strip() == "service.name" and value.strip():
            return value.strip()
    return "xinyu"


def missing() -> list[str]:
    """The modules of the otel extra that cannot be imported."""
    out = []
    for name in MODULES:
        try:
            found = find_spec(name) is not None
        except ImportError:  # a parent package is missing (or cannot be imported)
            found = False
        if not found:
            out.append(name)
    return out


def report(settings: Settings, environ: Mapping[str, str] = os.environ) -> dict:
    """Whether tracing is on and where it sends spans, for ``xinyu doctor``: ``on``, ``ready`` (off counts as
    ready: nothing is missing), ``endpoint`` and a ``detail`` line."""
    off = {"on": False, "ready": True, "endpoint": None}
    if not settings.tracing:
        return {**off, "detail": f"off (XINYU_TRACING=1 switches it on; it needs {HINT})"}
    if disabled(environ):
        return {**off, "detail": "off: OTEL_SDK_DISABLED=true"}
    try:
        where = plan(environ)
    except TracingError as exc:
        return {"on": True, "ready": False, "endpoint": None, "detail": str(exc)}
    gone = missing()
    if gone:
        detail = f"asked for, but the otel extra is missing ({', '.join(gone)}): {HINT}"
        return {"on": True, "ready": False, "endpoint": where.endpoint, "detail": detail}
    return {"on": True, "ready": True, "endpoint": where.endpoint, "detail": "on: " + where.describe()}


def install(app: FastAPI, settings: Settings, exporter: SpanExporter | None = None) -> Tracing | None:
    """Trace ``app`` when ``settings.tracing`` is on: its requests from now, the rest once :meth:`Tracing.start`
    is called. Spans go to ``exporter`` when one is given, else where the ``OTEL_*`` variables say. None when
    tracing is off or cannot run (said in the log): the service then runs untraced."""
    if not settings.tracing:
        return None
    if disabled():
        log.info("tracing is off: OTEL_SDK_DISABLED=true")
        return None
    gone = missing()
    if gone:
        log.error(
            "tracing is on but the otel extra is missing (%s): %s; serving untraced", ", ".join(gone), HINT
        )
        return None
    try:
        where = plan()
    except TracingError as exc:
        log.error("tracing is on but cannot run: %s; serving untraced", exc)
        return None
    from xinyu.service import otel

    on = otel.Tracing.build(app, [exporter] if exporter is not None else otel.exporters(where.exporters))
    log.info("tracing: %s", "spans to the exporter given" if exporter is not None else where.describe())
    return on
