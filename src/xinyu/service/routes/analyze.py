"""``/v1/analyze`` (emotion) and ``/v1/risk`` (crisis risk of a text or a conversation)."""

from __future__ import annotations

import logging

from fastapi import Depends, HTTPException, Request

from xinyu.config import Settings
from xinyu.emotion import EmotionBackendError, UnknownBackendError, get_analyzer
from xinyu.emotion.registry import IN_PROCESS
from xinyu.respond.chat import clean_message
from xinyu.safety import ConversationRisk
from xinyu.schema import EmotionResult
from xinyu.service.deps import Client, ServicesDep
from xinyu.service.guard import strict_router
from xinyu.service.schemas import AnalyzeBatchResponse, AnalyzeRequest, RiskRequest
from xinyu.service.security import client_access
from xinyu.service.turns import offload

log = logging.getLogger(__name__)
router = strict_router()


def check_size(texts: list[str], settings: Settings) -> None:
    """413 when a request holds more characters than ``api.max_request_chars``."""
    total = sum(len(t) for t in texts)
    limit = settings.api.max_request_chars
    if total > limit:
        raise HTTPException(
            413,
            f"the request holds {total} characters in all; the limit is {limit} (api.max_request_chars): "
            "send fewer or shorter texts per request",
        )


@router.post("/v1/analyze", response_model=EmotionResult | AnalyzeBatchResponse)
async def analyze(body: AnalyzeRequest, request: Request, svc: ServicesDep, who: Client):
    settings, analyzer = svc.settings, svc.analyzer
    backend = body.backend or analyzer.backend.name
    if backend != analyzer.backend.name and not who.admin and backend not in settings.api.client_backends:
        raise HTTPException(
            403,
            f"backend {backend} may be chosen by admin keys only; client keys may choose "
            f"{', '.join(settings.api.client_backends) or 'none'} (api.client_backends)",
        )
    texts = [body.text] if body.text is not None else list(body.texts or [])
    empty = [i for i, t in enumerate(texts) if not clean_message(t).strip()]
    if empty:
        where = "text" if body.text is not None else f"texts[{empty[0]}]"
        raise HTTPException(422, f"{where} is empty or whitespace only")
    check_size(texts, settings)

    def work():
        chosen = analyzer
        if backend != analyzer.backend.name:
            try:
                chosen = get_analyzer(backend, settings)
            except UnknownBackendError as exc:
                raise HTTPException(400, str(exc)) from exc
            except EmotionBackendError as exc:
                log.error("emotion backend %s unavailable: %s", backend, exc)
                raise HTTPException(503, f"the {backend} emotion backend is unavailable") from exc
        try:
            return chosen.analyze_batch(texts)
        except EmotionBackendError as exc:
            log.error("emotion backend %s failed: %s", backend, exc)
            raise HTTPException(503, f"the {backend} emotion backend failed") from exc

    results = await offload(request, work, sum(len(t) for t in texts), backend in IN_PROCESS)
    return results[0] if body.text is not None else AnalyzeBatchResponse(results=results)


@router.post("/v1/risk", dependencies=[Depends(client_access)])
async def risk(body: RiskRequest, request: Request, svc: ServicesDep) -> dict:
    assessor = svc.assessor
    texts = [body.text] if body.text is not None else list(body.messages or [])
    if body.text is not None and not clean_message(body.text).strip():
        raise HTTPException(422, "text is empty or whitespace only")
    check_size(texts, svc.settings)

    def work() -> dict:
        if body.text is not None:
            return assessor.assess(body.text).to_dict()
        conv = ConversationRisk(assessor)
        turns = [conv.add(m).to_dict() for m in texts]
        return {**(turns[-1] if turns else {"level": "none", "score": 0.0, "reasons": []}), "turns": turns}

    return await offload(request, work, sum(len(t) for t in texts), in_process=True)
