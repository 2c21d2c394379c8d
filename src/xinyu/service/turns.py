"""Where and how a chat turn runs, and what a turn that is not served answers.

:func:`dispatch` runs one turn where it holds up nothing else, within ``api.turn_deadline_s``: a short turn that
waits on nothing on the event loop, a long message in the one CPU thread, anything that waits (an LLM,
PostgreSQL) in the thread pool. A turn that is refused, fails or runs late raises :class:`ChatRefused`, whose body
still carries the help lines (and from ``high`` up the safe reply) when the message speaks of a crisis.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import json
import logging
import threading
import uuid
from typing import TYPE_CHECKING, Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from xinyu.emotion import EmotionBackendError
from xinyu.levels import RiskLevel
from xinyu.memory.database import WouldWait
from xinyu.respond.chat import ChatInputError, TurnOverdue, crisis_shown, reply_language
from xinyu.safety.escalation import PolicyError
from xinyu.service.logs import log_context
from xinyu.tracing import span

if TYPE_CHECKING:
    from xinyu.service.runtime import Status
    from xinyu.service.security import Principal
    from xinyu.service.services import Services

log = logging.getLogger(__name__)
#: longer messages are analysed in a worker thread (the cue layer and the models are linear in length, but a
#: 5,000-character message is still tens of milliseconds of CPU)
INLINE_MAX_CHARS = 1000


class ChatRefused(Exception):
    """A chat request not served; ``body`` is the whole JSON answer (``detail``, and for a crisis what the person
    must still be shown)."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body["detail"])
        self.status = status
        self.body = body


def off_loop(request: Request, work, cpu: bool) -> asyncio.Future:
    """``work()`` off the event loop: CPU work in the one dedicated thread (so that the loop is never one of many
    threads queueing for the interpreter), work that waits (an LLM, PostgreSQL, a model to load) in the thread
    pool. Either way it runs in a copy of this context: the request's id in its log lines, its spans children of
    the request's."""
    if cpu:
        context = contextvars.copy_context()
        return asyncio.get_running_loop().run_in_executor(request.app.state.cpu_pool, context.run, work)
    return asyncio.ensure_future(run_in_threadpool(work))


async def offload(request: Request, work, chars: int, in_process: bool):
    """Run ``work()`` where it holds up nothing else: a little in-process CPU on the event loop, the rest off it
    (:func:`off_loop`)."""
    if in_process and chars <= INLINE_MAX_CHARS:
        return work()
    return await off_loop(request, work, cpu=in_process)


def run_turn(
    svc: Services,
    who: Principal,
    user_id: str,
    message: str,
    session_id: str | None,
    locale: str | None,
    turn_id: str | None = None,
    overdue: threading.Event | None = None,
) -> dict:
    """One turn for the caller; ids come and go in the caller's namespace. What is logged meanwhile names the
    session and the turn (as stored), as does the turn's span when tracing is on."""
    stored_session = who.inner(session_id or uuid.uuid4().hex)
    turn_id = turn_id or uuid.uuid4().hex
    with log_context(stored_session, turn_id), span("xinyu.turn", session_id=stored_session, turn_id=turn_id):
        try:
            turn = svc.chat.turn(
                who.inner(user_id),
                message,
                stored_session,
                locale,
                owner=who.owner,
                admin=who.admin,
                turn_id=turn_id,
                overdue=overdue,
            )
        except ChatInputError as exc:
            raise refused(svc, exc.status, who.clean(str(exc)), message, locale) from exc
        except (EmotionBackendError, PolicyError) as exc:
            log.error("turn failed: %s", type(exc).__name__)
            detail = "the service cannot answer now; retry in a moment"
            raise refused(svc, 503, detail, message, locale) from exc
    turn["session_id"] = who.outer(turn["session_id"])
    return turn


async def dispatch(
    request: Request,
    svc: Services,
    status: Status,
    who: Principal,
    user_id: str,
    message: str,
    session_id: str | None,
    locale: str | None,
) -> dict:
    """Run a turn where it holds up nothing else, within ``api.turn_deadline_s``.

    A short turn that waits on nothing (local engine, in-process emotion, SQLite) runs on the event loop: about
    2 ms of CPU, less than a hand-off to a worker thread costs. Its locks (the session's, the process's, the
    database's) are waited for 50 ms at most; a turn that finds one taken before it wrote anything runs again in a
    thread, and for a second after that, as while the database is failing, turns go to threads. A long message is
    CPU work: one dedicated thread, so that the event loop is never one of many threads queueing for the
    interpreter. Anything else (an LLM, PostgreSQL) in the thread pool.

    A turn that has not finished by the deadline (a database that hangs) is answered with a 503 and, for a
    message at risk, the safe reply and help lines; its escalation goes to the crisis journal, whose alert is
    sent from the file. The turn itself may still finish in its thread.
    """
    args = (svc, who, user_id, message, session_id, locale)
    db = svc.store.db
    short = len(message) <= INLINE_MAX_CHARS
    if svc.chat.cpu_bound and short and status.storage_ok(svc) and not db.contended:
        try:
            with db.short_waits():
                return run_turn(*args)
        except WouldWait:
            pass
    turn_id, overdue = uuid.uuid4().hex, threading.Event()
    work = off_loop(
        request, functools.partial(run_turn, *args, turn_id, overdue), svc.chat.cpu_bound and not short
    )
    done, _ = await asyncio.wait({work}, timeout=svc.settings.api.turn_deadline_s)
    if done:
        return work.result()
    overdue.set()  # the turn writes nothing more: the person is answered here, a crisis journalled
    with log_context(who.inner(session_id) if session_id else None, turn_id):
        work.add_done_callback(_late_turn)
        raise await asyncio.to_thread(_overdue, svc, who, user_id, message, session_id, locale, turn_id)


def refused(svc: Services, status: int, detail: str, message: Any, locale: Any) -> ChatRefused:
    """The error for a chat request that was not served. When the message speaks of a crisis, the error still
    carries the help lines (and from ``high`` up the safe reply), for the client to show the person: a crisis is
    never answered with a bare error."""
    body: dict[str, Any] = {"detail": detail}
    body.update(crisis_fields(svc, message, locale))
    return ChatRefused(status, body)


def crisis_fields(svc: Services, message: Any, locale: Any, assessed=None) -> dict:
    """``{"reply", "helplines", "risk"}`` for a message at ``moderate`` or above, else nothing."""
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


def chat_fields(body: Any) -> tuple[Any, Any]:
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
            message = _text_of(users[-1].get("content"))
        ext = body.get("xinyu")
        locale = ext.get("locale") if isinstance(ext, dict) else None
    return message, locale


def _text_of(content: Any) -> str | None:
    """The text of an OpenAI message's content as sent: a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [p.get("text") for p in content if isinstance(p, dict) and p.get("type", "text") == "text"]
        return "".join(t for t in texts if isinstance(t, str)) or None
    return None


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
    body: dict[str, Any] = {
        "detail": "the service could not answer in time; retry in a moment",
        "reason": "timeout",
    }
    assessed = _assess(svc, message)
    body.update(crisis_fields(svc, message, locale, assessed))
    if assessed is not None and assessed.level >= RiskLevel.MODERATE:
        sid = who.inner(session_id) if session_id else None
        escalation = svc.chat.escalator.journal_only(assessed, who.inner(user_id), sid, locale, turn_id)
        body["risk"]["escalation"] = escalation.to_dict()
    log.error("a turn passed its deadline (risk %s)", assessed.level.name if assessed else "none")
    return ChatRefused(503, body)
