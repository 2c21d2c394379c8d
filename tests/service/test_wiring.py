"""The service's house: routes over typed dependencies a test can replace, errors chosen by exception type, one
router per resource mounted by ``create_app``."""

from __future__ import annotations

import inspect

from fastapi.testclient import TestClient

from xinyu.config import Settings
from xinyu.memory.database import StoreUnavailable
from xinyu.safety import RiskAssessor
from xinyu.service import app as app_module
from xinyu.service import deps
from xinyu.service.app import create_app
from xinyu.service.routes import ROUTERS
from xinyu.service.services import Services

LOOPBACK = ("127.0.0.1", 50000)


class _Assessor:
    """Stands in for the risk assessor: says what it was given."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.real = RiskAssessor()

    def assess(self, text: str):
        self.seen.append(text)
        return self.real.assess(text)


def _fake_services(settings: Settings, **parts) -> Services:
    fields = dict.fromkeys(("analyzer", "assessor", "store", "escalations", "dispatcher", "chat"))
    fields.update(parts)
    return Services(settings=settings, **fields)


def test_a_test_can_replace_the_services_without_starting_them(tmp_path):
    settings = Settings(data_dir=tmp_path)
    app = create_app(settings)
    assessor = _Assessor()
    app.dependency_overrides[deps.get_services] = lambda: _fake_services(settings, assessor=assessor)
    client = TestClient(app, client=LOOPBACK)  # no lifespan: nothing real is built
    r = client.post("/v1/risk", json={"text": "我已经写好遗书了，今晚就从楼顶跳下去"})
    assert r.status_code == 200 and r.json()["level"] in {"high", "imminent"}
    assert assessor.seen == ["我已经写好遗书了，今晚就从楼顶跳下去"]


class _BrokenStore:
    """A store whose database is down: every read raises what ``Database.reading`` raises."""

    def session_user(self, _sid: str):
        raise StoreUnavailable("unavailable", "the database is not answering")


def test_errors_are_chosen_by_the_exceptions_type(tmp_path):
    settings = Settings(data_dir=tmp_path)
    app = create_app(settings)
    app.dependency_overrides[deps.get_services] = lambda: _fake_services(settings, store=_BrokenStore())
    r = TestClient(app, client=LOOPBACK).get("/v1/sessions/s1")
    assert r.status_code == 503
    assert r.json() == {"detail": "the database is not answering", "reason": "storage_unavailable"}
    assert r.headers["retry-after"] == "5"


def test_the_review_queue_is_a_dependency_that_says_how_to_get_one(tmp_path):
    client = TestClient(create_app(Settings(data_dir=tmp_path)), client=LOOPBACK)
    with client:
        r = client.get("/v1/admin/review")
    assert r.status_code == 404 and "XINYU_REVIEW_QUEUE" in r.json()["detail"]


def test_every_api_route_belongs_to_one_resource_router():
    paths = [(route.path, tuple(sorted(route.methods))) for router in ROUTERS for route in router.routes]
    assert len(paths) == len(set(paths)), "a route is defined twice"
    owners = {r.path.split("/")[2] for router in ROUTERS for r in router.routes if r.path.startswith("/v1/")}
    assert owners == {"analyze", "risk", "chat", "models", "sessions", "users", "feedback", "admin"}


def test_create_app_is_wiring_only():
    source = inspect.getsource(app_module.create_app)
    assert "@app." not in source and "def " not in source.split("\n", 1)[1], "routes belong in service/routes"
    assert len(source.splitlines()) <= 30
