"""``/healthz``, ``/readyz`` and ``/metrics``: async, and none touches the database (the health loop does)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from xinyu import __version__
from xinyu.service.deps import MetricsDep, ServicesDep, StatusDep
from xinyu.service.guard import strict_router
from xinyu.service.security import metrics_access

router = strict_router()
PUBLIC_STORAGE = ("ok", "reason", "since")


@router.get("/healthz")
async def healthz(request: Request, svc: ServicesDep, status: StatusDep) -> JSONResponse:
    """Liveness, and whether the database takes writes (``storage.ok``); what the service runs on, the alert and
    journal backlogs and the storage error for admins (and loopback without keys) only."""
    storage = status.storage(svc)
    body: dict[str, Any] = {
        "status": "ok" if storage["ok"] else "degraded",
        "version": __version__,
        "storage": {k: storage[k] for k in PUBLIC_STORAGE},
    }
    try:
        request.app.state.access.principal(request, admin=True)
    except HTTPException:
        return JSONResponse(body)
    body.update(
        {
            "backend": svc.analyzer.backend.name,
            "model": svc.analyzer.backend.model_id,
            "reply_engine": svc.chat.engine.name,
            "reply_circuit": _circuit(svc.chat.engine),
            "risk_model": "loaded" if svc.assessor.model is not None else (svc.assessor.model_error or "off"),
            "database": storage["database"],
            "storage": storage,
            "pending_alerts": status.pending_alerts,
            "crisis_journal": status.journal,
        }
    )
    return JSONResponse(body)


def _circuit(engine) -> dict | None:
    """The reply engine's circuit breaker (closed, open, half_open), for an engine that has one."""
    breaker = getattr(getattr(engine, "engine", engine), "breaker", None)
    return breaker.to_dict() if breaker is not None else None


@router.get("/readyz")
async def readyz(svc: ServicesDep, status: StatusDep) -> JSONResponse:
    """200 while the service can store turns and runs the models it was configured with; 503 while it cannot,
    with the reasons (``storage``: the database's reason; ``risk_model``: the crisis model failed to load and
    only the cue layer assesses risk). ``/healthz`` stays 200 meanwhile: the process is alive."""
    storage = status.storage(svc)
    reasons = [] if storage["ok"] else [f"storage: {storage['reason']}"]
    if svc.assessor.model_error:
        reasons.append("risk_model: not loaded")
    public = {k: storage[k] for k in PUBLIC_STORAGE}
    return JSONResponse(
        {"ready": not reasons, "reasons": reasons, "storage": public}, status_code=503 if reasons else 200
    )


@router.get("/metrics", include_in_schema=False, dependencies=[Depends(metrics_access)])
async def prometheus(metrics: MetricsDep) -> Response:
    return Response(metrics.render(), media_type="text/plain; version=0.0.4")
