"""Where the ``transformer`` backend finds its classifiers (no torch needed: nothing is loaded)."""

from __future__ import annotations

import pytest

from xinyu.emotion.base import EmotionBackendError
from xinyu.emotion.transformer import (
    CONFIG_NAME,
    TransformerBackend,
    classifier_folders,
    is_transformer_folder,
)


def _classifier(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_NAME).write_text("{}", encoding="utf-8")
    return folder


def test_a_folder_is_one_classifier_or_holds_one_per_language(tmp_path):
    one = _classifier(tmp_path / "one")
    _classifier(one / "zh")  # a classifier folder is itself, whatever it holds
    assert classifier_folders(one) == [one] and is_transformer_folder(one)

    both = tmp_path / "both"
    _classifier(both / "en")
    _classifier(both / "zh")
    (both / "fr").mkdir()
    assert classifier_folders(both) == [both / "zh", both / "en"]  # zh first, as the backend loads them
    assert classifier_folders(str(both)) == [both / "zh", both / "en"]

    only_en = tmp_path / "en-only"
    _classifier(only_en / "en")
    (only_en / "zh").mkdir()  # no xinyu-emotion.json: not a classifier
    assert classifier_folders(only_en) == [only_en / "en"]

    assert classifier_folders(tmp_path / "missing") == [] and not is_transformer_folder(tmp_path / "missing")
    assert classifier_folders(tmp_path) == []


def test_the_backend_refuses_a_folder_without_a_classifier(tmp_path):
    with pytest.raises(EmotionBackendError, match="no transformer emotion model in"):
        TransformerBackend(tmp_path).load()
