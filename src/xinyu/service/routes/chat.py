"""``/v1/chat``: one turn of a conversation (:func:`xinyu.service.turns.dispatch` says where it runs)."""

from __future__ import annotations

from fastapi import Request

from xinyu.service.deps import Client, ServicesDep, StatusDep
from xinyu.service.guard import strict_router
from xinyu.service.schemas import ChatRequest, ChatResponse
from xinyu.service.turns import dispatch

router = strict_router()


@router.post("/v1/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, request: Request, svc: ServicesDep, status: StatusDep, who: Client) -> dict:
    return await dispatch(request, svc, status, who, body.user_id, body.message, body.session_id, body.locale)
