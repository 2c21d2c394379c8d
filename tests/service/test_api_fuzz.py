"""Property test over the OpenAPI schema: whatever a client sends to any endpoint, the answer is never a 5xx.

The bodies hold what real clients send by mistake too: lone UTF-16 surrogates (a browser that cut an emoji in
half), NaN and infinite numbers (Python's ``json`` writes them), control characters."""

from __future__ import annotations

import json
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
    st.floats(),  # NaN and infinities too: not JSON, but json.dumps writes them and clients send them
    st.text(max_size=60),
    st.text(st.characters(codec=None, categories=["Cs", "Cc", "Lo", "So"]), max_size=8),  # lone surrogates
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
    content = None
    if method in {"POST", "PUT", "PATCH"}:
        # ensure_ascii writes a lone surrogate as \udXXX, as a browser's JSON.stringify does
        content = json.dumps(body, allow_nan=True).encode()
    r = client.request(method, url, content=content, headers={"content-type": "application/json"})
    assert r.status_code < 500, (method, url, body, r.text[:300])
