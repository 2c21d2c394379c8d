"""Deprecated: the ONNX emotion model runner lives in :mod:`xinyu.neural.emotion_onnx`, next to the PyTorch one."""

from __future__ import annotations

from xinyu.compat import moved

__getattr__ = moved(
    __name__,
    dict.fromkeys(
        ("CONFIG_NAME", "ONNX_FILE", "OnnxEmotionModel", "is_onnx_folder"), "xinyu.neural.emotion_onnx"
    ),
)
