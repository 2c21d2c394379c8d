"""The routes' dependencies, typed and overridable (``app.dependency_overrides[get_services] = ...`` in a test).
They are ``async``, though none of them waits: FastAPI runs a plain function dependency in a worker thread, a
hand-off that costs more than what the function does.

A route names what it needs as a parameter annotated with one of the aliases below::

    @router.get("/v1/things")
    def things(svc: ServicesDep, who: Client) -> dict: ...
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request

from xinyu.config import Settings
from xinyu.data.review import ReviewQueue
from xinyu.memory.database import NotOwner
from xinyu.service.metrics import Metrics
from xinyu.service.runtime import Status
from xinyu.service.security import ID_CHARS, STORED_ID_LENGTH, Principal, admin_access, client_access
from xinyu.service.services import Services


async def get_services(request: Request) -> Services:
    return request.app.state.services


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_status(request: Request) -> Status:
    return request.app.state.status


async def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


async def get_review_queue(request: Request) -> ReviewQueue:
    """The label review queue (``XINYU_REVIEW_QUEUE``); 404 when the service runs without one."""
    queue = request.app.state.review
    if queue is None:
        raise HTTPException(
            404, "no review queue: start the service with XINYU_REVIEW_QUEUE=path/to/review.jsonl"
        )
    return queue


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StatusDep = Annotated[Status, Depends(get_status)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
ReviewQueueDep = Annotated[ReviewQueue, Depends(get_review_queue)]
Client = Annotated[Principal, Depends(client_access)]
Admin = Annotated[Principal, Depends(admin_access)]


def stored_id():
    """A path id: as a client sends it (128 characters), or as stored, namespace and all (what admins see and
    send)."""
    return Path(min_length=1, max_length=STORED_ID_LENGTH, pattern=f"^[{ID_CHARS}]+$")


def inner_id(who: Principal, external: str, what: str) -> str:
    """``external`` as stored; an id longer than a client may send is, to a client, one that does not exist."""
    if not who.admin and len(external) > 128:
        raise HTTPException(404, f"no {what} {external[:128]}")
    return who.inner(external)


def require_visible(svc: Services, user_id: str | None, who: Principal, what: str) -> None:
    """404 unless the user exists and ``who`` may see it (a user of another key is as absent as none)."""
    try:
        if user_id is None or not svc.store.check_user(user_id, who.owner, who.admin):
            raise HTTPException(404, what)
    except NotOwner as exc:
        raise HTTPException(404, what) from exc
