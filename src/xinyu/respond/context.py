"""A reply engine's input, built one way from an analysed message: for the chat service's turns and for
``xinyu eval reply`` alike (the turn as the dialogue manager reads it, its plan, the emotion in context, the
person's own words, the risk, the topic, what the session remembers).
"""

from __future__ import annotations

from collections.abc import Sequence

from xinyu.emotion.lexicon import chinese_lexicon
from xinyu.levels import RiskLevel
from xinyu.respond.dialogue import RESCREENED, DialogueState, plan_turn, read_turn
from xinyu.respond.engines.base import ReplyContext
from xinyu.respond.strategy import Strategy
from xinyu.respond.topics import detect_topic
from xinyu.schema import EmotionResult


def words_to_reflect(emotion: EmotionResult) -> list[str]:
    """The person's own words to reflect: lexicon words that carry the label, then any lexicon word of its
    polarity (never a negated one, nor a word that is itself a negation: the 不要 of 要不要 says nothing of a
    feeling)."""
    negations = chinese_lexicon().negations
    lexical = [
        w for w in emotion.core_words if w.source == "lexicon" and not w.negated and w.word not in negations
    ]
    return [w.word for w in lexical if w.emotion == emotion.label] + [
        w.word for w in lexical if w.emotion != emotion.label and w.polarity == emotion.polarity
    ]


def reply_emotion(label: str, risk_level: str) -> str:
    """The emotion a reply is written to: never joy for a message at ``moderate`` risk or above (a wish to be dead
    said lightly is no good news), sadness in its place.

    >>> reply_emotion("joy", "moderate"), reply_emotion("joy", "low"), reply_emotion("fear", "high")
    ('sadness', 'joy', 'fear')
    """
    if label == "joy" and RiskLevel.parse(risk_level) >= RiskLevel.MODERATE:
        return "sadness"
    return label


def build_context(
    message: str,
    emotion: EmotionResult,
    risk_level: str,
    language: str,
    *,
    turn_index: int = 0,
    history: Sequence[dict] = (),
    locale: str | None = None,
    used: Sequence[str] = (),
    seed: str = "",
    state: DialogueState | None = None,
    message_risk: str | None = None,
    cues: frozenset[str] = frozenset(),
) -> ReplyContext:
    """The context for replying to ``message``, read as ``emotion`` at ``risk_level`` (a level name), in ``language``.

    ``turn_index`` is the reply's place in its session (the local engine varies its phrasing by it),
    ``history`` its earlier turns (``{"role", "content"}``),
    ``used`` the phrase ids it has used, and ``seed`` what makes the local engine's choices its own.

    ``state`` is the session's dialogue state as it stood before this turn; it moves on by this turn (the caller
    stores it). ``message_risk`` is the message's own level where the conversation's is higher: the turn's
    feeling is read at it (good news in a hard conversation is still good news), the plan at ``risk_level``.
    ``cues`` are the kinds of the risk cues the message gave (despair warrants a direct question). Without one, a state is rebuilt from the user turns of ``history``.
    """
    if state is None:
        state = DialogueState()
        for turn in history:
            if turn.get("role") == "user" and str(turn.get("content", "")).strip():
                state.remember(read_turn(str(turn["content"]), "neutral", 0.0, "none", state))
    # the turn's feeling is read at the message's own risk; the plan follows the conversation's
    own_risk = message_risk or risk_level
    reading = read_turn(message, emotion.label, emotion.intensity, own_risk, state, cues)
    state.remember(reading)
    plan = plan_turn(reading, state, risk_level)
    if "screen" in plan.moves:
        state.screened, state.screened_at = True, state.turns
        state.screened_wish = state.screened_wish or bool(reading.cues & RESCREENED)
    state.asked_safety = state.asked_safety or "safe_home" in plan.moves
    label = reply_emotion(reading.emotion, own_risk)
    return ReplyContext(
        message=message,
        language=language,
        emotion=label,
        intensity=reading.intensity,
        core_words=words_to_reflect(emotion),
        strategy=Strategy(plan.strategy, plan.reason),
        topic=detect_topic(message),
        risk_level=risk_level,
        locale=locale,
        turn_index=turn_index,
        history=list(history),
        used=list(used),
        seed=seed,
        plan=plan,
        reading=reading,
        facts=dict(state.facts),
        event=state.event,
    )
