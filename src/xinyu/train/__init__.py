"""Trainers: everything that writes a model, kept apart from the code that runs one.

- :mod:`~xinyu.train.emotion_linear`: the ``linear`` emotion model (scikit-learn's LinearSVC, calibrated);
- :mod:`~xinyu.train.risk`: the crisis-risk model; :mod:`~xinyu.train.risk_protocol`: how the whole risk layer
  is measured (dev folds, a report fold, the plain baseline);
- :mod:`~xinyu.train.emotion_neural`: the ``transformer`` emotion model (LoRA on a pretrained base);
- :mod:`~xinyu.train.reply`: the reply model with its auxiliary emotion loss, and its examples;
- :mod:`~xinyu.train.loop`: the loop, checkpoints and LoRA helpers the two transformer trainers share.

Trainers import the inference code they train for (:mod:`xinyu.emotion`, :mod:`xinyu.neural`,
:mod:`xinyu.safety`) and the scoring they report with (:mod:`xinyu.evaluate`); nothing outside the command
line imports a trainer. Importing this package imports none of them.
"""
