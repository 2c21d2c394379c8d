"""The service's tracing as it runs, over the ``otel`` extra: imported by :func:`xinyu.service.tracing.install`
only when tracing is on (see there for the switch and the ``OTEL_*`` variables).

- :class:`Tracing` builds the provider, instruments the app (a server span per request, continuing the caller's
  ``traceparent``) and, once the store is open, its SQLAlchemy engine and the library's spans
  (:mod:`xinyu.tracing`);
- :class:`Private` stands in front of every exporter: what leaves the process holds no text a person wrote.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from fastapi import FastAPI
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import Event, ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.trace import SpanKind, Status
from sqlalchemy import Engine

from xinyu import __version__, tracing
from xinyu.service.logs import PROBES

#: attributes of a server span that say who the person is rather than what the service did
PERSONAL = frozenset(
    {
        "client.address",
        "client.port",
        "net.peer.ip",
        "net.peer.port",
        "network.peer.address",
        "network.peer.port",
        "http.client_ip",
        "http.user_agent",
        "user_agent.original",
    }
)


def exporters(names: Sequence[str]) -> list[SpanExporter]:
    """The exporters ``OTEL_TRACES_EXPORTER`` names (``otlp``, ``console``); OTLP's endpoint, headers, timeout and
    compression come from its ``OTEL_EXPORTER_OTLP_*`` variables."""
    return [OTLPSpanExporter() if name == "otlp" else ConsoleSpanExporter() for name in names]


class Tracing:
    """The service's tracing while it runs: :meth:`build` with the app, :meth:`start` once the store is open,
    :meth:`stop` on the way out."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self._sql: SQLAlchemyInstrumentor | None = None

    @classmethod
    def build(cls, app: FastAPI, to: Sequence[SpanExporter]) -> Tracing:
        """A provider sending to ``to`` and ``app``'s requests traced with it."""
        provider = _provider(to)
        FastAPIInstrumentor.instrument_app(
            app,
            tracer_provider=provider,
            excluded_urls=",".join(f"{probe}$" for probe in sorted(PROBES)),  # searched for in the whole URL
            exclude_spans=["receive", "send"],  # not a span for each ASGI message
            http_capture_headers_server_request=[],  # whatever OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_* say
            http_capture_headers_server_response=[],
        )
        return cls(provider)

    def start(self, engine: Engine) -> None:
        """Spans from the library (:func:`xinyu.tracing.span`) and from ``engine``'s SQL statements."""
        tracing.use(self.provider.get_tracer("xinyu", __version__))
        sql = (
            SQLAlchemyInstrumentor()
        )  # one per process: a second app in the same process leaves it to the first
        if not sql.is_instrumented_by_opentelemetry:
            sql.instrument(engine=engine, tracer_provider=self.provider)
            self._sql = sql

    def stop(self) -> None:
        """No more spans; the ones waiting are sent (within the exporter's timeout)."""
        tracing.use(None)
        if self._sql is not None:
            self._sql.uninstrument()
            self._sql = None
        self.provider.shutdown()

    @contextmanager
    def untraced(self) -> Iterator[None]:
        """Tasks started inside (they copy this context) make no spans: the loops beside the API."""
        with suppress_instrumentation():
            yield


def _provider(to: Sequence[SpanExporter]) -> TracerProvider:
    """A provider (its sampler from OTEL_TRACES_SAMPLER; its resource from OTEL_SERVICE_NAME and
    OTEL_RESOURCE_ATTRIBUTES, named ``xinyu`` at xinyu's version where they do not say) that sends each span,
    made private, to each exporter in batches (OTEL_BSP_*)."""
    resource = Resource.create()
    own: dict[str, str] = {}
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        own[SERVICE_NAME] = "xinyu"
    if SERVICE_VERSION not in resource.attributes:
        own[SERVICE_VERSION] = __version__
    provider = TracerProvider(resource=resource.merge(Resource(own)))
    for exporter in to:
        provider.add_span_processor(Private(BatchSpanProcessor(exporter)))
    return provider


class Private(SpanProcessor):
    """A span processor in front of another: each span passes on as :func:`private` makes it."""

    def __init__(self, inner: SpanProcessor) -> None:
        self._inner = inner

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        self._inner.on_start(span, parent_context=parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        self._inner.on_end(private(span))

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self._inner.force_flush(timeout_millis)


def private(span: ReadableSpan) -> ReadableSpan:
    """``span`` as it may leave the process: without what an exception said (the message and stack of an
    ``exception`` event, a status's description: they may quote the input; the type stays) and, for a server
    span, without the client's address and user agent. The span itself when it has none of these."""
    server = span.kind is SpanKind.SERVER
    attributes = dict(span.attributes or {})
    personal = server and not PERSONAL.isdisjoint(attributes)
    told = span.status.description is not None or any(e.name == "exception" for e in span.events)
    if not (personal or told):
        return span
    events = [
        Event(e.name, {k: v for k, v in (e.attributes or {}).items() if k == "exception.type"}, e.timestamp)
        if e.name == "exception"
        else e
        for e in span.events
    ]
    return ReadableSpan(
        name=span.name,
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes={k: v for k, v in attributes.items() if not (server and k in PERSONAL)},
        events=events,
        links=span.links,
        kind=span.kind,
        status=Status(span.status.status_code),
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )
