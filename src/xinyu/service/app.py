"""``create_app(settings)``: the FastAPI application behind ``make serve``.

Models load once, in the lifespan; every file of state lives under ``settings.data_dir`` (the SQLite database,
its WAL, the key file, the crisis journal), a 0700 folder. Background loops run beside the API: the health probe
(a heartbeat write every few seconds: ``/healthz`` and ``/readyz`` read its result and never touch the database
themselves), the alert outbox (webhook deliveries with backoff, and the crisis journal's, replayed into the
database once it takes writes again) and, when ``storage.retention_days`` is set, the retention job.

No request can hold up the others: a turn runs on the event loop only when it is short and waits on nothing but
SQLite (and then waits 50 ms at most for any lock before it goes to a thread); long messages run in one
dedicated thread and turns that wait on an LLM or PostgreSQL in the thread pool; the cue layer is linear in
message length; ``/v1/analyze`` and ``/v1/risk`` have a cap on the characters of a request and every body one on
its bytes; every LLM call has a wall-clock deadline; a write that cannot get the database's lock within
``storage.busy_timeout_s`` is a 503 with a JSON reason. Errors never echo what the client sent, nor name internal
endpoints.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import anyio.to_thread
from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool

from xinyu import __version__
from xinyu.config import Settings, get_settings
from xinyu.emotion import EmotionBackendError, UnknownBackendError, get_analyzer
from xinyu.memory.store import StoreUnavailable, WouldWait
from xinyu.respond.chat import ID_PATTERN, ChatInputError, TurnNotStored, TurnOverdue
from xinyu.schema import EmotionResult
from xinyu.service.guard import BodyLimit, StrictJSONRoute, validation_errors
from xinyu.service.metrics import Metrics, MetricsMiddleware
from xinyu.service.security import (
    ID_CHARS,
    STORED_ID_LENGTH,
    Access,
    Principal,
    admin_access,
    client_access,
    docs_access,
    metrics_access,
    page_access,
)

log = logging.getLogger(__name__)
MAX_BATCH = 256
ID = f"^{ID_PATTERN}$"  # pydantic's regex: ``$`` is the end of the text, never before a final newline
LOCALE = r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$"  # a BCP 47 tag (zh-CN, zh-Hant-TW, en_US)
#: longer messages are analysed in a worker thread (the cue layer and the models are linear in length, but a
#: 5,000-character message is still tens of milliseconds of CPU)
INLINE_MAX_CHARS = 1000


class AnalyzeRequest(BaseModel):
    """One ``text`` or a list of ``texts`` (at most 256); ``backend`` overrides the configured one."""

    text: str | None = None
    texts: list[str] | None = Field(default=None, max_length=MAX_BATCH)
    backend: str | None = Field(default=None, max_length=32, pattern=r"^[a-z_]+$")

    @model_validator(mode="after")
    def _one_of(self) -> AnalyzeRequest:
        if (self.text is None) == (self.texts is None):
            raise ValueError("send exactly one of 'text' or 'texts'")
        return self


class AnalyzeBatchResponse(BaseModel):
    results: list[EmotionResult]


class ChatRequest(BaseModel):
    user_id: str = Field(min_length=1, max_length=128, pattern=ID)
    session_id: str | None = Field(default=None, min_length=1, max_length=128, pattern=ID)
    message: str = Field(min_length=1)
    locale: str | None = Field(default=None, max_length=35, pattern=LOCALE)


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
    turn_id: str = Field(min_length=1, max_length=64, pattern=ID)
    user_id: str | None = Field(default=None, max_length=128, pattern=ID)
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


class XinyuOptions(BaseModel):
    """xinyu's own fields of a chat completion request."""

    session_id: str | None = Field(default=None, min_length=1, max_length=128, pattern=ID)
    locale: str | None = Field(default=None, max_length=35, pattern=LOCALE)


class CompletionRequest(BaseModel):
    """OpenAI's chat completion request; sampling fields are accepted and ignored by the local engine.

    xinyu reads ``user`` as the user id and an optional ``xinyu`` object: ``{"session_id", "locale"}``. Without a
    session id, the conversation is keyed on the user and its first user message, so a client that resends the
    whole history each time stays in one session.
    """

    model: str | None = Field(default=None, max_length=128)
    messages: list[OpenAIMessage] = Field(min_length=1, max_length=1000)
    stream: bool = False
    user: str | None = Field(default=None, min_length=1, max_length=128, pattern=ID)
    temperature: float | None = None
    max_tokens: int | None = None
    xinyu: XinyuOptions | None = None


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
    journal: Any = None


def build_services(settings: Settings, metrics: Metrics | None = None) -> Services:
    from xinyu.memory.crypto import KeyRing
    from xinyu.memory.store import Database, Store, make_engine, private_dir
    from xinyu.respond.chat import ChatEvents, ChatService, build_engine
    from xinyu.respond.engines import LocalEngine, PhraseBank
    from xinyu.safety import get_assessor, pii_key
    from xinyu.safety.escalation import AlertDispatcher, EscalationStore, Escalator
    from xinyu.safety.journal import CrisisJournal

    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    private_dir(settings.data_dir)
    keys = KeyRing.open(
        settings.key_file, settings.storage.key.get_secret_value() if settings.storage.key else None
    )
    busy = settings.storage.busy_timeout_s
    db = Database(make_engine(settings.database_url, busy), busy)
    store = Store(db, keys)
    escalations = EscalationStore(db)
    journal = CrisisJournal(settings.journal_dir)
    escalator = Escalator(
        escalations,
        settings.safety.escalation,
        settings.safety.webhook_url,
        settings.safety.helplines,
        journal=journal,
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
    dispatcher = AlertDispatcher(escalations, journal=journal)
    return Services(settings, analyzer, assessor, store, escalations, dispatcher, chat, journal)


class Status:
    """What ``/healthz`` and ``/readyz`` say, kept fresh by the health loop so that neither touches the database
    (nor waits for a worker thread) while it answers. A probe that has not come back for ``STALE_S`` counts as
    a failure: a database that hangs (a stalled network, a stopped server) is no healthier than one that errs."""

    STALE_S = 10.0

    def __init__(self) -> None:
        self.checked = 0.0  # when the last probe round ended
        self.started = time.time()
        self.pending_alerts: int | None = 0
        self.journal = 0

    def _stalled(self) -> bool:
        return time.time() - max(self.checked, self.started) > self.STALE_S

    def storage(self, services: Services) -> dict:
        out = {"database": services.store.engine.dialect.name, **services.store.health.to_dict()}
        if out["ok"] and self._stalled():
            since = max(self.checked, self.started)
            out.update(ok=False, reason="stalled", error="the storage probe has not come back", since=since)
        out["checked"] = round(self.checked, 3)
        return out

    def storage_ok(self, services: Services) -> bool:
        """:meth:`storage`'s ``ok``, on the hot path (no dict built)."""
        return services.store.health.ok and not self._stalled()


def _warm(services: Services) -> None:
    for text in ("今天有点累，想找人说说话", "I feel a bit tired today"):
        services.analyzer.analyze(text)
        services.assessor.assess(text)


def _log_format() -> None:
    """xinyu's own log lines with a time and a level (a CRITICAL line may be the only record of a crisis that
    could not be written anywhere), unless the application that embeds the service has configured logging."""
    root, own = logging.getLogger(), logging.getLogger("xinyu")
    if root.handlers or own.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    own.addHandler(handler)
    own.setLevel(logging.INFO)


async def _health_loop(services: Services, status: Status, every_s: float = 2.0) -> None:
    """Write this process's heartbeat (a probe that the database takes writes, and the key it seals with), count
    the alerts waiting, and finish a deletion's WAL truncation that could not be done at once."""
    store, escalations = services.store, services.escalations
    while True:
        try:
            await asyncio.to_thread(store.heartbeat)
        except StoreUnavailable as exc:
            log.warning("storage health probe failed: %s (%s)", exc.reason, exc)
        except Exception:  # noqa: BLE001 - the loop must survive anything
            log.exception("storage health probe raised")
        try:
            status.pending_alerts = await asyncio.to_thread(escalations.pending_alerts)
        except Exception:  # noqa: BLE001
            status.pending_alerts = None
        try:
            if store.scrub_pending:  # a deletion whose WAL could not be truncated at once
                await asyncio.to_thread(store.scrub)
        except Exception:  # noqa: BLE001
            log.exception("health loop round failed")
        status.checked = time.time()
        await asyncio.sleep(every_s)


async def _journal_loop(services: Services, status: Status, every_s: float = 1.0) -> None:
    """The crisis journal, apart from the database: count what waits in it, keep its reserve allocated (a full
    disk that freed up since), and while the database is failing or hangs, send its alerts straight from the
    file (once it works, the alert loop moves the journal into the queue and the outbox sends them)."""
    journal = services.journal
    while True:
        try:
            await asyncio.to_thread(journal.flush_held)  # events a full disk refused, once it takes them
            status.journal = await asyncio.to_thread(len, journal)
            await asyncio.to_thread(journal.keep_reserve)
            if status.journal and not status.storage_ok(services):
                d = services.dispatcher
                await asyncio.to_thread(journal.deliver, d.send, d.delay)
        except Exception:  # noqa: BLE001 - the loop must survive anything
            log.exception("crisis journal round failed")
        await asyncio.sleep(every_s)


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
    status = Status()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        _log_format()
        services = build_services(settings, metrics)
        app.state.services = services
        app.state.analyzer = services.analyzer
        app.state.cpu_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xinyu-turn")
        # turns that wait on an LLM hold a thread each for up to its deadline: room for more than the default 40
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(
            anyio.to_thread.current_default_thread_limiter().total_tokens, 100
        )
        client = getattr(services.chat.engine, "client", None)
        if client is not None and hasattr(client, "start"):
            await asyncio.to_thread(client.start)  # not inside the first calls' deadlines
        app.state.review = None
        if settings.review_queue:
            from xinyu.data.review import ReviewQueue

            app.state.review = ReviewQueue(settings.review_queue)
        with contextlib.suppress(StoreUnavailable):
            await asyncio.to_thread(services.store.heartbeat)
        # the lexicons and the risk model load on first use: here, once, rather than in many first requests
        # at the same time (each thread loading them while the others wait for the interpreter)
        await asyncio.to_thread(_warm, services)
        tasks = [
            asyncio.create_task(_health_loop(services, status)),
            asyncio.create_task(_alert_loop(services)),
            asyncio.create_task(_journal_loop(services, status)),
        ]
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
                await asyncio.to_thread(client.close)
            app.state.cpu_pool.shutdown(wait=False, cancel_futures=True)
            services.store.forget_heartbeat()
            services.store.close()

    app = FastAPI(
        title="xinyu",
        version=__version__,
        lifespan=lifespan,
        description="Emotion-aware dialogue service: chat (also OpenAI-compatible), analysis, crisis risk, memory.",
        # the docs are served below, behind a key when keys are configured
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.router.route_class = StrictJSONRoute
    app.state.settings = settings
    app.state.access = Access(settings.api)
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(BodyLimit, max_bytes=settings.api.max_body_bytes)

    def services(request: Request) -> Services:
        return request.app.state.services

    # -- errors: JSON, never echoing what was sent ----------------------------------------------------------
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        body: dict[str, Any] = {"detail": validation_errors(exc)}
        if request.url.path in ("/v1/chat", "/v1/chat/completions") and hasattr(
            request.app.state, "services"
        ):
            # a chat sent with a bad field still gets help lines if its message speaks of a crisis
            message, locale = _chat_fields(exc.body)
            body.update(_crisis(request.app.state.services, message, locale))
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(_request: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc), "reason": f"storage_{exc.reason}"},
            status_code=503,
            headers={"Retry-After": "1" if exc.reason == "busy" else "5"},
        )

    @app.exception_handler(ChatRefused)
    async def chat_refused(_request: Request, exc: ChatRefused) -> JSONResponse:
        headers = {"Retry-After": "5"} if exc.status == 503 else None
        return JSONResponse(exc.body, status_code=exc.status, headers=headers)

    @app.exception_handler(TurnNotStored)
    async def turn_not_stored(_request: Request, exc: TurnNotStored) -> JSONResponse:
        body: dict[str, Any] = {
            "detail": f"the turn was not stored: {exc}",
            "reason": f"storage_{exc.reason}",
            "stored": False,
            "risk": {"level": exc.level, "escalation": exc.escalation},
        }
        if exc.reply:  # what the person must still see
            body["reply"] = exc.reply
            body["helplines"] = exc.helplines
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})

    # -- health and metrics ----------------------------------------------------------------------------------
    @app.get("/healthz")
    async def healthz(request: Request) -> JSONResponse:
        """Liveness, and whether the database takes writes (``storage.ok``); what the service runs on, the
        alert and journal backlogs and the storage error for admins (and loopback without keys) only."""
        svc = services(request)
        storage = status.storage(svc)
        body: dict[str, Any] = {
            "status": "ok" if storage["ok"] else "degraded",
            "version": __version__,
            "storage": {k: storage[k] for k in ("ok", "reason", "since")},
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
                "risk_model": "loaded"
                if svc.assessor.model is not None
                else (svc.assessor.model_error or "off"),
                "database": storage["database"],
                "storage": storage,
                "pending_alerts": status.pending_alerts,
                "crisis_journal": status.journal,
            }
        )
        return JSONResponse(body)

    @app.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        """200 while the service can store turns, 503 (with the reason) while it cannot."""
        storage = status.storage(services(request))
        public = {k: storage[k] for k in ("ok", "reason", "since")}
        return JSONResponse(
            {"ready": storage["ok"], "storage": public}, status_code=200 if storage["ok"] else 503
        )

    @app.get("/metrics", include_in_schema=False, dependencies=[Depends(metrics_access)])
    async def prometheus() -> Response:
        return Response(metrics.render(), media_type="text/plain; version=0.0.4")

    # -- analysis and risk -----------------------------------------------------------------------------------
    def _cap(texts: list[str]) -> None:
        total = sum(len(t) for t in texts)
        limit = settings.api.max_request_chars
        if total > limit:
            raise HTTPException(
                413,
                f"the request holds {total} characters in all; the limit is {limit} (api.max_request_chars): "
                "send fewer or shorter texts per request",
            )

    def _off_loop(request: Request, work, cpu: bool) -> asyncio.Future:
        """``work()`` off the event loop: CPU work in the one dedicated thread (so that the loop is never one of
        many threads queueing for the interpreter), work that waits (an LLM, PostgreSQL, a model to load) in
        the thread pool."""
        if cpu:
            return asyncio.get_running_loop().run_in_executor(request.app.state.cpu_pool, work)
        return asyncio.ensure_future(run_in_threadpool(work))

    async def _offload(request: Request, work, chars: int, in_process: bool):
        """Run ``work()`` where it holds up nothing else: a little in-process CPU on the event loop, the rest
        off it (:func:`_off_loop`)."""
        if in_process and chars <= INLINE_MAX_CHARS:
            return work()
        return await _off_loop(request, work, cpu=in_process)

    @app.post("/v1/analyze", response_model=EmotionResult | AnalyzeBatchResponse)
    async def analyze(body: AnalyzeRequest, request: Request, who: Principal = Depends(client_access)):
        from xinyu.respond.chat import clean_message

        analyzer = services(request).analyzer
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
        _cap(texts)

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

        in_process = backend in {"linear", "lexicon"}
        results = await _offload(request, work, sum(len(t) for t in texts), in_process)
        return results[0] if body.text is not None else AnalyzeBatchResponse(results=results)

    @app.post("/v1/risk", dependencies=[Depends(client_access)])
    async def risk(body: RiskRequest, request: Request) -> dict:
        from xinyu.respond.chat import clean_message
        from xinyu.safety import ConversationRisk

        assessor = services(request).assessor
        texts = [body.text] if body.text is not None else list(body.messages or [])
        if body.text is not None and not clean_message(body.text).strip():
            raise HTTPException(422, "text is empty or whitespace only")
        _cap(texts)

        def work() -> dict:
            if body.text is not None:
                return assessor.assess(body.text).to_dict()
            conv = ConversationRisk(assessor)
            turns = [conv.add(m).to_dict() for m in texts]
            return {
                **(turns[-1] if turns else {"level": "none", "score": 0.0, "reasons": []}),
                "turns": turns,
            }

        return await _offload(request, work, sum(len(t) for t in texts), in_process=True)

    # -- chat ------------------------------------------------------------------------------------------------
    def _chat(
        request: Request,
        who: Principal,
        user_id: str,
        message: str,
        session_id: str | None,
        locale: str | None,
        turn_id: str | None = None,
        overdue: threading.Event | None = None,
    ) -> dict:
        """One turn for the caller; ids come and go in the caller's namespace."""
        from xinyu.safety.escalation import PolicyError

        svc = services(request)
        try:
            turn = svc.chat.turn(
                who.inner(user_id),
                message,
                who.inner(session_id or uuid.uuid4().hex),
                locale,
                owner=who.owner,
                admin=who.admin,
                turn_id=turn_id,
                overdue=overdue,
            )
        except ChatInputError as exc:
            raise _refused(svc, exc.status, who.clean(str(exc)), message, locale) from exc
        except (EmotionBackendError, PolicyError) as exc:
            log.error("turn failed: %s", type(exc).__name__)
            detail = "the service cannot answer now; retry in a moment"
            raise _refused(svc, 503, detail, message, locale) from exc
        turn["session_id"] = who.outer(turn["session_id"])
        return turn

    async def _dispatch(
        request: Request,
        who: Principal,
        user_id: str,
        message: str,
        session_id: str | None,
        locale: str | None,
    ) -> dict:
        """Run a turn where it holds up nothing else, within ``api.turn_deadline_s``.

        A short turn that waits on nothing (local engine, in-process emotion, SQLite) runs on the event loop:
        about 2 ms of CPU, less than a hand-off to a worker thread costs. Its locks (the session's, the process's,
        the database's) are waited for 50 ms at most; a turn that finds one taken before it wrote anything runs
        again in a thread, and for a second after that, as while the database is failing, turns go to threads.
        A long message is CPU work: one dedicated thread, so that the event loop is never one of many threads
        queueing for the interpreter. Anything else (an LLM, PostgreSQL) in the thread pool.

        A turn that has not finished by the deadline (a database that hangs) is answered with a 503 and, for a
        message at risk, the safe reply and help lines; its escalation goes to the crisis journal, whose alert
        is sent from the file. The turn itself may still finish in its thread.
        """
        args = (request, who, user_id, message, session_id, locale)
        svc = services(request)
        db = svc.store.db
        short = len(message) <= INLINE_MAX_CHARS
        if svc.chat.cpu_bound and short and status.storage_ok(svc) and not db.contended:
            try:
                with db.short_waits():
                    return _chat(*args)
            except WouldWait:
                pass
        turn_id, overdue = uuid.uuid4().hex, threading.Event()
        work = _off_loop(
            request, functools.partial(_chat, *args, turn_id, overdue), svc.chat.cpu_bound and not short
        )
        done, _ = await asyncio.wait({work}, timeout=settings.api.turn_deadline_s)
        if done:
            return work.result()
        overdue.set()  # the turn writes nothing more: the person is answered here, a crisis journalled
        work.add_done_callback(_late_turn)
        raise await asyncio.to_thread(_overdue, svc, who, user_id, message, session_id, locale, turn_id)

    @app.post("/v1/chat", response_model=ChatResponse)
    async def chat(body: ChatRequest, request: Request, who: Principal = Depends(client_access)) -> dict:
        return await _dispatch(request, who, body.user_id, body.message, body.session_id, body.locale)

    @app.post("/v1/chat/completions")
    async def completions(body: CompletionRequest, request: Request, who: Principal = Depends(client_access)):
        users = [m for m in body.messages if m.role == "user"]
        if not users:
            raise HTTPException(422, "messages has no user message")
        text = _content(users[-1].content)
        if not text.strip():
            raise HTTPException(422, "the last user message is empty")
        ext = body.xinyu or XinyuOptions()
        user_id = body.user or request.headers.get("x-user-id") or "openai-client"
        session_id = ext.session_id or request.headers.get("x-session-id")
        if not session_id:
            first = _content(users[0].content)
            session_id = "oa-" + _digest(f"{user_id}\x00{first}")[:24]
        turn = await _dispatch(request, who, user_id, text, str(session_id), ext.locale)
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

    def _visible(svc: Services, user_id: str | None, who: Principal, what: str) -> None:
        """404 unless the user exists and ``who`` may see it (a user of another key is as absent as none)."""
        from xinyu.memory.store import NotOwner

        try:
            if user_id is None or not svc.store.check_user(user_id, who.owner, who.admin):
                raise HTTPException(404, what)
        except NotOwner as exc:
            raise HTTPException(404, what) from exc

    def stored_id():
        """A path id: as a client sends it (128 characters), or as stored, namespace and all (what admins see
        and send)."""
        return Path(min_length=1, max_length=STORED_ID_LENGTH, pattern=f"^[{ID_CHARS}]+$")

    def _inner(who: Principal, external: str, what: str) -> str:
        if not who.admin and len(external) > 128:
            raise HTTPException(404, f"no {what} {external[:128]}")
        return who.inner(external)

    @app.get("/v1/sessions/{session_id}")
    def get_session(
        request: Request, session_id: str = stored_id(), who: Principal = Depends(client_access)
    ) -> dict:
        svc = services(request)
        sid = _inner(who, session_id, "session")
        _visible(svc, svc.store.session_user(sid), who, f"no session {session_id}")
        view = svc.store.session_view(sid)
        if view is None:
            raise HTTPException(404, f"no session {session_id}")
        view["id"], view["user_id"] = who.outer(view["id"]), who.outer(view["user_id"])
        return view

    @app.get("/v1/users/{user_id}/trajectory")
    def trajectory(
        request: Request,
        user_id: str = stored_id(),
        limit: int = Query(500, ge=1, le=5000),
        who: Principal = Depends(client_access),
    ) -> dict:
        svc = services(request)
        uid = _inner(who, user_id, "user")
        _visible(svc, uid, who, f"no user {user_id}")
        out = svc.store.trajectory(uid, limit)
        if out is None:
            raise HTTPException(404, f"no user {user_id}")
        out["user_id"] = user_id
        for item in out["points"] + out["sessions"]:
            item["session_id"] = who.outer(item["session_id"])
        return out

    @app.delete("/v1/users/{user_id}")
    def delete_user(
        request: Request, user_id: str = stored_id(), who: Principal = Depends(client_access)
    ) -> dict:
        from xinyu.memory.store import NotOwner
        from xinyu.safety import pii_key

        svc = services(request)
        uid = _inner(who, user_id, "user")
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

    @app.post("/v1/feedback")
    def feedback(body: FeedbackRequest, request: Request, who: Principal = Depends(client_access)) -> dict:
        from xinyu.memory.store import StoreError

        svc = services(request)
        _visible(svc, svc.store.turn_user(body.turn_id), who, f"no turn {body.turn_id}")
        user_id = who.inner(body.user_id) if body.user_id is not None else None
        try:
            fid = svc.store.add_feedback(body.turn_id, user_id, body.rating, body.thumb, body.comment)
        except KeyError as exc:
            raise HTTPException(404, f"no turn {body.turn_id}") from exc
        except StoreError as exc:
            raise HTTPException(409, who.clean(str(exc))) from exc
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
        uid: str, body: ReviewDecision, request: Request, who: Principal = Depends(admin_access)
    ) -> dict:
        queue = review_queue(request)
        try:
            return queue.submit(uid, body.emotion, body.action, body.reviewer, via=f"web ({who.identity})")
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

    @app.get(
        "/dashboard",
        response_class=HTMLResponse,
        include_in_schema=False,
        dependencies=[Depends(page_access)],
    )
    def dashboard_page() -> str:
        return pages["dashboard"]

    @app.get(
        "/review", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(page_access)]
    )
    def review_page() -> str:
        return pages["review"]

    # -- API docs (any key, when keys are configured) -------------------------------------------------------
    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(docs_access)])
    def openapi_schema() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(docs_access)])
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="xinyu API")

    @app.get("/redoc", include_in_schema=False, dependencies=[Depends(docs_access)])
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="xinyu API")

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_page() -> str:
        return pages["index"]

    return app


class ChatRefused(Exception):
    """A chat request not served; ``body`` is the whole JSON answer (``detail``, and for a crisis what the person
    must still be shown)."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body["detail"])
        self.status = status
        self.body = body


def _refused(svc: Services, status: int, detail: str, message: Any, locale: Any) -> ChatRefused:
    """The error for a chat request that was not served. When the message speaks of a crisis, the error still
    carries the help lines (and from ``high`` up the safe reply), for the client to show the person: a crisis is
    never answered with a bare error."""
    body: dict[str, Any] = {"detail": detail}
    body.update(_crisis(svc, message, locale))
    return ChatRefused(status, body)


def _crisis(svc: Services, message: Any, locale: Any, assessed=None) -> dict:
    """``{"reply", "helplines", "risk"}`` for a message at ``moderate`` or above, else nothing."""
    from xinyu.respond.chat import crisis_shown, reply_language

    assessed = assessed or _assess(svc, message)
    if assessed is None:
        return {}
    locale = locale if isinstance(locale, str) and len(locale) <= 35 else None
    language = reply_language(assessed.language, message)
    shown = crisis_shown(assessed.level, locale, language, svc.settings.safety.helplines or None)
    return {**shown, "risk": {"level": assessed.level.name}} if shown else {}


def _assess(svc: Services, message: Any):
    """:meth:`ChatService.assess_alone`, for an error answer: never raises (it must not become a 500)."""
    try:
        return svc.chat.assess_alone(message)
    except Exception:  # noqa: BLE001
        log.exception("risk assessment of a refused message failed")
        return None


def _chat_fields(body: Any) -> tuple[Any, Any]:
    """(message, locale) of a chat or chat completion body as sent, whatever its shape: the parsed body, or the
    text of one that was refused as JSON (read leniently here, and only to look for a crisis in it)."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return None, None
    if not isinstance(body, dict):
        return None, None
    message, locale = body.get("message"), body.get("locale")
    messages = body.get("messages")
    if message is None and isinstance(messages, list):
        users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
        if users:
            content = users[-1].get("content")
            message = content if isinstance(content, str) else None
        ext = body.get("xinyu")
        locale = ext.get("locale") if isinstance(ext, dict) else None
    return message, locale


def _late_turn(work: asyncio.Future) -> None:
    """A turn answered as overdue ended after all: how, to the log. It stops before writing once it sees it is
    overdue; one already past its last write is kept."""
    if work.cancelled():
        return
    exc = work.exception()
    if exc is None:
        log.warning("a turn answered as overdue was stored after all (its write was under way)")
    elif not isinstance(exc, TurnOverdue):
        log.warning("a turn answered as overdue ended later with %s", type(exc).__name__)


def _overdue(
    svc: Services,
    who: Principal,
    user_id: str,
    message: str,
    session_id: str | None,
    locale: str | None,
    turn_id: str,
) -> ChatRefused:
    """The answer for a turn past its deadline: what a person at risk must see, and the escalation journalled."""
    from xinyu.safety.levels import RiskLevel

    body: dict[str, Any] = {
        "detail": "the service could not answer in time; retry in a moment",
        "reason": "timeout",
    }
    assessed = _assess(svc, message)
    body.update(_crisis(svc, message, locale, assessed))
    if assessed is not None and assessed.level >= RiskLevel.MODERATE:
        sid = who.inner(session_id) if session_id else None
        escalation = svc.chat.escalator.journal_only(assessed, who.inner(user_id), sid, locale, turn_id)
        body["risk"]["escalation"] = escalation.to_dict()
    log.error("a turn passed its deadline (risk %s)", assessed.level.name if assessed else "none")
    return ChatRefused(503, body)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _content(content: str | list[dict[str, Any]] | None) -> str:
    """OpenAI content: a string, or a list of parts of which the text ones count."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(
        str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type", "text") == "text"
    )
