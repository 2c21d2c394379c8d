"""One turn of a conversation: analyze -> conversation risk -> escalation -> strategy -> reply -> moderation -> store.

The escalation runs before the reply engine, so a crisis is recorded (and its alert queued) even when the engine
fails; when the policy calls for a safe reply, the engine is not asked at all. Every reply passes moderation. The
turn is committed to the store before it is returned, so a reply the client received is never lost.

When the store fails (a full disk, a database down, a lock held too long), the turn is not acknowledged --
:class:`TurnNotStored` -- but a crisis still is: the message is assessed on its own, the escalation goes to the
crisis journal, and the error carries the safe reply and help lines for the person.

A user belongs to the API key (``owner``) that created it; to any other key it does not exist.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn

from xinyu.compat import moved
from xinyu.emotion.registry import IN_PROCESS
from xinyu.lang import HAN, zh_or_en
from xinyu.levels import RiskLevel
from xinyu.memory.database import NotOwner, StoreError, StoreUnavailable, WouldWait, lock_wait_s
from xinyu.memory.store import Store
from xinyu.memory.turns import TurnRecord
from xinyu.respond.compose import DYING, urgent_answer
from xinyu.respond.context import build_context
from xinyu.respond.dialogue import DialogueState, answers_yes, in_context, withdraws
from xinyu.respond.engines import Fallback, LocalEngine, Reply, ReplyContext, ReplyEngine
from xinyu.respond.guards import broken_rule, keep_rules, understanding
from xinyu.respond.requests import requested
from xinyu.respond.script import in_script
from xinyu.respond.strategy import Strategy
from xinyu.respond.summary import render_summary
from xinyu.safety import ConversationRisk, RiskAssessment, RiskAssessor, moderate
from xinyu.safety.concern import ConcernTurn, concern_due, concern_reply
from xinyu.safety.escalation import Escalation, Escalator
from xinyu.safety.heard import hear
from xinyu.safety.helplines import helpline_note, helplines_for, local_numbers, safe_reply
from xinyu.safety.pii import redact
from xinyu.safety.protocol import CrisisTurn, asks_alert, crisis_reply, says_no_hotlines
from xinyu.schema import EmotionRecord, ReplyRecord, RiskRecord
from xinyu.taxonomy import STRATEGIES
from xinyu.tracing import span
from xinyu.understand.acts import detect_acts

log = logging.getLogger(__name__)
__getattr__ = moved(
    __name__, {"build_engine": "xinyu.respond.engines", "words_to_reflect": "xinyu.respond.context"}
)

ID_PATTERN = r"[A-Za-z0-9_.:@-]{1,128}"  # an id as a client sends it
#: an id as stored: a client's, behind its namespace prefix (see xinyu.service.security)
_ID = re.compile(r"[A-Za-z0-9_.:@-]{1,192}")
#: control characters that carry nothing a person wrote (kept: tab, newline, carriage return)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: what the person says back that the crisis protocol answers itself (xinyu.safety.heard)
PROTOCOL_ANSWERS = frozenset({"doubt", "medicine"})
HELPLINE_EVERY = 5  # the ``helplines`` action adds the lines at most once in this many turns


class ChatInputError(ValueError):
    """The request cannot be served as sent (empty message, bad id, session of another user...); ``status`` is
    the HTTP status that says so."""

    status = 422


class ChatConflict(ChatInputError):
    """The session belongs to another user of the same caller."""

    status = 409


class ChatNotFound(ChatInputError):
    """The user or session does not exist for this caller (it may belong to another API key)."""

    status = 404


class TurnOverdue(RuntimeError):
    """The caller stopped waiting for this turn (it answered the person already, and journalled any crisis):
    the turn stops before it writes."""


class TurnNotStored(RuntimeError):
    """The store failed, so the turn was not kept. A crisis in the message was still handled: ``escalation``
    went to the crisis journal when the database did not take it, and ``reply`` / ``helplines`` are what the
    person must still be shown (empty when the message showed no risk)."""

    def __init__(
        self,
        failure: StoreUnavailable,
        level: str,
        reply: str | None,
        helplines: list[str],
        escalation: dict | None,
    ) -> None:
        super().__init__(str(failure))
        self.reason = failure.reason
        self.level = level
        self.reply = reply
        self.helplines = helplines
        self.escalation = escalation


def _check(overdue: threading.Event | None) -> None:
    if overdue is not None and overdue.is_set():
        raise TurnOverdue("the turn was answered as overdue; it writes nothing more")


def clean_message(message: str) -> str:
    """The message without control characters (NUL and the like), which no database or reader wants."""
    return _CONTROL.sub("", message)


@dataclass
class ChatEvents:
    """Hooks the service uses for metrics; each is called with plain values."""

    on_turn: Callable[[dict], None] = lambda _turn: None
    on_blocked: Callable[[list[str]], None] = lambda _cats: None
    #: a call to the configured engine: its name, how long it took, whether it answered
    on_engine_call: Callable[[str, float, bool], None] = lambda _engine, _seconds, _ok: None
    #: a reply another engine wrote: the engine that failed (or whose reply broke a rule), and why
    on_fallback: Callable[[str, str], None] = lambda _engine, _reason: None


@dataclass
class ChatService:
    analyzer: Any  # EmotionAnalyzer
    assessor: RiskAssessor
    store: Store
    escalator: Escalator
    engine: ReplyEngine
    local: LocalEngine
    max_chars: int = 5000
    redact_pii: bool = False
    pii_key: bytes = b""
    helplines: dict[str, list[str]] | None = None
    events: ChatEvents = field(default_factory=ChatEvents)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)

    def _session_lock(self, session_id: str) -> threading.Lock:
        with self._locks_guard:
            lock = self._locks.get(session_id)
            if lock is None:
                if len(self._locks) > 10_000:
                    self._locks = {k: v for k, v in self._locks.items() if v.locked()}
                lock = self._locks[session_id] = threading.Lock()
            return lock

    @property
    def cpu_bound(self) -> bool:
        """True when no part of a turn waits on the network (local engine, in-process emotion backend, SQLite):
        the service then runs turns on its event loop, as a thread hand-off costs more than the turn itself."""
        backend = getattr(getattr(self.analyzer, "backend", None), "name", None)
        return self._replier().fast and backend in IN_PROCESS and self.store.engine.dialect.name == "sqlite"

    def turn(
        self,
        user_id: str,
        message: str,
        session_id: str | None = None,
        locale: str | None = None,
        owner: str | None = None,
        admin: bool = True,
        turn_id: str | None = None,
        overdue: threading.Event | None = None,
    ) -> dict:
        """One turn for ``user_id``. ``owner`` is the caller's identity (the API key or client app): a user it
        did not create is not found, unless ``admin``. ``turn_id`` names the turn (and its escalation); once
        ``overdue`` is set the turn writes nothing more and ends with :class:`TurnOverdue`."""
        start = time.perf_counter()
        if not isinstance(user_id, str) or not _ID.fullmatch(user_id):
            raise ChatInputError("user_id must be 1-192 characters of letters, digits and _.:@-")
        if session_id is not None and not _ID.fullmatch(session_id):
            raise ChatInputError("session_id must be 1-192 characters of letters, digits and _.:@-")
        if not isinstance(message, str):
            raise ChatInputError("message must be a string")
        message = clean_message(message)
        if not message.strip():
            raise ChatInputError("message is empty or whitespace only")
        if len(message) > self.max_chars:
            raise ChatInputError(f"message is {len(message)} characters; the limit is {self.max_chars}")
        session_id = session_id or uuid.uuid4().hex
        lock = self._session_lock(session_id)
        # on the service's event loop (short waits) a turn of the same session in progress is not waited for:
        # the caller runs this one again in a thread
        if not lock.acquire(timeout=lock_wait_s()):
            raise WouldWait()
        try:
            return self._turn(user_id, message, session_id, locale, start, owner, admin, turn_id, overdue)
        finally:
            lock.release()

    def _known_session(self, user_id: str, session_id: str, owner: str | None, admin: bool) -> dict | None:
        """The stored session, after checking the caller may write to it as ``user_id``."""
        try:
            return self.store.session_for(user_id, session_id, owner, admin)
        except NotOwner as exc:
            raise ChatNotFound(str(exc)) from exc
        except StoreError as exc:
            raise ChatConflict(str(exc)) from exc

    def _turn(
        self,
        user_id: str,
        message: str,
        session_id: str,
        locale: str | None,
        start: float,
        owner: str | None = None,
        admin: bool = True,
        turn_id: str | None = None,
        overdue: threading.Event | None = None,
    ) -> dict:
        try:
            stored = self._known_session(user_id, session_id, owner, admin)
        except StoreUnavailable as failure:
            # the store cannot say who owns what or what was said before; the message alone is still read for
            # risk, and a crisis in it still handled, below
            return self._unstored(user_id, message, session_id, locale, failure)
        state = (stored or {}).get("state") or {}
        locale = locale or (stored or {}).get("locale")
        turn_index = (stored or {}).get("turns", 0)
        turn_id = turn_id or uuid.uuid4().hex

        # risk first: a crisis is escalated before anything that may fail (an emotion backend on the network)
        conv, assessed, risk, confirmed = self._risk(message, state)
        _check(overdue)
        # the escalation's id is the turn's: one crisis, one escalation, whichever path writes it
        with span("xinyu.escalation", turn_id=turn_id) as traced:
            escalation = self.escalator.handle(
                risk, user_id, session_id, turn_id, locale, defer=True, eid=turn_id
            )
            traced.set(escalation_actions=tuple(escalation.actions))
        if escalation.failure is not None:
            # the database just refused the crisis's escalation (it is in the journal): the turn would fail the
            # same way, after another wait; the person gets the safe reply and help lines now
            raise self._not_stored(
                escalation.failure, risk.level, locale, reply_language(risk.language, message), escalation
            )
        try:
            backend = getattr(getattr(self.analyzer, "backend", None), "name", None)
            with span("xinyu.emotion", emotion_backend=backend) as traced:
                emotion = self.analyzer.analyze(message)
                traced.set(emotion=emotion.label, language=emotion.language)
        except Exception:
            if escalation.pending is not None:  # the turn is lost: its escalation is kept in the journal
                self.escalator.journal_pending(escalation)
            raise

        history = list(state.get("strategies", []))
        dialogue = DialogueState.restore(state.get("dialogue"))
        ctx = build_context(
            message,
            emotion,
            risk.level.name,
            reply_language(emotion.language, message, locale),
            turn_index=turn_index,
            locale=locale,
            used=state.get("used", []),
            seed=session_id,
            state=dialogue,
            message_risk=assessed.level.name,
            cues=frozenset(c.kind for c in assessed.cues if c.active),
        )
        strategy, topic = ctx.strategy, ctx.topic
        emotion = in_context(emotion, ctx.reading.emotion if ctx.reading is not None else emotion.label)
        crisis, concern = state.get("crisis"), state.get("concern")
        alerted = bool(state.get("alerted")) or bool({"alert", "handoff"} & set(escalation.actions))
        with span("xinyu.reply") as traced:
            if escalation.reply is not None:  # the policy calls for a safe reply: the crisis protocol answers
                # a wish to die said in answer to the direct question ("想死") answers it: the protocol asks the
                # next step, not the same question again (the level stays the ladder's)
                kinds = frozenset(c.kind for c in assessed.cues if c.active)
                answered = confirmed or answers_yes(state.get("dialogue"), message, kinds)
                reply, crisis = self._crisis_reply(
                    message, risk, ctx, locale, alerted, crisis, escalation.reply, answered
                )
            elif risk.other > risk.level and concern_due(risk.other, risk.others, message):
                # (where the speaker's own risk is as high, their own is answered: "我不想自杀…很想睡下去永远别醒来")
                # someone the person is worried about is at risk: what to do for them, turn after turn
                reply, concern = self._concern_reply(
                    message, risk, ctx, locale, alerted, concern, user_id, session_id, dialogue.subjects
                )
            else:
                reply = self._engine_reply(ctx, user_id, session_id)
                if (
                    reply.strategy in STRATEGIES and reply.strategy != strategy.name
                ):  # the model chose its own
                    strategy = Strategy(reply.strategy, f"chosen by the {reply.engine} engine")
                reply = self._guarded(reply, ctx)
            traced.set(
                engine=reply.engine, fallback=reply.fallback, engine_error=reply.error, strategy=strategy.name
            )
        offered_at = state.get("helplines_at")
        # "no hotlines, please" holds below a crisis; at high and above the protocol decides what it shows
        no_hotlines = bool(state.get("no_hotlines")) or says_no_hotlines(message)
        if (
            "helplines" in escalation.actions
            and escalation.reply is None
            and not no_hotlines
            and (offered_at is None or turn_index - offered_at >= HELPLINE_EVERY)
        ):
            reply.text = reply.text.rstrip() + "\n\n" + helpline_note(locale, ctx.language, self.helplines)
            offered_at = turn_index
        # the lines practical answers name (police, anti-fraud, citizens' hotline) are those of where the person is
        reply.text = local_numbers(reply.text, locale)
        with span("xinyu.moderation") as traced:
            verdict = moderate(reply.text, locale, ctx.language, message, self.helplines)
            verdict.reply = in_script(verdict.reply, locale, message)  # Traditional for Taiwan and Hong Kong
            traced.set(moderation_allowed=verdict.allowed, moderation_categories=tuple(verdict.categories))
        if not verdict.allowed:
            self.events.on_blocked(verdict.categories)
            log.warning("reply from %s blocked by moderation: %s", reply.engine, verdict.categories)
            try:
                self.store.audit(
                    "reply_blocked", turn_id, {"categories": verdict.categories, "engine": reply.engine}
                )
            except WouldWait:
                raise
            except StoreUnavailable as exc:  # the log line above keeps it; the turn's own write will tell
                log.error("reply_blocked audit not written (%s)", exc.reason)

        stored_message = message
        if self.redact_pii:
            stored_message = redact(message, mode="mask", key=self.pii_key).text
        new_state = {
            "risk": conv.state(),
            "strategies": (history + [strategy.name])[-8:],
            "dialogue": dialogue.to_dict(),
            "crisis": crisis,
            "concern": concern,
            "alerted": alerted,
            "no_hotlines": no_hotlines,
            "confirmed": confirmed,
            "used": (ctx.used + reply.used)[-60:],
            "helplines_at": offered_at,
        }
        latency_ms = (time.perf_counter() - start) * 1000
        emotion_dict = emotion.model_dump()
        risk_dict = risk.to_dict()
        record = TurnRecord(
            turn_id=turn_id,
            session_id=session_id,
            user_id=user_id,
            locale=locale,
            message=stored_message,
            reply=ReplyRecord(
                text=verdict.reply,
                strategy=strategy.name,
                engine=reply.engine,
                fallback=reply.fallback,
                moderated=not verdict.allowed,
            ),
            emotion=EmotionRecord.of(emotion),
            risk=RiskRecord(risk.level, risk.score, risk.language, risk_dict["reasons"]),
            state=new_state,
            latency_ms=latency_ms,
            topic=topic,
            escalation_id=escalation.id,
            owner=owner,
            admin=admin,
            also=[escalation.pending] if escalation.pending else [],
        )
        _check(overdue)
        try:
            with span("xinyu.store", turn_id=turn_id):
                summary = self.store.record_turn(record)
        except NotOwner as exc:  # another caller created the user in the meantime
            raise ChatNotFound(f"no user {user_id}") from exc
        except WouldWait:
            raise  # nothing written: the caller runs the turn again where it may wait for the lock
        except StoreUnavailable as failure:
            if escalation.pending is not None:
                self.escalator.journal_pending(escalation)
            raise self._not_stored(failure, risk.level, locale, ctx.language, escalation) from failure
        except StoreError as exc:  # another turn created the session for another user in the meantime
            raise ChatConflict(str(exc)) from exc
        out = {
            "session_id": session_id,
            "turn_id": turn_id,
            "reply": verdict.reply,
            "emotion": emotion_dict,
            "risk": {**risk_dict, "escalation": escalation.to_dict()},
            "strategy": {**strategy.to_dict(), "topic": topic},
            "understanding": understanding(ctx),
            "memory": {
                "summary": render_summary(summary, ctx.language),
                "turn_index": turn_index,
            },
            # what failed, as a short code (timeout, unreachable...): the details, which name internal endpoints
            # and quote upstream answers, go to the log only
            "engine": {"name": reply.engine, "fallback": reply.fallback, "error": reply.error},
            "moderation": {"allowed": verdict.allowed, "categories": verdict.categories},
            "latency_ms": round(latency_ms, 2),
        }
        self.events.on_turn(out)
        return out

    def _risk(
        self, message: str, state: dict
    ) -> tuple[ConversationRisk, RiskAssessment, RiskAssessment, bool]:
        """(the conversation's risk restored from the session's ``state``, the message's risk, the conversation's
        with it, whether the person ever said yes to the direct question about suicide): such a yes is thoughts of
        suicide said, ``high`` for the rest of the session."""
        with span("xinyu.risk") as traced:
            conv = ConversationRisk.restore(self.assessor, state.get("risk"))
            assessed = self.assessor.assess(message)
            risk = conv.add_assessed(assessed)
            confirmed = bool(state.get("confirmed")) or answers_yes(state.get("dialogue"), message)
            if confirmed and risk.level < RiskLevel.HIGH:
                risk = replace(
                    risk,
                    level=RiskLevel.HIGH,
                    score=max(risk.score, RiskLevel.HIGH.score(0.5)),
                    conversation={
                        **(risk.conversation or {}),
                        "confirmed": "yes to the direct question about suicide",
                    },
                )
            traced.set(risk_level=risk.level.name, message_risk=assessed.level.name, language=risk.language)
        return conv, assessed, risk, confirmed

    def assess_alone(self, message: object):
        """The risk of a message read as the first turn of a conversation (the conversation layer combines a
        means and a time within it), whatever was sent: None when there is no text. For a message that is not
        answered as usual (the store failed, the request was refused), whose session cannot be read."""
        if not isinstance(message, str):
            return None
        text = clean_message(message)[: self.max_chars]
        text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate (half an emoji) read as "?"
        if not text.strip():
            return None
        return ConversationRisk(self.assessor).add_assessed(self.assessor.assess(text))

    def _unstored(
        self, user_id: str, message: str, session_id: str, locale: str | None, failure: StoreUnavailable
    ) -> NoReturn:
        """The store failed before the turn began: assess the message alone, handle a crisis in it (the
        escalation goes to the crisis journal when the database does not take it), and raise
        :class:`TurnNotStored` with what the person must be shown."""
        risk = self.assess_alone(message)
        escalation = None
        if risk.level > RiskLevel.NONE:
            escalation = self.escalator.handle(
                risk, user_id, session_id, uuid.uuid4().hex, locale, defer=True
            )
            if escalation.pending is not None:
                self.escalator.journal_pending(escalation)
        language = reply_language(risk.language, message)
        raise self._not_stored(failure, risk.level, locale, language, escalation)

    def _not_stored(
        self,
        failure: StoreUnavailable,
        level: RiskLevel,
        locale: str | None,
        language: str,
        escalation: Escalation | None,
    ) -> TurnNotStored:
        shown = crisis_shown(
            level, locale, language, self.helplines, escalation.reply if escalation else None
        )
        log.error(
            "turn not stored (%s); risk %s%s",
            failure.reason,
            level.name,
            f", escalation {escalation.id} journalled" if escalation and escalation.journaled else "",
        )
        return TurnNotStored(
            failure,
            level.name,
            shown.get("reply"),
            shown.get("helplines", []),
            escalation.to_dict() if escalation else None,
        )

    def _crisis_reply(
        self, message, risk, ctx, locale, alerted, crisis, safe_text, confirmed=False
    ) -> tuple[Reply, dict | None]:
        """The crisis protocol's reply to this turn, with a question about the bot or a medicine answered first
        (unless the protocol answers it itself: doubt about the bot, a medicine's safety fact). Should the
        protocol fail, the person still gets the safe reply and its help lines (``safe_text``)."""
        try:
            text, crisis = crisis_reply(
                CrisisTurn(
                    message=message,
                    level=risk.level,
                    language=ctx.language,
                    locale=locale,
                    cue_kinds=frozenset(c.kind for c in risk.cues if c.active),
                    cue_texts=tuple(c.text for c in risk.cues if c.active),
                    refuses_hotlines=says_no_hotlines(message),
                    alerted=alerted,
                    confirmed=confirmed,
                    closing=_closing_act(ctx, message),
                ),
                crisis,
                self.helplines,
            )
            asked = None
            # whether anyone was told is the protocol's to answer once a person was alerted: it knows they were
            if hear(message).kind not in PROTOCOL_ANSWERS and not (alerted and asks_alert(message)):
                asked = urgent_answer(ctx, dying=bool(DYING & {c.kind for c in risk.cues if c.active}))
        except Exception:  # noqa: BLE001 - a crisis is never left without its safe reply
            log.exception("crisis protocol failed; the safe reply is sent instead")
            self.events.on_fallback("safety", "protocol_error")
            return Reply(safe_text, "safety", fallback=True, error="protocol_error"), crisis
        return Reply(f"{asked}\n\n{text}" if asked else text, "safety"), crisis

    def _concern_reply(
        self, message, risk, ctx, locale, alerted, concern, user_id, session_id, subjects=()
    ) -> tuple[Reply, dict | None]:
        """The reply to someone worried about another person's safety (:func:`xinyu.safety.concern.concern_reply`),
        opening on the answer to what they asked of it where there is one (the warning signs they saw, what to say,
        whether to call the family); should it fail, the engine's reply with the help lines under it."""
        try:
            got = requested(message, ctx.language, subjects=tuple(subjects))
            name = got[0].split(".", 1)[1] if got else ""
            answer = got[1] if name.startswith("other_at_risk") else None
            text, concern = concern_reply(
                ConcernTurn(
                    message=message,
                    level=risk.other,
                    language=ctx.language,
                    locale=locale,
                    themes=risk.others,
                    alerted=alerted,
                    refuses_hotlines=says_no_hotlines(message),
                    answer=answer,
                    answer_id=name if answer else None,
                ),
                concern,
                self.helplines,
            )
        except Exception:  # noqa: BLE001 - the person still gets a reply, and the lines
            log.exception("concern reply failed; the engine replies, with the help lines")
            self.events.on_fallback("safety", "concern_error")
            reply = self._guarded(self._engine_reply(ctx, user_id, session_id), ctx)
            reply.text = reply.text.rstrip() + "\n\n" + helpline_note(locale, ctx.language, self.helplines)
            return reply, concern
        return Reply(text, "safety"), concern

    def _guarded(self, reply: Reply, ctx: ReplyContext) -> Reply:
        """The engine's reply, or the local engine's in its place when it breaks a rule every reply keeps (see
        :func:`xinyu.respond.guards.broken_rule`): no cheer to pain, no dose, no claim to be human."""
        rule = broken_rule(reply.text, ctx)
        if rule is None:
            return reply
        log.warning("reply from %s replaced: %s", reply.engine, rule)
        self.events.on_fallback(reply.engine, f"guard:{rule}")
        local = self.local.reply(ctx)
        local.text = keep_rules(local.text, ctx)
        return Reply(local.text, local.engine, fallback=True, error=f"guard:{rule}", used=local.used)

    def _replier(self) -> ReplyEngine:
        """The engine behind the one fallback rule: the local engine where it fails, the fixed safe text where
        that fails too. The configured engine comes with its fallback already; one set here as it is (a test's, a
        caller's) is covered the same way."""
        return Fallback(self.engine, self.local, last_resort=self._safe_text)

    def _safe_text(self, ctx: ReplyContext) -> str:
        return safe_reply(ctx.locale, ctx.language, self.helplines, blocked=True)

    def _engine_reply(self, ctx: ReplyContext, user_id: str, session_id: str) -> Reply:
        replier = self._replier()
        if replier.reads_memory:
            try:
                ctx.memory = render_summary(self.store.user_summary(user_id), ctx.language)
                for msg, rep in self.store.recent_turns(session_id, 6):
                    ctx.history += [{"role": "user", "content": msg}, {"role": "assistant", "content": rep}]
            except StoreUnavailable as exc:  # the reply goes on without memory; storing the turn will tell
                log.warning("memory unreadable for the prompt (%s)", exc.reason)
        start = time.perf_counter()
        reply = replier.reply(ctx)
        self.events.on_engine_call(replier.name, time.perf_counter() - start, not reply.fallback)
        if reply.fallback:
            self.events.on_fallback(replier.name, reply.error or "failed")
        return reply


def crisis_shown(
    level: RiskLevel,
    locale: str | None,
    language: str,
    table: dict[str, list[str]] | None = None,
    reply: str | None = None,
) -> dict:
    """What a person must still be shown when their message was not answered as usual (the turn failed or was
    refused): from ``moderate`` up the help lines, with a note about them, and from ``high`` up the safe reply
    (``reply`` when the escalation already chose one). Empty below ``moderate``."""
    if level < RiskLevel.MODERATE:
        return {}
    if reply is None:
        reply = (
            safe_reply(locale, language, table)
            if level >= RiskLevel.HIGH
            else helpline_note(locale, language, table)
        )
    return {"reply": in_script(reply, locale), "helplines": helplines_for(locale, language, table)}


def reply_language(detected: str, message: str, locale: str | None = None) -> str:
    """zh or en: the analyser's language, else a guess from the script; a word or two of Latin letters ("ok",
    "lol", "yes") from a Chinese-speaking client is answered in Chinese.

    >>> reply_language("en", "ok", "zh-HK"), reply_language("en", "ok"), reply_language("en", "see you tomorrow", "zh-HK")
    ('zh', 'en', 'en')
    """
    if (
        locale
        and locale.lower().startswith("zh")
        and not HAN.search(message)
        and len(message.strip()) <= 8
        and len(re.findall(r"[A-Za-z]+", message)) <= 1
    ):
        return "zh"
    return detected if detected in ("zh", "en") else zh_or_en(message)


def _closing_act(ctx: ReplyContext, message: str) -> str | None:
    """Whether the person is going ("goodbye") or does not want to go on ("retraction": 不想说了), for the crisis
    protocol; a long message that goes on to tell something is neither."""
    if "goodbye" in (ctx.reading.acts if ctx.reading is not None else detect_acts(message)):
        return "goodbye"
    if withdraws(message) and len(message) <= 40:  # (not "jk" after a wish to die: that is heard, not let go)
        return "retraction"
    return None
