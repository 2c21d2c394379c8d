"""The ONNX emotion model runner, now :mod:`xinyu.neural.emotion_onnx` (next to the PyTorch one)."""

# moved to xinyu.neural.emotion_onnx; kept so existing imports work
from xinyu.neural.emotion_onnx import CONFIG_NAME, ONNX_FILE, OnnxEmotionModel, is_onnx_folder

__all__ = ["CONFIG_NAME", "ONNX_FILE", "OnnxEmotionModel", "is_onnx_folder"]
