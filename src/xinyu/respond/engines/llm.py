"""The ``llm`` engine: any OpenAI-compatible endpoint, with an emotion-aware system prompt.

Any failure (down, hanging, error, empty answer) is a failed reply, which the fallback answers with ``local``;
the whole call, retries included, is bounded by the configured timeout. With a circuit breaker
(:class:`~xinyu.llm.breaker.CircuitBreaker`, ``llm.breaker_failures`` and ``llm.breaker_cooldown_s``), an endpoint
that failed several calls in a row is not called until its cool-down ends: those turns fail at once (code
``circuit_open``) and the local engine answers without waiting for a timeout.
"""

from __future__ import annotations

import logging
import time

from xinyu.llm.breaker import CircuitBreaker
from xinyu.respond.engines.base import Reply, ReplyContext, ReplyEngine

log = logging.getLogger(__name__)

STRATEGY_GUIDE = {
    "question": "Ask one gentle, open question to understand what happened.",
    "restatement": "Restate what the person said in your own words to show you understood.",
    "reflection": "Name and reflect the feeling you hear, in the person's own words where you can.",
    "self_disclosure": "Briefly share that others have felt similarly, without making it about yourself.",
    "affirmation": "Affirm their effort and worth; reassure them without dismissing the feeling.",
    "suggestion": "Offer one small, concrete, doable suggestion; do not lecture.",
    "information": "Share one piece of accurate, general information that helps; no diagnosis.",
}

SAFETY_RULES = (
    "Safety rules: never give information about methods or means of self-harm or suicide; never encourage or "
    "approve self-harm; never diagnose the person or give medication names or doses; never repeat phone numbers, "
    "ID numbers, addresses or other personal data back; if the person may be in danger, encourage them to contact "
    "people they trust and local crisis lines."
)


def system_prompt(ctx: ReplyContext) -> str:
    lang = "Chinese (简体中文)" if ctx.language == "zh" else "English"
    core = ", ".join(ctx.core_words[:5]) or "none"
    lines = [
        "You are xinyu, a warm, patient emotional-support companion. You are not a therapist.",
        f"Reply in {lang}, in 1-3 short sentences, plain and human, no lists, no emojis.",
        f"The person's current emotion: {ctx.emotion} (intensity {ctx.intensity:.2f} of 1); words that carry it: {core}.",
        f"Topic: {ctx.topic or 'unknown'}. Conversation risk level: {ctx.risk_level}.",
        f"Support strategy for this reply: {ctx.strategy.name}. {STRATEGY_GUIDE.get(ctx.strategy.name, '')}",
    ]
    lines += plan_lines(ctx)
    if ctx.memory:
        lines.append(f"What you remember about this person: {ctx.memory}")
    lines.append(SAFETY_RULES)
    return "\n".join(lines)


MOVE_GUIDE = {
    "answer": "Answer what was asked, directly and first.",
    "reflect": "Name what happened, in the person's own words (the event, the people, when).",
    "feel": "Reflect the feeling you hear.",
    "validate": "Validate the feeling: it makes sense given what happened.",
    "ask": "Ask one open question about what happened.",
    "ask_feeling": "Ask one open question about how it feels now.",
    "suggest": "Offer one small, concrete, doable step; no lecture.",
    "check": "Check whether the step feels doable.",
    "listen": "Just listen: no advice, a short line that you are here.",
    "recall": "Refer back to something the person told you earlier.",
    "share": "Share their good news warmly, without exaggerating.",
    "reassure": "Answer their doubt about themselves kindly and plainly: they are not stupid, weak or too much.",
    "hope": "They ask to hear it will be all right: say honestly you cannot promise, and that you hope so with them.",
    "stay": "They said again they wish they were not here: stay with it calmly, ask who is near when it comes.",
    "repair": (
        "They said your last reply missed (a stock line, too hard to follow, advice they are tired of, or wrong "
        "about them): own it in a few plain words, never say their complaint back, and drop that register."
    ),
    "repair_ask": "Then ask again, plainly, what matters most to them now.",
}
ANSWER_GUIDE = {
    "question_bot": "If asked or implied whether you are human: say plainly you are an AI (xinyu), never a person.",
    "question_medication": (
        "Never give a dose, a pill count, or advice to start, stop or combine medicines; send them to a pharmacist "
        "or doctor; warn clearly that alcohol with sleeping pills or sedatives is dangerous; gently ask if they "
        "are safe."
    ),
    "personal_data": "Gently say not to share ID numbers, addresses or passwords here; never repeat them.",
    "refusal": "Respect it: no advice, no hotline lists unless they are in danger; keep listening.",
    "smalltalk_request": "Answer the request (a film, a book, music, an opinion) with one concrete pick.",
}


def plan_lines(ctx: ReplyContext) -> list[str]:
    """The dialogue manager's plan and what the session remembers, as prompt lines."""
    out: list[str] = []
    plan = ctx.plan
    if plan is not None:
        steps = " ".join(MOVE_GUIDE.get(m, "") for m in plan.moves)
        out.append(f"Support stage: {plan.stage}. This reply, in order: {steps}")
        if plan.answer in ANSWER_GUIDE:
            out.append(ANSWER_GUIDE[plan.answer])
    if ctx.reading is not None and ctx.reading.situation.event:
        sit = ctx.reading.situation
        told = ", ".join(x for x in (sit.words, *sit.people, sit.when or "") if x)
        out.append(f"What happened: {sit.event} ({told}).")
    elif ctx.event:
        out.append(f"What happened: {ctx.event} (told earlier in this conversation).")
    facts = {k: v for k, v in ctx.facts.items() if k in ("name", "pet", "pet_name", "when", "thing")}
    if facts:
        out.append("Facts the person shared: " + "; ".join(f"{k}: {v}" for k, v in facts.items()) + ".")
    out.append("Never claim to be human. Never repeat a sentence you already said in this conversation.")
    return out


class LLMEngine(ReplyEngine):
    name = "llm"
    reads_memory = True

    def __init__(
        self,
        client,
        *,
        timeout_s: float = 8.0,
        history_turns: int = 6,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.client = client
        self.timeout_s = timeout_s
        self.history_turns = history_turns
        self.breaker = breaker
        self.failures = 0

    def start(self) -> None:
        self.client.start()

    def close(self) -> None:
        self.client.close()

    def messages(self, ctx: ReplyContext) -> list[dict]:
        msgs = [{"role": "system", "content": system_prompt(ctx)}]
        msgs += ctx.history[-2 * self.history_turns :]
        msgs.append({"role": "user", "content": ctx.message})
        return msgs

    def reply(self, ctx: ReplyContext) -> Reply:
        msgs = self.messages(ctx)
        if self.breaker is not None and not self.breaker.allow():
            return self._failure(msgs, "circuit_open")
        start = time.monotonic()
        try:
            text = self.client.chat(msgs, deadline_s=self.timeout_s, temperature=0.7, max_tokens=300).strip()
        except Exception as exc:  # noqa: BLE001 - any failure is answered by the local engine
            log.warning(
                "llm engine failed after %.2fs, local reply instead: %s: %s",
                time.monotonic() - start,
                type(exc).__name__,
                exc,
            )
            if self.breaker is not None:
                self.breaker.failed()
            return self._failure(msgs, getattr(exc, "kind", None) or "failed")
        if self.breaker is not None:
            self.breaker.succeeded()  # the endpoint answered, even if with nothing
        if not text:
            log.warning("llm engine returned an empty reply; local reply instead")
            return self._failure(msgs, "empty")
        return Reply(text, self.name, prompt=msgs)

    def _failure(self, msgs: list[dict], code: str) -> Reply:
        self.failures += 1
        return Reply.failure(self.name, code, prompt=msgs)
