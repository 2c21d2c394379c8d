"""``create_app(settings)``: the FastAPI application behind ``make serve``.

Models load once, in the lifespan; every file of state lives under ``settings.data_dir`` (the SQLite database,
its WAL, the key file). Two background loops run beside the API: the alert outbox (webhook deliveries with
backoff) and, when ``storage.retention_days`` is set, the retention job.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool

from xinyu import __version__
from xinyu.config import Settings, get_settings
from xinyu.emotion import EmotionBackendError, UnknownBackendError, get_analyzer
from xinyu.schema import EmotionResult
from xinyu.service.metrics import Metrics, MetricsMiddleware
from xinyu.service.security import Access, admin_access, client_access

log = logging.getLogger(__name__)
MAX_BATCH = 256


class AnalyzeRequest(BaseModel):
    """One ``text`` or a list of ``texts`` (at most 256); ``backend`` overrides the configured one."""

    text: str | None = None
    texts: list[str] | None = Field(default=None, max_length=MAX_BATCH)
    backend: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> AnalyzeRequest:
        if (self.text is None) == (self.texts is None):
            raise ValueError("send exactly one of 'text' or 'texts'")
        return self


class AnalyzeBatchResponse(BaseModel):
    results: list[EmotionResult]


class ChatRequest(BaseModel):
    user_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@-]+$")
    session_id: str | None = Field(default=None, min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@-]+$")
    message: str = Field(min_length=1)
    locale: str | None = Field(default=None, max_length=16)


class ChatResponse(BaseModel):
    session_id: str
    turn_id: str
    reply: str
    emotion: EmotionResult
    risk: dict[str, Any]
    strategy: dict[str, Any]
    memory: dict[str, Any]
    engine: dict[str, Any]
    moderation: dict[str, Any]
    latency_ms: float


class RiskRequest(BaseModel):
    """One ``text``, or ``messages`` (a conversation's user turns, oldest first) assessed turn by turn."""

    text: str | None = None
    messages: list[str] | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _one_of(self) -> RiskRequest:
        if (self.text is None) == (self.messages is None):
            raise ValueError("send exactly one of 'text' or 'messages'")
        return self


class FeedbackRequest(BaseModel):
    turn_id: str = Field(min_length=1, max_length=64)
    user_id: str | None = Field(default=None, max_length=128)
    rating: int | None = Field(default=None, ge=1, le=5)
    thumb: Literal["up", "down"] | None = None
    comment: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _something(self) -> FeedbackRequest:
        if self.rating is None and self.thumb is None and not self.comment:
            raise ValueError("send a rating (1-5), a thumb (up/down) or a comment")
        return self


class OpenAIMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class CompletionRequest(BaseModel):
    """OpenAI's chat completion request; sampling fields are accepted and ignored by the local engine.

    xinyu reads ``user`` as the user id and an optional ``xinyu`` object: ``{"session_id", "locale"}``. Without a
    session id, the conversation is keyed on the user and its first user message, so a client that resends the
    whole history each time stays in one session.
    """

    model: str | None = None
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = Field(default=None, max_length=128)
    temperature: float | None = None
    max_tokens: int | None = None
    xinyu: dict[str, Any] | None = None


class ReviewDecision(BaseModel):
    action: Literal["accept", "correct"]
    emotion: Literal["joy", "sadness", "anger", "fear", "surprise", "disgust", "neutral"]
    reviewer: str = Field(min_length=1, max_length=128)


class TransitionRequest(BaseModel):
    who: str = Field(default="staff", min_length=1, max_length=128)
    note: str | None = Field(default=None, max_length=2000)


@dataclass
class Services:
    settings: Settings
    analyzer: Any
    assessor: Any
    store: Any
    escalations: Any
    dispatcher: Any
    chat: Any


def build_services(settings: Settings, metrics: Metrics | None = None) -> Services:
    from xinyu.memory.crypto import KeyRing
    from xinyu.memory.store import Store, make_engine
    from xinyu.respond.chat import ChatEvents, ChatService, build_engine
    from xinyu.respond.engines import LocalEngine, PhraseBank
    from xinyu.safety import get_assessor, pii_key
    from xinyu.safety.escalation import AlertDispatcher, EscalationStore, Escalator

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keys = KeyRing.load(
        settings.data_dir, settings.storage.key.get_secret_value() if settings.storage.key else None
    )
    engine = make_engine(settings.database_url)
    store = Store(engine, keys)
    escalations = EscalationStore(engine)
    escalator = Escalator(
        escalations, settings.safety.escalation, settings.safety.webhook_url, settings.safety.helplines
    )
    analyzer = get_analyzer(settings.emotion_backend, settings)
    assessor = get_assessor(settings)
    local = LocalEngine(PhraseBank(settings.reply.phrase_dir))
    events = ChatEvents(metrics.on_turn, metrics.on_blocked) if metrics else ChatEvents()
    chat = ChatService(
        analyzer=analyzer,
        assessor=assessor,
        store=store,
        escalator=escalator,
        engine=build_engine(settings, local),
        local=local,
        max_chars=settings.max_chars,
        redact_pii=settings.storage.redact_pii,
        pii_key=pii_key(settings),
        helplines=settings.safety.helplines or None,
        events=events,
    )
    return Services(settings, analyzer, assessor, store, escalations, AlertDispatcher(escalations), chat)


async def _alert_loop(services: Services, every_s: float = 1.0) -> None:
    while True:
        try:
            await asyncio.to_thread(services.dispatcher.deliver_due)
        except Exception:  # noqa: BLE001 - the loop must survive a bad delivery round
            log.exception("alert delivery round failed")
        await asyncio.sleep(every_s)


async def _retention_loop(services: Services, days: float, every_s: float = 3600.0) -> None:
    while True:
        try:
            n = await asyncio.to_thread(services.store.purge_older_than, days * 86400)
            if n:
                log.info("retention: deleted %d turns older than %s days", n, days)
        except Exception:  # noqa: BLE001
            log.exception("retention job failed")
        await asyncio.sleep(every_s)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        services = build_services(settings, metrics)
        app.state.services = services
        app.state.analyzer = services.analyzer
        app.state.review = None
        if settings.review_queue:
            from xinyu.data.review import ReviewQueue

            app.state.review = ReviewQueue(settings.review_queue)
        tasks = [asyncio.create_task(_alert_loop(services))]
        if settings.storage.retention_days:
            tasks.append(asyncio.create_task(_retention_loop(services, settings.storage.retention_days)))
        try:
            yield
        finally:
            for t in tasks:
                t.cancel()
            for t in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await t
            client = getattr(services.chat.engine, "client", None)
            if client is not None:
                client.close()
            services.store.close()

    app = FastAPI(
        title="xinyu",
        version=__version__,
        lifespan=lifespan,
        description="Emotion-aware dialogue service: chat (also OpenAI-compatible), analysis, crisis risk, memory.",
    )
    app.state.settings = settings
    app.state.access = Access(settings.api)
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics)

    def services(request: Request) -> Services:
        return request.app.state.services

    # -- health and metrics ----------------------------------------------------------------------------------
    @app.get("/healthz")
    def healthz(request: Request) -> dict:
        svc = services(request)
        return {
            "status": "ok",
            "version": __version__,
            "backend": svc.analyzer.backend.name,
            "model": svc.analyzer.backend.model_id,
            "reply_engine": svc.chat.engine.name,
            "risk_model": "loaded" if svc.assessor.model is not None else (svc.assessor.model_error or "off"),
            "database": svc.store.engine.dialect.name,
            "pending_alerts": svc.escalations.pending_alerts(),
        }

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(metrics.render(), media_type="text/plain; version=0.0.4")

    # -- analysis and risk -----------------------------------------------------------------------------------
    @app.post(
        "/v1/analyze",
        response_model=EmotionResult | AnalyzeBatchResponse,
        dependencies=[Depends(client_access)],
    )
    def analyze(body: AnalyzeRequest, request: Request):
        analyzer = services(request).analyzer
        if body.backend and body.backend != analyzer.backend.name:
            try:
                analyzer = get_analyzer(body.backend, settings)
            except UnknownBackendError as exc:
                raise HTTPException(400, str(exc)) from exc
            except EmotionBackendError as exc:
                raise HTTPException(503, str(exc)) from exc
        texts = [body.text] if body.text is not None else list(body.texts or [])
        empty = [i for i, t in enumerate(texts) if not t.strip()]
        if empty:
            where = "text" if body.text is not None else f"texts[{empty[0]}]"
            raise HTTPException(422, f"{where} is empty or whitespace only")
        try:
            results = analyzer.analyze_batch(texts)
        except EmotionBackendError as exc:
            raise HTTPException(503, str(exc)) from exc
        return results[0] if body.text is not None else AnalyzeBatchResponse(results=results)

    @app.post("/v1/risk", dependencies=[Depends(client_access)])
    def risk(body: RiskRequest, request: Request) -> dict:
        from xinyu.safety import ConversationRisk

        assessor = services(request).assessor
        if body.text is not None:
            return assessor.assess(body.text).to_dict()
        conv = ConversationRisk(assessor)
        turns = [conv.add(m).to_dict() for m in body.messages or []]
        return {**(turns[-1] if turns else {"level": "none", "score": 0.0, "reasons": []}), "turns": turns}

    # -- chat ------------------------------------------------------------------------------------------------
    def _chat(
        request: Request, user_id: str, message: str, session_id: str | None, locale: str | None
    ) -> dict:
        from xinyu.respond.chat import ChatInputError
        from xinyu.safety.escalation import PolicyError

        try:
            return services(request).chat.turn(user_id, message, session_id, locale)
        except ChatInputError as exc:
            status = 409 if "belongs to another user" in str(exc) else 422
            raise HTTPException(status, str(exc)) from exc
        except (EmotionBackendError, PolicyError) as exc:
            raise HTTPException(503, str(exc)) from exc

    @app.post("/v1/chat", response_model=ChatResponse, dependencies=[Depends(client_access)])
    async def chat(body: ChatRequest, request: Request) -> dict:
        args = (request, body.user_id, body.message, body.session_id, body.locale)
        if services(request).chat.cpu_bound:
            # a couple of milliseconds of CPU and a local commit: cheaper on the loop than through a thread
            return _chat(*args)
        return await run_in_threadpool(_chat, *args)

    @app.post("/v1/chat/completions", dependencies=[Depends(client_access)])
    def completions(body: CompletionRequest, request: Request):
        users = [m for m in body.messages if m.role == "user"]
        if not users:
            raise HTTPException(422, "messages has no user message")
        text = _content(users[-1].content)
        if not text.strip():
            raise HTTPException(422, "the last user message is empty")
        ext = body.xinyu or {}
        user_id = body.user or request.headers.get("x-user-id") or "openai-client"
        session_id = ext.get("session_id") or request.headers.get("x-session-id")
        if not session_id:
            import hashlib

            first = _content(users[0].content)
            session_id = "oa-" + hashlib.sha256(f"{user_id}\x00{first}".encode()).hexdigest()[:24]
        turn = _chat(request, user_id, text, str(session_id), ext.get("locale"))
        model = body.model or f"xinyu-{turn['engine']['name']}"
        created = int(time.time())
        cid = f"chatcmpl-{turn['turn_id']}"
        extension = {k: turn[k] for k in ("session_id", "turn_id", "emotion", "risk", "strategy", "engine")}
        prompt_tokens = sum(len(_content(m.content)) for m in body.messages)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(turn["reply"]),
            "total_tokens": prompt_tokens + len(turn["reply"]),
        }
        if not body.stream:
            return {
                "id": cid,
                "object": "chat.completion",
                "created": created,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": turn["reply"]},
                        "finish_reason": "stop",
                    }
                ],
                "usage": usage,
                "xinyu": extension,
            }

        def events():
            # the reply was moderated whole before the first byte; it streams in pieces like any model's
            base = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model}
            first = {**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}
            yield f"data: {json.dumps(first, ensure_ascii=False)}\n\n"
            reply = turn["reply"]
            step = 8
            for i in range(0, len(reply), step):
                chunk = {**base, "choices": [{"index": 0, "delta": {"content": reply[i : i + step]}}]}
                yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
            last = {
                **base,
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                "xinyu": extension,
            }
            yield f"data: {json.dumps(last, ensure_ascii=False)}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    @app.get("/v1/sessions/{session_id}", dependencies=[Depends(client_access)])
    def get_session(session_id: str, request: Request) -> dict:
        view = services(request).store.session_view(session_id)
        if view is None:
            raise HTTPException(404, f"no session {session_id}")
        return view

    @app.get("/v1/users/{user_id}/trajectory", dependencies=[Depends(client_access)])
    def trajectory(user_id: str, request: Request, limit: int = Query(500, ge=1, le=5000)) -> dict:
        out = services(request).store.trajectory(user_id, limit)
        if out is None:
            raise HTTPException(404, f"no user {user_id}")
        return out

    @app.delete("/v1/users/{user_id}", dependencies=[Depends(client_access)])
    def delete_user(user_id: str, request: Request) -> dict:
        svc = services(request)
        from xinyu.safety import pii_key

        counts = svc.store.delete_user(user_id, pii_key(svc.settings))
        if counts is None:
            raise HTTPException(404, f"no user {user_id}")
        return {"deleted": True, "rows": counts}

    @app.post("/v1/feedback", dependencies=[Depends(client_access)])
    def feedback(body: FeedbackRequest, request: Request) -> dict:
        from xinyu.memory.store import StoreError

        try:
            fid = services(request).store.add_feedback(
                body.turn_id, body.user_id, body.rating, body.thumb, body.comment
            )
        except KeyError as exc:
            raise HTTPException(404, f"no turn {body.turn_id}") from exc
        except StoreError as exc:
            raise HTTPException(409, str(exc)) from exc
        return {"id": fid, "turn_id": body.turn_id}

    # -- admin -----------------------------------------------------------------------------------------------
    @app.get("/v1/admin/escalations", dependencies=[Depends(admin_access)])
    def escalation_queue(
        request: Request, status: Literal["open", "acknowledged", "resolved", "all"] = "open"
    ) -> dict:
        items = services(request).escalations.queue(None if status == "all" else status)
        return {"items": items}

    @app.post("/v1/admin/escalations/{escalation_id}/{action}", dependencies=[Depends(admin_access)])
    def escalation_transition(
        escalation_id: str,
        action: Literal["acknowledge", "resolve"],
        body: TransitionRequest,
        request: Request,
    ) -> dict:
        from xinyu.safety.escalation import PolicyError

        status = {"acknowledge": "acknowledged", "resolve": "resolved"}[action]
        try:
            return services(request).escalations.transition(escalation_id, status, body.who, body.note)
        except KeyError as exc:
            raise HTTPException(404, f"no escalation {escalation_id}") from exc
        except PolicyError as exc:
            raise HTTPException(409, str(exc)) from exc

    @app.get("/v1/admin/dashboard", dependencies=[Depends(admin_access)])
    def dashboard(request: Request, days: int = Query(30, ge=1, le=3650)) -> dict:
        svc = services(request)
        out = svc.store.dashboard(days)
        out["escalation_queue"] = svc.escalations.queue("open") + svc.escalations.queue("acknowledged")
        out["pending_alerts"] = svc.escalations.pending_alerts()
        return out

    @app.get("/v1/admin/export", dependencies=[Depends(admin_access)])
    def export(
        request: Request, since: float = Query(0.0, ge=0), limit: int = Query(10_000, ge=1, le=100_000)
    ):
        rows = services(request).store.export_turns(since, limit)

        def lines():
            for r in rows:
                yield json.dumps(r, ensure_ascii=False) + "\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    @app.get("/v1/admin/audit", dependencies=[Depends(admin_access)])
    def audit(request: Request, limit: int = Query(100, ge=1, le=1000)) -> dict:
        return {"items": services(request).escalations.audit_log(limit)}

    # -- label review (the /review page) ----------------------------------------------------------------------
    def review_queue(request: Request):
        queue = request.app.state.review
        if queue is None:
            raise HTTPException(
                404, "no review queue: start the service with XINYU_REVIEW_QUEUE=path/to/review.jsonl"
            )
        return queue

    @app.get("/v1/admin/review", dependencies=[Depends(admin_access)])
    def review_items(
        request: Request,
        status: Literal["pending", "done", "all"] = "pending",
        offset: int = Query(0, ge=0),
        limit: int = Query(50, ge=1, le=500),
    ) -> dict:
        return review_queue(request).items(status, offset, limit)

    @app.post("/v1/admin/review/{uid:path}")
    def review_decide(
        uid: str, body: ReviewDecision, request: Request, identity: str = Depends(admin_access)
    ) -> dict:
        queue = review_queue(request)
        try:
            return queue.submit(uid, body.emotion, body.action, body.reviewer, via=f"web ({identity})")
        except KeyError as exc:
            raise HTTPException(404, f"no row {uid!r} in the review queue") from exc

    # -- pages -----------------------------------------------------------------------------------------------
    web = resources.files("xinyu.service.web")
    pages = {
        name: web.joinpath(f"{name}.html").read_text(encoding="utf-8")
        for name in ("chat", "dashboard", "index", "review")
    }

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def chat_page() -> str:
        return pages["chat"]

    @app.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
    def dashboard_page() -> str:
        return pages["dashboard"]

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page() -> str:
        return pages["review"]

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_page() -> str:
        return pages["index"]

    return app


def _content(content: str | list[dict[str, Any]] | None) -> str:
    """OpenAI content: a string, or a list of parts of which the text ones count."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(
        str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type", "text") == "text"
    )
