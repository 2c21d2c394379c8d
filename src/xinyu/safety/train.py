"""Deprecated: the risk model's trainer and cross-validation live in :mod:`xinyu.train.risk`."""

from __future__ import annotations

from xinyu.compat import moved

__getattr__ = moved(
    __name__,
    dict.fromkeys(
        (
            "Corpus",
            "RiskTrainConfig",
            "choose_gated_threshold",
            "choose_threshold",
            "cross_validate",
            "load_corpus",
            "train_risk",
        ),
        "xinyu.train.risk",
    ),
)
