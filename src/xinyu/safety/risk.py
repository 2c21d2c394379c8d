"""Risk assessment of a message and of a conversation.

Three layers, the strongest wins:

1. cues (:mod:`xinyu.safety.cues`), always on;
2. the trained model (:mod:`xinyu.safety.model`), when it loads; a load failure is reported in every result
   (``model_error``), never swallowed, and the cue layer carries on alone;
3. the conversation: themes (hopelessness, burden, isolation, entrapment, ideation, method, plan) seen over recent
   turns, decaying slowly, so that risk spread over several messages is caught even when no single message
   crosses the line. Distress alone rises to ``low`` or ``moderate``; ``high`` needs danger (a wish to die, a
   method or a plan) somewhere in the conversation. Within a session the level never drops once it has reached
   ``high``; below that it eases by one level at a time after quiet turns.

The model's ``ideation`` head lifts a message to ``moderate`` (and, trained on gold labels, notices one at ``low``
a little below that); its ``high`` head lifts a message about ending one's life (the ideation head reaches its
gate, or an ideation cue or a named means says so and the ideation head fires) to ``high``, and a message whose
cues read a wish to be dead and nothing more only where the model reads more than the wish. Where every cue in a
message was defused (news, negation, a joke...), the model cannot lift it above ``low``. The model never lowers
what the cues found (:func:`model_level`).

>>> assessor = RiskAssessor(use_model=False)
>>> assessor.assess("我不想活了").level.name
'moderate'
>>> assessor.assess("笑死我了").level.name
'none'
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from xinyu.lang import detect_language, simplified
from xinyu.levels import RiskLevel
from xinyu.safety.concern import concern_level, concern_themes
from xinyu.safety.cues import (
    DISTRESS,
    KINDS,
    LAUGH,
    SOFTENED,
    SOFTENED_SERIOUS,
    CueMatch,
    cue_level,
    find_cues,
    speaks,
)
from xinyu.safety.model import ModelScore, RiskModel, RiskModelError

log = logging.getLogger(__name__)

#: texts longer than this are assessed on their first and last parts (a crisis can sit at either end)
MAX_CHARS = 4000


@dataclass
class RiskAssessment:
    level: RiskLevel
    score: float
    language: str
    cues: list[CueMatch] = field(default_factory=list)
    model: ModelScore | None = None
    model_error: str | None = None
    conversation: dict | None = None  # set by the conversation layer
    #: what the message says of someone else's safety (:func:`xinyu.safety.concern.concern_themes`): themes
    others: frozenset[str] = frozenset()
    #: the risk of someone else the speaker is worried about, over the conversation (set by its layer)
    other: RiskLevel = RiskLevel.NONE

    @property
    def reasons(self) -> list[dict]:
        out: list[dict] = []
        for c in self.cues:
            item = {"layer": "cue", "kind": c.kind, "text": c.text, "start": c.start, "end": c.end}
            item["level"] = c.level.name
            if c.suppressed:
                item["suppressed"] = c.suppressed
            out.append(item)
        if self.model is not None:
            out.append({"layer": "model", **self.model.to_dict()})
        if self.model_error:
            out.append({"layer": "model", "error": self.model_error})
        if self.conversation:
            out.append({"layer": "conversation", **self.conversation})
        return out

    def to_dict(self) -> dict:
        out = {
            "level": self.level.name,
            "score": self.score,
            "language": self.language,
            "reasons": self.reasons,
        }
        if self.other > RiskLevel.NONE:
            out["other"] = self.other.name  # someone else is at risk, at this level
        return out


class RiskAssessor:
    """Message-level assessment. Thread-safe after construction; 0.54 ms a message mean, 0.95 ms p95 on 2 cores
    (``python bench/bench_risk.py --data DATA``, docs/benchmarks.md).

    ``model`` passes an already trained :class:`RiskModel` (cross-validation); otherwise the one in ``model_dir``
    (the shipped one by default) is loaded unless ``use_model`` is false.
    """

    def __init__(
        self, model_dir: Path | str | None = None, use_model: bool = True, model: RiskModel | None = None
    ) -> None:
        self.model: RiskModel | None = model
        self.model_error: str | None = None
        if use_model and model is None:
            try:
                self.model = RiskModel.load(model_dir)
            except (RiskModelError, OSError, ValueError) as exc:
                self.model_error = f"risk model not loaded, cue layer only: {exc}"
                log.error(self.model_error)

    def assess(self, text: str) -> RiskAssessment:
        return self.assess_batch([text])[0]

    def assess_batch(self, texts: list[str]) -> list[RiskAssessment]:
        clean = [_clip(t) for t in texts]
        languages = [detect_language(t) for t in clean]
        scores: list[ModelScore | None] = [None] * len(clean)
        error = self.model_error
        if self.model is not None:
            idx = [i for i, t in enumerate(clean) if t.strip()]
            try:
                # the model's n-grams are Simplified: a message in Traditional characters is read in them
                got = self.model.score([simplified(clean[i]) for i in idx], [languages[i] for i in idx])
                for i, s in zip(idx, got, strict=True):
                    scores[i] = s
            except Exception as exc:  # noqa: BLE001 - a model failure must not take the cue layer down
                error = f"risk model failed, cue layer only: {type(exc).__name__}: {exc}"
                log.exception("risk model failed")
        return [self._combine(t, lang, s, error) for t, lang, s in zip(clean, languages, scores, strict=True)]

    @staticmethod
    def _combine(text: str, language: str, model: ModelScore | None, error: str | None) -> RiskAssessment:
        cues = find_cues(text)
        level = cue_level(cues)
        strength = min(1.0, 0.25 * sum(1 for c in cues if c.active and c.level == level))
        if model is not None:
            lifted = model_level(simplified(text), cues, level, model)
            if lifted > level:
                level, strength = lifted, model.strength
        others = frozenset(concern_themes(text, cues))
        return RiskAssessment(level, level.score(strength), language, cues, model, error, others=others)


def model_level(text: str, cues: list[CueMatch], level: RiskLevel, model: ModelScore) -> RiskLevel:
    """The level the model gives a message whose cues reached ``level``; the message's level is the higher of
    the two, so the model only ever lifts.

    Its ``high`` head counts on a message about ending one's life (the ideation head reaches its gate, or the cues
    say so, :func:`on_topic`, and the ideation head fires); where the cues read a wish to be dead and nothing
    more, only where the ideation head fires and the high head reaches its ``wish`` threshold
    ("有时候觉得要是能一觉不醒就好了" is ``moderate`` unless the model reads a method or a plan the cues missed,
    :meth:`ModelScore.reads_more_than_a_wish`); on a message with no cue both heads must agree, and the ideation head may
    only notice it (``low``) below its threshold; where every cue was defused, the message laughs with no cue,
    or a model trained on weak labels stands alone or on loneliness alone, it only flags the message (``low``),
    and a notice does not count there ("这周忙死了").
    """
    lifted = model.level
    uncued = not speaks(cues)
    if uncued and not model.fires("ideation"):
        # with no cue at all, both heads must agree; the ideation head may still notice the message
        lifted = RiskLevel.LOW if model.notices() else RiskLevel.NONE
    if on_topic(cues, level) and model.fires("high") and model.fires("ideation"):
        lifted = RiskLevel.HIGH  # an ideation cue or a named means stands in for the gate
    if lifted == RiskLevel.HIGH and level == RiskLevel.MODERATE and not model.reads_more_than_a_wish():
        lifted = RiskLevel.MODERATE  # the cues read a wish to be dead, and the model reads no more than that
    if lifted == RiskLevel.HIGH and level == RiskLevel.MODERATE and idiomatic(cues, text):
        # "想死的心都有了，这破班": being fed up said the common way is asked about (moderate), not handed off
        lifted = RiskLevel.MODERATE
    if lifted <= level:
        return lifted
    # where every cue was defused (news, negation, a joke...), the model only flags the message
    defused = any(c.suppressed not in SOFTENED_SERIOUS | {None} for c in cues) and not any(
        c.level >= RiskLevel.MODERATE for c in cues
    )
    # and so where the message laughs and no cue speaks of death ("这个甲方要我死哈哈")
    # a model trained on weak labels flags a message with no cue; it does not classify it on its own
    joking = uncued and LAUGH.search(text) is not None
    # a model trained on weak labels does not stand on loneliness alone ("I feel so lonely these days" is
    # common and no crisis); burden and entrapment, or loneliness with another kind of distress, are the
    # interpersonal-theory signals it may lift
    distress = {c.kind for c in cues if c.active and c.level == RiskLevel.LOW}
    thin = not model.standalone and level <= RiskLevel.LOW and distress == {"isolation"}
    if (defused or joking) and lifted == RiskLevel.LOW and not model.fires("ideation"):
        return level  # a notice explained away: the message's only talk of death was figurative, or laughed
    if defused or joking or thin or (uncued and not model.standalone):
        lifted = min(lifted, RiskLevel.LOW)
    return lifted


#: a wish to be dead said in a common idiom of being fed up
IDIOM = re.compile(r"想死的心都有")
#: anything near a means, a plan or an act: the model's reading counts there whatever the idiom
_NEAR_MEANS = re.compile(
    r"药|绳|刀|楼|跳|炭|割|遗|准备|计划|打算|想好|怎么做|怎么结束|结束|一了百了|了结|解脱|走进|海边|河边|江边|湖|桥|去找|回来"
    r"|送人|就走|走了|离开|告别|再见|最后|今晚|明天|周末|吃了"
)


def idiomatic(cues: list[CueMatch], text: str) -> bool:
    """Every cue at ``moderate`` or above is the idiom of being fed up ("想死的心都有了"), there is one, and the
    message names no means, plan, time or farewell the cues may have missed ("药我都准备好了")."""
    serious = [c for c in cues if c.active and c.level >= RiskLevel.MODERATE]
    return bool(serious) and all(IDIOM.search(c.text) for c in serious) and not _NEAR_MEANS.search(text)


def on_topic(cues: list[CueMatch], level: RiskLevel) -> bool:
    """The cues say a message is about ending one's life: an ideation cue (their level is ``moderate`` or
    above), or a means the speaker names (pills, a rope, a roof: no risk on its own), "今晚我就吃掉所有的安眠药".
    The model's ideation head must still fire there: "安眠药吃了两片终于睡着了" names a means and no wish."""
    return level >= RiskLevel.MODERATE or any(c.active and c.kind == "means" for c in cues)


def _clip(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text.replace("\x00", "")
    if len(text) > MAX_CHARS:
        half = MAX_CHARS // 2
        text = text[:half] + "\n" + text[-half:]
    return text


# ----------------------------------------------------------------------------------------------------------------
#: what lets a conversation reach ``high``: a wish to die, a method or a plan (pact, preparation, farewell)
DANGER = frozenset({"ideation", "method", "plan"})


def conversation_themes(cues: Iterable[CueMatch]) -> set[str]:
    """The themes one message adds to its conversation.

    Distress kinds count by name; a wish to die, a method, a plan and a time by their theme, where the cue is
    active or softened only to the fear or the wish of it (still ``moderate``). A means named alone ("安眠药",
    "a rope") is ``means``, not yet a method. A wish to die or a method softened further, in the past
    ("以前想过跳楼") or said laughing, is ``softened``: it counts as life pain does, never as danger.

    >>> sorted(conversation_themes(find_cues("我就是个累赘，家里还有一整瓶安眠药")))
    ['burden', 'means']
    """
    out: set[str] = set()
    for m in cues:
        theme = KINDS[m.kind][1]
        if m.active or m.level >= RiskLevel.MODERATE:
            if theme == "distress":
                out.add(m.kind)
            elif m.kind == "means":
                out.add("means")
            elif theme != "figurative":
                out.add(theme)
        elif m.suppressed in SOFTENED and theme in DANGER:
            out.add("softened")
    return out


@dataclass
class ConversationConfig:
    decay: float = 0.85  # per user turn: evidence halves in about four turns
    present: float = 0.3  # evidence above this counts a theme as "recent"
    ease_after: int = 3  # quiet turns before a level below ``high`` eases by one
    # a model reading of ``high`` counts as danger on its own, with no cue, from this strength (how far past the
    # high head's threshold its probability is, 0..1): below it, a reading of pain more often than of a plan
    model_alone: float = 0.5


class ConversationRisk:
    """Turn-by-turn assessment of one session's user messages.

    Distress (hopelessness, feeling a burden, isolation, entrapment, a wish to die in the past or said laughing)
    repeated over turns raises the conversation to ``low``, several kinds of it or a wish to die with it to
    ``moderate``. ``high`` needs danger somewhere in the conversation (:attr:`danger`, kept for the session): a
    wish to die, a method or a plan named by a cue on some user turn (not defused); a means named in a message the
    model reads as ``high``; or a reading of ``high`` the model is sure of (:attr:`ConversationConfig.model_alone`).
    Without it, a message read as ``high`` counts as ``moderate``: the model's reading of pain ("我很难受也很痛苦")
    is no plan. Once ``high`` is reached it is the floor for the rest of the session.

    >>> conv = ConversationRisk(RiskAssessor(use_model=False))
    >>> [conv.add(t).level.name for t in ["没人在乎我", "我就是个累赘", "真的撑不下去了"]]
    ['low', 'low', 'moderate']
    """

    def __init__(self, assessor: RiskAssessor, config: ConversationConfig | None = None) -> None:
        self.assessor = assessor
        self.config = config or ConversationConfig()
        self.evidence: dict[str, float] = {}
        self.seen_at: dict[str, list[int]] = {}
        self.danger: set[str] = set()  # danger themes seen on any turn of the session (never forgotten)
        self.level = RiskLevel.NONE
        self.peak = RiskLevel.NONE
        self.quiet = 0
        self.turn = 0
        # someone else the speaker is worried about: the themes said of them (never the time: see _other), and
        # the highest level their risk reached (``high`` and above hold for the session, as the speaker's do)
        self.other_themes: set[str] = set()
        self.other_peak = RiskLevel.NONE

    def add(self, text: str) -> RiskAssessment:
        return self.add_assessed(self.assessor.assess(text))

    def state(self) -> dict:
        """What the next turn needs, as JSON-able data (theme names and counters; no words of the user)."""
        return {
            "evidence": self.evidence,
            "seen_at": {k: v[-20:] for k, v in self.seen_at.items()},
            "danger": sorted(self.danger),
            "level": self.level.name,
            "peak": self.peak.name,
            "quiet": self.quiet,
            "turn": self.turn,
            "other": sorted(self.other_themes),
            "other_peak": self.other_peak.name,
        }

    @classmethod
    def restore(cls, assessor: RiskAssessor, state: dict | None, config: ConversationConfig | None = None):
        """The conversation as :meth:`state` left it. A state stored before ``danger`` was kept reads it from the
        danger themes it has seen (their turns are kept), so an old session keeps what it had."""
        conv = cls(assessor, config)
        if state:
            conv.evidence = {k: float(v) for k, v in state.get("evidence", {}).items()}
            conv.seen_at = {k: [int(t) for t in v] for k, v in state.get("seen_at", {}).items()}
            if "danger" in state:
                conv.danger = {str(k) for k in state["danger"]}
            else:
                conv.danger = {k for k, turns in conv.seen_at.items() if k in DANGER and turns}
            conv.level = RiskLevel.parse(state.get("level", "none"))
            conv.peak = RiskLevel.parse(state.get("peak", "none"))
            conv.quiet = int(state.get("quiet", 0))
            conv.turn = int(state.get("turn", 0))
            conv.other_themes = {str(k) for k in state.get("other", [])}
            conv.other_peak = RiskLevel.parse(state.get("other_peak", "none"))
        return conv

    def add_assessed(self, message: RiskAssessment) -> RiskAssessment:
        cfg = self.config
        self.turn += 1
        found = conversation_themes(message.cues)
        if "ideation" in found and not any(
            KINDS[m.kind][1] == "ideation" and m.kind != "passive_ideation" and m.active for m in message.cues
        ):
            found.add("passive_wish")  # the wish of this turn was a passive one only ("想就这么消失算了")
        model_high = message.model is not None and message.model.level >= RiskLevel.HIGH
        if (
            message.model is not None
            and message.model.level >= RiskLevel.MODERATE
            and message.level >= RiskLevel.MODERATE
        ):
            # the model's reading counts as ideation, but weaker than a cue: a bare "tonight" later in the
            # conversation must not turn a model-only reading into a plan ("I feel so lonely" ... "my exam went
            # well today"), and a model reading of pain is not danger
            found.add("model_ideation")
        # someone else at risk: a means or a time named while their risk is on the table, by a speaker who has said
        # no wish of their own, is theirs ("dad's old rifle is still in the shed" after "he's ready to go")
        others = set(message.others)
        if "me_too" in others and ({"wish", "active"} & (others | self.other_themes)):
            # "my friend wants to die" ... "honestly so do i": the speaker's own wish to die
            found.add("ideation")
            message = replace(message, level=max(message.level, RiskLevel.MODERATE))
        if (
            "named" in others
            and (others - {"means", "timing", "named", "me_too"} or self.other_peak >= RiskLevel.MODERATE)
            and not ("ideation" in found or {"ideation", "model"} & self.danger)
        ):
            moved = found & {"means", "timing"}
            others |= moved
            found -= moved
        other = self._other(others - {"named", "me_too"})
        danger = found & DANGER
        if model_high and message.level >= RiskLevel.HIGH:
            if message.model.strength >= cfg.model_alone:
                danger.add("model")  # the model reads a method or a plan, and is sure of it
            elif "means" in found:
                danger.add("means")  # the model reads a named means as a way to die
        self.danger |= danger
        for k in list(self.evidence):
            self.evidence[k] *= cfg.decay
        for theme in found:
            self.evidence[theme] = self.evidence.get(theme, 0.0) + 1.0
            self.seen_at.setdefault(theme, []).append(self.turn)
        recent = {k for k, v in self.evidence.items() if v >= cfg.present}
        wished = [t for k in ("ideation", "model_ideation") if k in recent for t in self.seen_at.get(k, [])]
        if "timing" in recent and wished and max(self.seen_at.get("timing", [0])) < min(wished):
            # a time told before any wish to die ("白天上班，晚上和周末都是我") is the day's, not a plan's
            recent.discard("timing")
        passive_only = (
            self.evidence.get("ideation", 0.0) - self.evidence.get("passive_wish", 0.0) < cfg.present
        )
        if "timing" in recent and passive_only and not {"method", "means", "plan"} & recent:
            # a time beside a passive wish alone is the day's, not a plan's ("想就这么消失算了" ... "明天先去找辅导员")
            recent.discard("timing")
        accumulated = _accumulated(recent, self.turn)
        if accumulated >= RiskLevel.HIGH and {"method", "means"} & found and "timing" in found and wished:
            # a wish to die said before, then a means and a time in one message ("pills next to me. tonight
            # probably"): the ladder's top rung, across turns
            accumulated = RiskLevel.IMMINENT
        if accumulated >= RiskLevel.HIGH:
            self.danger |= recent & (DANGER | {"means"})

        # a message the model reads as high, with no danger anywhere in the conversation, is pain the model took
        # for a plan (what the cues read as high names a method, plan or act by itself)
        message_level = message.level
        if message_level >= RiskLevel.HIGH and not self.danger and cue_level(message.cues) < RiskLevel.HIGH:
            message_level = RiskLevel.MODERATE

        self.quiet = 0 if found else self.quiet + 1
        held = self.level
        if held < RiskLevel.HIGH and self.quiet >= cfg.ease_after and held > RiskLevel.NONE:
            held = RiskLevel(held - 1)
            self.quiet = 0
        if self.peak >= RiskLevel.HIGH:
            held = max(held, RiskLevel.HIGH)
        level = max(message_level, accumulated, held)
        self.level = level
        self.peak = max(self.peak, level)

        contributing = sorted({t for k in recent for t in self.seen_at.get(k, []) if t > self.turn - 8})
        score = message.score if level == message.level else level.score(0.5 if accumulated == level else 0.0)
        return RiskAssessment(
            level=level,
            score=round(score, 4),
            language=message.language,
            cues=message.cues,
            model=message.model,
            model_error=message.model_error,
            others=message.others,
            other=other,
            conversation={
                "turn": self.turn,
                "message_level": message.level.name,
                "accumulated_level": accumulated.name,
                "held_level": held.name,
                "themes": {k: round(v, 3) for k, v in sorted(self.evidence.items()) if v >= 0.05},
                "danger": sorted(self.danger),
                "turns": contributing,
                **({"other": {"level": other.name, "themes": sorted(self.other_themes)}} if other else {}),
            },
        )

    def _other(self, said: set[str]) -> RiskLevel:
        """The risk of the person the speaker is worried about, after this turn said ``said`` of them (see
        :data:`xinyu.safety.concern.LADDER`). A time counts only in the message that names a means with it ("his
        rifle is loaded and he said tonight"), never from an earlier turn ("tonight he said he's ready to go"); an
        attempt under way is ``imminent`` on its turn and self-harm after it."""
        self.other_themes |= said - {"timing", "attempt"}
        if "attempt" in said:
            self.other_themes.add("harm")
        level = concern_level(self.other_themes)
        now = concern_level(said | (self.other_themes & {"wish", "active", "plan"}))
        if level >= RiskLevel.MODERATE and (now >= RiskLevel.IMMINENT or "attempt" in said):
            level = RiskLevel.IMMINENT
        if self.other_peak >= RiskLevel.HIGH:
            level = max(level, RiskLevel.HIGH)
        self.other_peak = max(self.other_peak, level)
        return level


def _accumulated(recent: set[str], turn: int) -> RiskLevel:
    """The level the themes of recent turns reach together: distress, or a wish to die softened, to ``low``;
    several kinds of distress, or a wish to die with distress, to ``moderate``; ``high`` only with a wish to die
    next to a method, means, plan or time, a method or means with a time, or one amid distress."""
    distress = recent & DISTRESS
    ideation = "ideation" in recent
    wish = ideation or "model_ideation" in recent  # the model's reading of a wish to die
    method = bool({"method", "means"} & recent)
    level = RiskLevel.LOW if distress or "softened" in recent else RiskLevel.NONE
    if len(distress) >= 3 or ((wish or "softened" in recent) and distress and turn > 1):
        level = RiskLevel.MODERATE
    # a time ("tonight") is a plan only next to ideation the person put in words, or a method or means
    if ideation and ({"method", "means", "plan", "timing"} & recent):
        level = RiskLevel.HIGH
    if wish and (method or "plan" in recent):
        level = RiskLevel.HIGH
    if method and "timing" in recent:
        level = RiskLevel.HIGH
    if (method or "plan" in recent) and len(distress) >= 2:
        level = RiskLevel.HIGH
    if {"blade", "cuts"} <= recent:  # the blade in one message, the cuts counted in the next
        level = RiskLevel.HIGH
    return level
