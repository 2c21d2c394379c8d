"""``/v1/chat/completions``: the OpenAI-compatible chat (:mod:`xinyu.service.openai_compat`)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import StreamingResponse

from xinyu.service import openai_compat
from xinyu.service.deps import Client, ServicesDep, StatusDep
from xinyu.service.guard import strict_router
from xinyu.service.schemas import CompletionRequest
from xinyu.service.turns import dispatch

router = strict_router()


@router.post("/v1/chat/completions")
async def completions(
    body: CompletionRequest, request: Request, svc: ServicesDep, status: StatusDep, who: Client
):
    asked = openai_compat.read_request(body, request.headers)
    turn = await dispatch(
        request, svc, status, who, asked.user_id, asked.message, asked.session_id, asked.locale
    )
    if not body.stream:
        return openai_compat.completion(body, turn)
    return StreamingResponse(
        openai_compat.stream(body, turn),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache"},
    )
