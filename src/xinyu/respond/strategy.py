"""A reply's support strategy, named from ESConv's set (Liu et al., 2021): question, restatement, reflection,
self-disclosure, affirmation, suggestion, information. The dialogue manager (:mod:`xinyu.respond.dialogue`) plans
each reply as moves and reports the strategy its first support move stands for; a model engine may choose its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from xinyu.compat import moved

__getattr__ = moved(__name__, dict.fromkeys(("ESCONV_NAMES", "STRATEGIES"), "xinyu.taxonomy"))


@dataclass(frozen=True)
class Strategy:
    name: str
    reason: str

    def to_dict(self) -> dict:
        return {"name": self.name, "reason": self.reason}
