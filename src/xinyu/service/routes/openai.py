"""``/v1/chat/completions`` and ``/v1/models``: the OpenAI-compatible API (:mod:`xinyu.service.openai_compat`,
docs/openai.md)."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import StreamingResponse

from xinyu.service import openai_compat
from xinyu.service.deps import Client, ServicesDep, StatusDep
from xinyu.service.guard import strict_router
from xinyu.service.openai_compat import MODEL_ID, OpenAIError
from xinyu.service.schemas import CompletionRequest
from xinyu.service.security import client_access
from xinyu.service.turns import crisis_fields, dispatch

router = strict_router()


@router.post("/v1/chat/completions")
async def completions(
    body: CompletionRequest, request: Request, svc: ServicesDep, status: StatusDep, who: Client
):
    """One turn, answered as a ``chat.completion`` (or its chunks, with ``stream``). A request refused for a
    parameter xinyu cannot serve still carries the help lines when its last user message speaks of a crisis."""
    try:
        asked = openai_compat.read_request(body, request.headers)
    except OpenAIError as exc:
        locale = body.xinyu.locale if body.xinyu else None
        exc.extra.update(crisis_fields(svc, openai_compat.last_user_text(body), locale))
        raise
    turn = await dispatch(
        request, svc, status, who, asked.user_id, asked.message, asked.session_id, asked.locale
    )
    sent = openai_compat.answer(body, turn)
    if not body.stream:
        return openai_compat.completion(body, turn, sent)
    return StreamingResponse(
        openai_compat.stream(body, turn, sent),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/v1/models", dependencies=[Depends(client_access)])
async def models(status: StatusDep) -> dict:
    """The models this service answers as: one, ``xinyu``, whatever engine writes its replies."""
    return {"object": "list", "data": [openai_compat.model_card(int(status.started))]}


@router.get("/v1/models/{model_id}", dependencies=[Depends(client_access)])
async def model(model_id: str, status: StatusDep) -> dict:
    """The model ``xinyu``; any other id is a 404 (``model_not_found``)."""
    if model_id != MODEL_ID:
        raise OpenAIError(404, f"no such model; this service has one: {MODEL_ID}", "model", "model_not_found")
    return openai_compat.model_card(int(status.started))
