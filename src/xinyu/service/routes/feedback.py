"""``/v1/feedback``: a rating, a thumb or a comment on one turn."""

from __future__ import annotations

from fastapi import HTTPException

from xinyu.memory.database import StoreError
from xinyu.service.deps import Client, ServicesDep, require_visible
from xinyu.service.guard import strict_router
from xinyu.service.schemas import FeedbackRequest

router = strict_router()


@router.post("/v1/feedback")
def feedback(body: FeedbackRequest, svc: ServicesDep, who: Client) -> dict:
    require_visible(svc, svc.store.turn_user(body.turn_id), who, f"no turn {body.turn_id}")
    user_id = who.inner(body.user_id) if body.user_id is not None else None
    try:
        fid = svc.store.add_feedback(body.turn_id, user_id, body.rating, body.thumb, body.comment)
    except KeyError as exc:
        raise HTTPException(404, f"no turn {body.turn_id}") from exc
    except StoreError as exc:
        raise HTTPException(409, who.clean(str(exc))) from exc
    return {"id": fid, "turn_id": body.turn_id}
