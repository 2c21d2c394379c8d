"""Scoring replies against reference replies: BLEU-1/2/4, ROUGE-L, Distinct-1/2, length, emotion fit, strategy
accuracy, moderation pass rate, and the perplexity of the references where the engine is a language model.

Tokens: Chinese is scored by character (every CJK character one token), other text by lower-cased word, so a file
that mixes both is scored consistently. BLEU is sacrebleu's corpus BLEU on those tokens (cumulative BLEU-n,
uniform weights up to n, as ESConv's papers report it), ROUGE-L the mean sentence-level LCS F1, Distinct-n the
share of distinct n-grams among all n-grams of the generated replies. Figures are percentages, like the papers'.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from xinyu.taxonomy import NEGATIVE_EMOTIONS

_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+", re.UNICODE)
HOSTILE = {"anger", "disgust"}


def tokens(text: str) -> list[str]:
    """Characters for Chinese, lower-cased words for the rest; punctuation dropped.

    >>> tokens("我好累, so TIRED!")
    ['我', '好', '累', 'so', 'tired']
    """
    return _TOKEN.findall(text.lower())


def bleu(hyps: Sequence[list[str]], refs: Sequence[list[str]], n: int) -> float:
    """Corpus BLEU-n (cumulative, uniform weights) on token lists, 0-100."""
    from sacrebleu.metrics import BLEU

    metric = BLEU(tokenize="none", max_ngram_order=n, effective_order=True)
    return float(metric.corpus_score([" ".join(h) for h in hyps], [[" ".join(r) for r in refs]]).score)


def rouge_l(hyp: list[str], ref: list[str]) -> float:
    """Sentence ROUGE-L F1 (LCS), 0-1."""
    if not hyp or not ref:
        return 0.0
    from rapidfuzz.distance import LCSseq

    lcs = LCSseq.similarity(hyp, ref)
    if lcs == 0:
        return 0.0
    p, r = lcs / len(hyp), lcs / len(ref)
    return 2 * p * r / (p + r)


def distinct(hyps: Sequence[list[str]], n: int) -> float:
    """Distinct n-grams / all n-grams over every reply, 0-1."""
    grams = [tuple(h[i : i + n]) for h in hyps for i in range(len(h) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def emotion_fits(user_emotion: str | None, reply_emotion: str | None) -> bool:
    """A reply fits the user's state unless it is hostile (anger, disgust) or cheerful at someone who is not."""
    if reply_emotion in HOSTILE:
        return False
    return not (user_emotion in NEGATIVE_EMOTIONS and reply_emotion == "joy")


@dataclass
class ReplyScores:
    hyps: list[list[str]] = field(default_factory=list)
    refs: list[list[str]] = field(default_factory=list)
    fits: list[bool] = field(default_factory=list)
    strategy_hits: list[bool] = field(default_factory=list)
    allowed: list[bool] = field(default_factory=list)
    fallbacks: int = 0
    nll: float = 0.0  # summed negative log-likelihood of the reference replies, where the engine gives one
    nll_tokens: int = 0

    def add(
        self,
        reply: str,
        reference: str,
        fits: bool | None = None,
        strategy_hit: bool | None = None,
        allowed: bool | None = None,
    ) -> None:
        self.hyps.append(tokens(reply))
        self.refs.append(tokens(reference))
        if fits is not None:
            self.fits.append(fits)
        if strategy_hit is not None:
            self.strategy_hits.append(strategy_hit)
        if allowed is not None:
            self.allowed.append(allowed)

    def report(self) -> dict:
        n = len(self.hyps)
        if n == 0:
            raise ValueError("no rows were scored")

        def share(xs: list[bool]) -> float | None:
            return round(100 * sum(xs) / len(xs), 2) if xs else None

        return {
            "rows": n,
            "bleu1": round(bleu(self.hyps, self.refs, 1), 2),
            "bleu2": round(bleu(self.hyps, self.refs, 2), 2),
            "bleu4": round(bleu(self.hyps, self.refs, 4), 2),
            "rouge_l": round(
                100 * sum(rouge_l(h, r) for h, r in zip(self.hyps, self.refs, strict=True)) / n, 2
            ),
            "distinct1": round(100 * distinct(self.hyps, 1), 2),
            "distinct2": round(100 * distinct(self.hyps, 2), 2),
            "length": round(sum(map(len, self.hyps)) / n, 2),
            "reference_length": round(sum(map(len, self.refs)) / n, 2),
            "emotion_fit": share(self.fits),
            "strategy_accuracy": share(self.strategy_hits),
            "strategy_rows": len(self.strategy_hits),
            "moderation_pass": share(self.allowed),
            "fallbacks": self.fallbacks,
            "perplexity": round(math.exp(min(self.nll / self.nll_tokens, 50)), 3)
            if self.nll_tokens
            else None,
        }


def reply_contexts(records, analyzer, assessor=None):
    """``(record, ReplyContext, the user's EmotionResult)`` for every record with a reference reply: the engine's
    input as the service builds it (the turn read in the light of the turns before, its plan, risk, core words)."""
    from xinyu.respond.chat import reply_language
    from xinyu.respond.context import build_context

    for rec in records:
        if not rec.response:
            continue
        emotion = analyzer.analyze(rec.text)
        risk = assessor.assess(rec.text).level.name if assessor is not None else "none"
        context = [t for t in rec.meta.get("context") or [] if isinstance(t, dict)]
        history = [{"role": t.get("role", "user"), "content": str(t.get("text", ""))} for t in context]
        ctx = build_context(
            rec.text,
            emotion,
            risk,
            reply_language(emotion.language, rec.text),
            turn_index=sum(t["role"] == "user" for t in history),
            history=history,
            seed=rec.uid,
        )
        yield rec, ctx, emotion


def evaluate_replies(
    records, engine, analyzer, assessor=None, on_row=None, batch_size: int = 32, replies: dict | None = None
) -> tuple[dict, list[dict]]:
    """Reply to every (context, user turn, reference reply) record with ``engine`` as the service would (the
    user's emotion, core words, risk and the chosen strategy as its input), and score the replies.

    ``engine`` is a :class:`~xinyu.respond.engines.ReplyEngine`: it answers ``batch_size`` turns at a time
    (``reply_batch``; the model engine generates them together) and scores the reference replies, for the
    perplexity, where it can (``reference_nll``; the model engine). ``replies`` (record
    id -> reply text, or ``{"reply", "strategy"}``) scores replies written elsewhere instead of calling
    ``engine``; every record must have one.

    Returns the report and one sample per row: ``{"id", "context" (the last four turns), "user", "reference", "reply", "user_emotion",
    "reply_emotion", "strategy", "gold_strategy"}``."""
    from xinyu.respond.engines import Reply
    from xinyu.safety import moderate
    from xinyu.taxonomy import ESCONV_NAMES

    scores = ReplyScores()
    samples: list[dict] = []

    def answer(batch: list) -> list:
        if replies is not None:
            out = []
            for rec, _ctx, _emotion in batch:
                if rec.uid not in replies:
                    raise KeyError(f"no reply for record {rec.uid!r} in the replies file")
                given = replies[rec.uid]
                given = given if isinstance(given, dict) else {"reply": given}
                out.append(Reply(str(given.get("reply", "")), "file", strategy=given.get("strategy")))
            return out
        return engine.reply_batch([ctx for _rec, ctx, _emotion in batch])

    def score(batch: list) -> None:
        if replies is None:
            nll, count = engine.reference_nll(
                [
                    (ctx, ESCONV_NAMES.get(str(rec.meta.get("strategy"))), rec.response)
                    for rec, ctx, _ in batch
                ]
            )
            scores.nll += nll
            scores.nll_tokens += count
        for (rec, ctx, emotion), reply in zip(batch, answer(batch), strict=True):
            scores.fallbacks += reply.fallback
            reply_emotion = analyzer.analyze(reply.text).label if reply.text.strip() else None
            gold = ESCONV_NAMES.get(str(rec.meta.get("strategy")), None)
            used = reply.strategy or ctx.strategy.name
            scores.add(
                reply.text,
                rec.response,
                fits=emotion_fits(emotion.label, reply_emotion),
                strategy_hit=None if gold is None else used == gold,
                allowed=moderate(reply.text, locale="zh-CN" if ctx.language == "zh" else "en-US").allowed,
            )
            samples.append(
                {
                    "id": rec.uid,
                    "context": ctx.history[-4:],
                    "user": rec.text,
                    "reference": rec.response,
                    "reply": reply.text,
                    "user_emotion": emotion.label,
                    "reply_emotion": reply_emotion,
                    "strategy": used,
                    "gold_strategy": gold,
                }
            )
            if on_row:
                on_row()

    batch: list = []
    for item in reply_contexts(records, analyzer, assessor):
        batch.append(item)
        if len(batch) >= batch_size:
            score(batch)
            batch = []
    if batch:
        score(batch)
    return scores.report(), samples
