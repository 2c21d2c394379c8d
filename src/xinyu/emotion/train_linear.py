"""Deprecated: the linear emotion trainer lives in :mod:`xinyu.train.emotion_linear`."""

from __future__ import annotations

from xinyu.compat import moved

__getattr__ = moved(
    __name__,
    dict.fromkeys(("LinearTrainConfig", "default_specs", "train_linear"), "xinyu.train.emotion_linear"),
)
