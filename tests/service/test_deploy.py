"""The sample monitoring in ``deploy/``: alert rules and a dashboard that name only metrics the service has."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from xinyu.config import Settings
from xinyu.service.app import create_app

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
RULES = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "xinyu-dashboard.json"
METRIC = re.compile(r"\bxinyu_[a-z_]+")


@pytest.fixture(scope="module")
def scrape(tmp_path_factory) -> str:
    """A fresh service's exposition, after one chat turn."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("deploy") / "var")
    with TestClient(create_app(settings), client=("127.0.0.1", 50000)) as c:
        c.post("/v1/chat", json={"user_id": "d1", "message": "今天有点累"})
        return c.get("/metrics").text


def _exprs() -> list[str]:
    rules = [r["expr"] for g in yaml.safe_load(RULES.read_text())["groups"] for r in g["rules"]]
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return rules + [t["expr"] for p in panels for t in p.get("targets", [])]


def test_every_metric_named_in_deploy_is_in_a_scrape(scrape):
    samples = {s.name for f in text_string_to_metric_families(scrape) for s in f.samples}
    named = {m for expr in _exprs() for m in METRIC.findall(expr)}
    assert {"xinyu_escalation_queue_oldest_seconds", "xinyu_engine_fallbacks_total"} <= named
    assert sorted(named - samples) == []


def test_the_rules_are_complete_and_balanced():
    groups = yaml.safe_load(RULES.read_text())["groups"]
    rules = [r for g in groups for r in g["rules"]]
    assert {"XinyuCrisisWaiting", "XinyuEngineFallbackRate"} <= {r["alert"] for r in rules}
    for r in rules:
        assert r["labels"]["severity"] in {"critical", "warning"} and r["annotations"]["summary"], r["alert"]
        assert re.fullmatch(r"\d+[smh]", r["for"]), r["alert"]
    for expr in _exprs():
        assert expr.count("(") == expr.count(")") and expr.count("{") == expr.count("}"), expr


def test_the_dashboard_panels_have_unique_ids_and_sources():
    dash = json.loads(DASHBOARD.read_text())
    ids = [p["id"] for p in dash["panels"]]
    assert len(ids) == len(set(ids)) and dash["uid"]
    for p in dash["panels"]:
        if p["type"] != "row":
            assert p["targets"] and p["datasource"]["uid"] == "${datasource}", p["title"]


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_promtool_accepts_the_rules_and_a_scrape(scrape):
    subprocess.run(["promtool", "check", "rules", str(RULES)], check=True, capture_output=True)
    out = subprocess.run(
        ["promtool", "check", "metrics"], input=scrape.encode(), capture_output=True, check=False
    )
    assert out.returncode == 0, out.stdout.decode() + out.stderr.decode()
