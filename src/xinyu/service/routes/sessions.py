"""A client's sessions and users: a session's turns, a user's emotional trajectory, and delete-my-data."""

from __future__ import annotations

from fastapi import HTTPException, Query

from xinyu.memory.database import NotOwner
from xinyu.safety import pii_key
from xinyu.service.deps import Client, ServicesDep, inner_id, require_visible, stored_id
from xinyu.service.guard import strict_router

router = strict_router()


@router.get("/v1/sessions/{session_id}")
def get_session(svc: ServicesDep, who: Client, session_id: str = stored_id()) -> dict:
    sid = inner_id(who, session_id, "session")
    require_visible(svc, svc.store.session_user(sid), who, f"no session {session_id}")
    view = svc.store.session_view(sid)
    if view is None:
        raise HTTPException(404, f"no session {session_id}")
    view["id"], view["user_id"] = who.outer(view["id"]), who.outer(view["user_id"])
    return view


@router.get("/v1/users/{user_id}/trajectory")
def trajectory(
    svc: ServicesDep, who: Client, user_id: str = stored_id(), limit: int = Query(500, ge=1, le=5000)
) -> dict:
    uid = inner_id(who, user_id, "user")
    require_visible(svc, uid, who, f"no user {user_id}")
    out = svc.store.trajectory(uid, limit)
    if out is None:
        raise HTTPException(404, f"no user {user_id}")
    out["user_id"] = user_id
    for item in out["points"] + out["sessions"]:
        item["session_id"] = who.outer(item["session_id"])
    return out


@router.delete("/v1/users/{user_id}")
def delete_user(svc: ServicesDep, who: Client, user_id: str = stored_id()) -> dict:
    uid = inner_id(who, user_id, "user")
    try:
        # a user with no turns but escalations (its first turn failed to store) is still deletable by admins
        exists = svc.store.check_user(uid, who.owner, who.admin)
    except NotOwner as exc:
        raise HTTPException(404, f"no user {user_id}") from exc
    if not exists and not who.admin:
        raise HTTPException(404, f"no user {user_id}")
    counts = svc.store.delete_user(uid, pii_key(svc.settings))
    if counts is None:
        raise HTTPException(404, f"no user {user_id}")
    return {"deleted": True, "rows": counts}
