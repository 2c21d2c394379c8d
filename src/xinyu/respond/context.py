"""A reply engine's input, built one way from an analysed message: for the chat service's turns and for
``xinyu eval reply`` alike (the emotion, the person's own words, the risk, the topic and the planner's strategy).
"""

from __future__ import annotations

from collections.abc import Sequence

from xinyu.levels import RiskLevel
from xinyu.respond.engines.base import ReplyContext
from xinyu.respond.strategy import asks_for_help, choose_strategy
from xinyu.respond.topics import detect_topic
from xinyu.schema import EmotionResult


def words_to_reflect(emotion: EmotionResult) -> list[str]:
    """The person's own words to reflect: lexicon words that carry the label, then any lexicon word of its
    polarity (never a negated one)."""
    lexical = [w for w in emotion.core_words if w.source == "lexicon" and not w.negated]
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
    turns_before: int | None = None,
    strategies: Sequence[str] = (),
    history: Sequence[dict] = (),
    locale: str | None = None,
    used: Sequence[str] = (),
    seed: str = "",
) -> ReplyContext:
    """The context for replying to ``message``, read as ``emotion`` at ``risk_level`` (a level name), in ``language``.

    ``turn_index`` is the reply's place in its session (the local engine varies its phrasing by it);
    ``turns_before`` the user turns the planner counts for its stage, ``turn_index`` unless given (evaluation
    passes the turns before a record, each record being the first reply of its own seed). ``strategies`` are
    the strategies of the session's earlier replies, ``history`` its earlier turns (``{"role", "content"}``),
    ``used`` the phrase ids it has used, and ``seed`` what makes the local engine's choices its own.
    """
    topic = detect_topic(message)
    label = reply_emotion(emotion.label, risk_level)
    strategy = choose_strategy(
        label,
        emotion.intensity,
        turn_index if turns_before is None else turns_before,
        risk_level,
        list(strategies),
        asks_for_help=asks_for_help(message),
        topic=topic,
    )
    return ReplyContext(
        message=message,
        language=language,
        emotion=label,
        intensity=emotion.intensity,
        core_words=words_to_reflect(emotion),
        strategy=strategy,
        topic=topic,
        risk_level=risk_level,
        locale=locale,
        turn_index=turn_index,
        history=list(history),
        used=list(used),
        seed=seed,
    )
