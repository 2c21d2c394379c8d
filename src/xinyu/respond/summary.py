"""The rolling summary in words: one or two sentences about a user (Chinese or English) for a reply's prompt and
the chat answer's ``memory.summary``, from the structured summary the memory keeps
(:func:`xinyu.memory.summary.update_summary`)."""

from __future__ import annotations


def render_summary(summary: dict | None, language: str = "zh") -> str:
    """One or two sentences for a prompt (an empty string for a first-time user)."""
    if not summary or not summary.get("turns"):
        return ""
    names_zh = {
        "joy": "开心",
        "sadness": "难过",
        "anger": "生气",
        "fear": "担心或害怕",
        "surprise": "惊讶",
        "disgust": "反感",
        "neutral": "平静",
    }
    topics_zh = {
        "sleep": "睡眠",
        "work": "工作",
        "study": "学业",
        "relationship": "感情",
        "family": "家庭",
        "loneliness": "孤独",
        "health": "健康",
        "loss": "失去",
        "money": "经济",
    }
    emotions = sorted(summary["emotions"].items(), key=lambda kv: -kv[1])[:2]
    topics = sorted(summary.get("topics", {}).items(), key=lambda kv: -kv[1])[:2]
    ints = summary.get("intensity", [])
    half = len(ints) // 2
    trend = "steady"
    if half >= 2:
        a, b = sum(ints[:half]) / half, sum(ints[half:]) / (len(ints) - half)
        trend = "rising" if b - a > 0.1 else ("easing" if a - b > 0.1 else "steady")
    if language == "zh":
        trend_zh = {"rising": "情绪强度在上升", "easing": "情绪强度在缓和", "steady": "情绪强度平稳"}[trend]
        parts = [
            f"共 {summary['turns']} 轮对话",
            "近来多为" + "、".join(names_zh.get(e, e) for e, _ in emotions),
        ]
        if topics:
            parts.append("常谈到" + "、".join(topics_zh.get(t, t) for t, _ in topics))
        parts.append(trend_zh)
        if summary.get("peak_level") not in (None, "none", "low"):
            level_zh = {"moderate": "中度", "high": "高", "imminent": "紧急"}
            parts.append(f"曾出现{level_zh.get(summary['peak_level'], summary['peak_level'])}风险")
        return "；".join(parts) + "。"
    parts = [f"{summary['turns']} turns so far", "mostly " + " and ".join(e for e, _ in emotions)]
    if topics:
        parts.append("often about " + " and ".join(t for t, _ in topics))
    parts.append(f"intensity {trend}")
    if summary.get("peak_level") not in (None, "none", "low"):
        parts.append(f"risk reached {summary['peak_level']} before")
    return "; ".join(parts) + "."
