"""The label review queue behind the ``/review`` page (admin keys)."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, HTTPException, Query

from xinyu.service.deps import Admin, ReviewQueueDep
from xinyu.service.guard import strict_router
from xinyu.service.schemas import ReviewDecision
from xinyu.service.security import admin_access

router = strict_router()


@router.get("/v1/admin/review", dependencies=[Depends(admin_access)])
def review_items(
    queue: ReviewQueueDep,
    status: Literal["pending", "done", "all"] = "pending",
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> dict:
    return queue.items(status, offset, limit)


@router.post("/v1/admin/review/{uid:path}")
def review_decide(uid: str, body: ReviewDecision, who: Admin, queue: ReviewQueueDep) -> dict:
    try:
        return queue.submit(uid, body.emotion, body.action, body.reviewer, via=f"web ({who.identity})")
    except KeyError as exc:
        raise HTTPException(404, f"no row {uid!r} in the review queue") from exc
