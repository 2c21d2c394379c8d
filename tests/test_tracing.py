"""``xinyu.tracing``: one shared no-op while tracing is off; with a tracer, spans that say only what ATTRIBUTES
names and an exception's type, never its message."""

from __future__ import annotations

import pytest

from xinyu import tracing


@pytest.fixture
def spans():
    """A tracer handed to xinyu.tracing, and the spans it finished (taken back afterwards)."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracing.use(provider.get_tracer("test"))
    try:
        yield memory
    finally:
        tracing.use(None)
        provider.shutdown()


def test_off_every_span_is_the_same_no_op():
    assert not tracing.enabled()
    first, second = tracing.span("a", turn_id="t"), tracing.span("b", not_an_attribute=1)
    assert first is second
    with first as handle:
        handle.set(anything="goes nowhere")
    assert tracing.ids() is None


def test_on_spans_nest_and_carry_their_attributes_by_their_otel_names(spans):
    with tracing.span("outer", turn_id="t1") as outer:
        outer.set(risk_level="high", escalation_actions=("alert", "handoff"), fallback=None)
        trace_id, span_id = tracing.ids()
        with tracing.span("call", client=True, model="m", attempt=2):
            pass
    inner, top = spans.get_finished_spans()
    assert inner.parent.span_id == top.context.span_id
    assert format(top.context.trace_id, "032x") == trace_id and format(top.context.span_id, "016x") == span_id
    assert dict(top.attributes) == {
        "xinyu.turn.id": "t1",
        "xinyu.risk.level": "high",
        "xinyu.escalation.actions": ("alert", "handoff"),
    }
    assert inner.kind.name == "CLIENT" and dict(inner.attributes) == {
        "gen_ai.request.model": "m",
        "xinyu.llm.attempt": 2,
    }


def test_an_exception_is_recorded_by_its_type_alone(spans):
    with pytest.raises(ValueError), tracing.span("work"):
        raise ValueError("I can't go on, the text a person wrote")
    (done,) = spans.get_finished_spans()
    assert done.status.status_code.name == "ERROR" and not done.status.description
    assert dict(done.attributes) == {"error.type": "ValueError"}
    assert done.events == ()  # no exception event: its message would quote the input


def test_a_failure_code_set_on_the_span_wins_over_the_exception_type(spans):
    with pytest.raises(RuntimeError), tracing.span("call") as traced:
        traced.set(error="timeout")
        raise RuntimeError("timed out")
    (done,) = spans.get_finished_spans()
    assert done.attributes["error.type"] == "timeout" and done.status.status_code.name == "ERROR"


def test_an_attribute_not_in_the_table_is_refused(spans):
    with pytest.raises(KeyError), tracing.span("work", message="the person's words"):
        pass
