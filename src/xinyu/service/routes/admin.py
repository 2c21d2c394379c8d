"""Admin keys only: the escalation (handoff) queue, the dashboard's data, the turn export and the audit log."""

from __future__ import annotations

import json
from typing import Literal

from fastapi import Depends, HTTPException, Query
from fastapi.responses import StreamingResponse

from xinyu.safety.escalation import PolicyError
from xinyu.service.deps import ServicesDep
from xinyu.service.guard import strict_router
from xinyu.service.schemas import GroupTransitionRequest, TransitionRequest
from xinyu.service.security import admin_access

router = strict_router(dependencies=[Depends(admin_access)])
TRANSITIONS = {"acknowledge": "acknowledged", "resolve": "resolved"}


@router.get("/v1/admin/escalations")
def escalation_queue(
    svc: ServicesDep, status: Literal["open", "acknowledged", "resolved", "all"] = "open"
) -> dict:
    return {"items": svc.escalations.queue(None if status == "all" else status)}


@router.post("/v1/admin/escalations/{escalation_id}/{action}")
def escalation_transition(
    escalation_id: str, action: Literal["acknowledge", "resolve"], body: TransitionRequest, svc: ServicesDep
) -> dict:
    try:
        return svc.escalations.transition(escalation_id, TRANSITIONS[action], body.who, body.note)
    except KeyError as exc:
        raise HTTPException(404, f"no escalation {escalation_id}") from exc
    except PolicyError as exc:
        raise HTTPException(409, str(exc)) from exc


@router.get("/v1/admin/escalations/sessions")
def escalation_sessions(svc: ServicesDep) -> dict:
    """The open and acknowledged escalations, one entry per session with the turns that escalated in it."""
    return {"items": svc.escalations.by_session()}


@router.post("/v1/admin/escalations/{action}")
def escalations_transition(
    action: Literal["acknowledge", "resolve"], body: GroupTransitionRequest, svc: ServicesDep
) -> dict:
    """Acknowledge or resolve a session's escalations at once: those in ``ids`` that may move, in one
    transaction; one that came in since staff looked is not in ``ids`` and stays open."""
    try:
        return svc.escalations.transition_many(body.ids, TRANSITIONS[action], body.who, body.note)
    except KeyError as exc:
        raise HTTPException(404, f"no escalation {exc.args[0]}") from exc


@router.get("/v1/admin/dashboard")
def dashboard(svc: ServicesDep, days: int = Query(30, ge=1, le=3650)) -> dict:
    out = svc.store.dashboard(days)
    out["escalation_queue"] = svc.escalations.queue("open") + svc.escalations.queue("acknowledged")
    out["escalation_sessions"] = svc.escalations.by_session()
    out["pending_alerts"] = svc.escalations.pending_alerts()
    return out


@router.get("/v1/admin/export")
def export(svc: ServicesDep, since: float = Query(0.0, ge=0), limit: int = Query(10_000, ge=1, le=100_000)):
    rows = svc.store.export_turns(since, limit)

    def lines():
        for r in rows:
            yield json.dumps(r, ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")


@router.get("/v1/admin/audit")
def audit(svc: ServicesDep, limit: int = Query(100, ge=1, le=1000)) -> dict:
    return {"items": svc.escalations.audit_log(limit)}
