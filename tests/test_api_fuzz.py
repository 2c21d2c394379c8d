"""Property test over the OpenAPI schema: whatever a client sends to any endpoint, the answer is never a 5xx."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinyu.config import Settings
from xinyu.service.app import create_app

# any JSON value: wrong types, odd unicode, NUL, huge numbers, nesting
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),  # JSON has no infinity: the client could not send it
    st.text(max_size=60),
    st.sampled_from(["", " ", "\x00", "我不想活了", "笑死我了", "user-1", "up", "down", "zh-CN", "resolve"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("fuzz")))
    with TestClient(app, client=("127.0.0.1", 50000), raise_server_exceptions=False) as c:
        yield c


def _operations(client) -> list[tuple[str, str, list[str]]]:
    ops = []
    for path, item in client.app.openapi()["paths"].items():
        for method, op in item.items():
            props: list[str] = []
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref")
            if ref:
                schema = client.app.openapi()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
                props = list(schema.get("properties", {}))
            ops.append((method.upper(), path, props))
    return ops


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_5xx_for_any_request(client, data):
    method, path, props = data.draw(st.sampled_from(_operations(client)))
    url = path
    for part in [p for p in path.split("/") if p.startswith("{")]:
        segment = data.draw(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
        )
        url = url.replace(part, quote(segment, safe=""))
    keys = data.draw(st.lists(st.sampled_from(props), unique=True)) if props else []
    body = {k: data.draw(json_values) for k in keys}
    if props and data.draw(st.booleans()):  # a plausible body with the right field names and string values
        body = {k: data.draw(st.text(min_size=1, max_size=40)) for k in props}
    r = client.request(method, url, json=body if method in {"POST", "PUT", "PATCH"} else None)
    assert r.status_code < 500, (method, url, body, r.text[:300])
