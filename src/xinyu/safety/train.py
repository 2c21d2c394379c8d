"""Deprecated: the risk model's trainer lives in :mod:`xinyu.train.risk`, its cross-validation in
:mod:`xinyu.train.risk_protocol`."""

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
            "load_corpus",
            "train_risk",
        ),
        "xinyu.train.risk",
    )
    | {"cross_validate": "xinyu.train.risk_protocol"},
)
