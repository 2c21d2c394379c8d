"""Human review of emotion labels: Label Studio round trips, the web app's review queue, and confident learning.

Every way of reviewing ends in one format, a *corrections* file (JSONL, append-only, the last line for a row wins)::

    {"uid": "d1#0", "emotion": "sadness", "action": "correct", "was": "joy", "by": "li.wei", "at": 1732345678.1,
     "via": "web"}

``action`` is ``accept`` (the label stands) or ``correct`` (``emotion`` replaces it). :func:`apply_corrections`
writes them back into a dataset, keeping who, when and what the label was in ``meta.review``.

Where the rows come from: the label stage's low-confidence rows (``review.jsonl`` of a pipeline), or
:func:`find_label_issues`, which trains a quick classifier with cross-validation and lets cleanlab's confident
learning pick the rows whose given label the other rows disagree with.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy as np

from xinyu.data.record import Record
from xinyu.taxonomy import EMOTIONS

ACTIONS = ("accept", "correct")


class ReviewError(ValueError):
    """A review file or correction that cannot be used."""


@dataclass(frozen=True)
class Correction:
    uid: str
    emotion: str
    action: str
    by: str
    at: float
    was: str | None = None
    via: str = "web"

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ReviewError(f"action {self.action!r} is not one of {', '.join(ACTIONS)}")
        if self.emotion not in EMOTIONS:
            raise ReviewError(f"emotion {self.emotion!r} is not one of {', '.join(EMOTIONS)}")
        if not self.by.strip():
            raise ReviewError("a correction needs the reviewer's name (by)")

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def read_corrections(path: Path) -> dict[str, Correction]:
    """uid -> the last correction for it."""
    out: dict[str, Correction] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                c = Correction(**json.loads(line))
            except (ValueError, TypeError) as exc:
                raise ReviewError(f"{path} line {n}: {exc}") from exc
            out[c.uid] = c
    return out


def append_correction(out: IO[str], c: Correction) -> None:
    out.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    out.flush()


def apply_corrections(records: Iterable[Record], corrections: dict[str, Correction]) -> Iterator[Record]:
    """The records with their reviewed labels: ``emotion`` set, ``meta.review`` = {status, by, at, was, via}."""
    for rec in records:
        c = corrections.get(rec.uid)
        if c is not None:
            was = rec.emotion
            rec.emotion = c.emotion
            rec.meta["review"] = {
                "status": "corrected" if c.action == "correct" and c.emotion != was else "accepted",
                "by": c.by,
                "at": c.at,
                "was": was,
                "via": c.via,
            }
        yield rec


# -- Label Studio -------------------------------------------------------------------------------------------------


def label_studio_config(labels: Iterable[str] = EMOTIONS) -> str:
    """The labelling interface to paste into a Label Studio project (Settings > Labeling Interface)."""
    choices = "\n".join(f'    <Choice value="{e}" hotkey="{i}"/>' for i, e in enumerate(labels, 1))
    return (
        "<View>\n"
        '  <Text name="text" value="$text"/>\n'
        '  <Text name="response" value="$response"/>\n'
        '  <Choices name="emotion" toName="text" choice="single" showInline="true">\n'
        f"{choices}\n"
        "  </Choices>\n"
        "</View>\n"
    )


def _prediction(source: str, emotion: str, score: float | None) -> dict:
    """One Label Studio pre-annotation, named after what produced it (shown as its model version)."""
    pred: dict[str, Any] = {
        "model_version": source,
        "result": [
            {"from_name": "emotion", "to_name": "text", "type": "choices", "value": {"choices": [emotion]}}
        ],
    }
    if score is not None:
        pred["score"] = round(float(score), 4)
    return pred


def predictions(rec: Record) -> list[dict]:
    """A row's pre-annotations, each under the name of what made it and with its own score: cleanlab's
    suggestion (score: the out-of-fold probability that the given label is wrong, 1 - self-confidence) first,
    then the label stage's model (score: its confidence); the given label alone where neither exists."""
    out = []
    review = rec.meta.get("review")
    if isinstance(review, dict) and review.get("suggested"):
        self_confidence = review.get("self_confidence")
        out.append(
            _prediction(
                "cleanlab", review["suggested"], None if self_confidence is None else 1 - self_confidence
            )
        )
    label = rec.meta.get("label") or {}
    if label.get("emotion"):
        out.append(
            _prediction(str(label.get("model") or "label stage"), label["emotion"], label.get("confidence"))
        )
    if not out and rec.emotion:
        out.append(_prediction("given", rec.emotion, None))
    return out


def to_label_studio(records: Iterable[Record]) -> list[dict]:
    """Label Studio tasks (import as JSON), each with its :func:`predictions` as pre-annotations."""
    tasks = []
    for rec in records:
        task: dict[str, Any] = {
            "data": {
                "uid": rec.uid,
                "text": rec.text,
                "response": rec.response or "",
                "given": rec.emotion or "",
            }
        }
        preds = predictions(rec)
        if preds:
            task["predictions"] = preds
        tasks.append(task)
    return tasks


def _when(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            pass
    return time.time()


def _who(ann: dict) -> str:
    by = ann.get("completed_by")
    if isinstance(by, dict):
        return str(by.get("email") or by.get("id") or "label-studio")
    return f"label-studio:{by}" if by is not None else "label-studio"


def read_label_studio(path: Path) -> list[dict]:
    """A Label Studio export as a list: JSON and JSON-MIN (``.json``) as they are, CSV (``.csv``) as one dict
    per row. Raises :class:`ReviewError` for a file that is neither."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        import csv

        return list(csv.DictReader(text.splitlines()))
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ReviewError(f"{path} is not JSON: {exc}") from None


def _min_choice(value: Any) -> str | None:
    """The emotion of a JSON-MIN or CSV row: a plain string for a single choice, or ``{"choices": [...]}``
    (as an object in JSON-MIN, as JSON text in CSV)."""
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict):
        choices = value.get("choices") or []
        return str(choices[0]) if choices else None
    if isinstance(value, str):
        return value.strip() or None
    return None


def _min_who(row: dict) -> str:
    by = row.get("annotator")
    if by in (None, ""):
        return "label-studio"
    text = str(by)
    return text if "@" in text else f"label-studio:{text}"


def _task_choice(task: dict) -> tuple[str | None, dict]:
    """(the emotion, the annotation) of a full JSON export's task: its last annotation not cancelled."""
    anns = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not anns:
        return None, {}
    ann = anns[-1]
    choice = next(
        (
            r["value"]["choices"][0]
            for r in ann.get("result") or []
            if r.get("from_name") == "emotion" and (r.get("value") or {}).get("choices")
        ),
        None,
    )
    return choice, ann


def from_label_studio(tasks: list[dict], given: dict[str, str | None] | None = None) -> list[Correction]:
    """Corrections from a Label Studio export of tasks made by :func:`to_label_studio`: the JSON export (the
    last annotation of each task; cancelled and empty ones skipped), or the JSON-MIN and CSV exports (one flat
    row per annotated task: the task's fields, ``emotion``, ``annotator``, ``updated_at``; see
    :func:`read_label_studio`). ``given``: uid -> the row's label before review, to tell accept from correct
    (default: the ``given`` field the export put in each task)."""
    if not isinstance(tasks, list):
        raise ReviewError("a Label Studio export is a JSON list of tasks")
    out = []
    for n, task in enumerate(tasks):
        if not isinstance(task, dict):
            raise ReviewError(f"task {n} is not an object")
        full = "data" in task or "annotations" in task
        data = (task.get("data") or {}) if full else task
        uid = data.get("uid")
        if not uid:
            where = "data.uid" if full else "uid column"
            raise ReviewError(
                f"task {n} has no {where}: export it from tasks made by `xinyu data review export`"
            )
        if full:
            choice, ann = _task_choice(task)
            by, at = _who(ann), ann.get("updated_at") or ann.get("created_at")
        else:
            choice = _min_choice(task.get("emotion"))
            by, at = _min_who(task), task.get("updated_at") or task.get("created_at")
        if choice is None:
            continue
        was = (given or {}).get(uid, data.get("given") or None)
        out.append(
            Correction(
                uid=uid,
                emotion=choice,
                action="accept" if choice == was else "correct",
                by=by,
                at=_when(at),
                was=was,
                via="label-studio",
            )
        )
    return out


# -- confident learning ----------------------------------------------------------------------------------------


def cross_val_probabilities(
    texts: list[str], labels: np.ndarray, n_labels: int, folds: int = 5, seed: int = 13
):
    """Out-of-fold class probabilities from character 1-3-gram TF-IDF + logistic regression: each row is scored
    by a model that never saw it, which is what confident learning needs."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    probs = np.zeros((len(texts), n_labels))
    counts = np.bincount(labels, minlength=n_labels)
    folds = max(2, min(folds, int(counts[counts > 0].min())))
    arr = np.asarray(texts, dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(arr, labels):
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
        x = vec.fit_transform(arr[train])
        clf = LogisticRegression(max_iter=1000, C=4.0, class_weight="balanced")
        clf.fit(x, labels[train])
        probs[np.ix_(test, clf.classes_)] = clf.predict_proba(vec.transform(arr[test]))
    return probs


def find_label_issues(records: list[Record], folds: int = 5) -> list[tuple[int, str, float]]:
    """Rows whose given emotion is likely wrong, worst first: (index, suggested emotion, self-confidence).

    Cleanlab's confident learning on out-of-fold probabilities (:func:`cross_val_probabilities`); rows without an
    emotion take no part."""
    from cleanlab.filter import find_label_issues as cl_find

    idx = [i for i, r in enumerate(records) if r.emotion in EMOTIONS]
    present = sorted({records[i].emotion for i in idx}, key=EMOTIONS.index)
    if len(present) < 2:
        raise ReviewError("confident learning needs rows of at least two emotions")
    code = {e: k for k, e in enumerate(present)}
    labels = np.array([code[records[i].emotion] for i in idx])
    probs = cross_val_probabilities([records[i].text for i in idx], labels, len(present), folds)
    ranked = cl_find(labels, probs, return_indices_ranked_by="self_confidence")
    return [(idx[j], present[int(probs[j].argmax())], round(float(probs[j, labels[j]]), 4)) for j in ranked]


def mark_label_issues(records: list[Record], issues: Iterable[tuple[int, str, float]]) -> list[Record]:
    """The records :func:`find_label_issues` names, in its order (a review queue, worst first), each marked
    with ``meta.review = {reason: label_issue, suggested, self_confidence}``."""
    out = []
    for i, suggested, confidence in issues:
        rec = records[i]
        rec.meta["review"] = {"reason": "label_issue", "suggested": suggested, "self_confidence": confidence}
        out.append(rec)
    return out


# -- the web app's queue ------------------------------------------------------------------------------------------


class ReviewQueue:
    """Rows to review (a JSONL of standard records, e.g. a pipeline's ``review.jsonl``) and the corrections made
    on them, appended to ``corrections`` (default: ``<queue>.corrections.jsonl`` beside it) as they are made, so a
    restart loses nothing and shows what is left."""

    def __init__(self, queue: Path, corrections: Path | None = None) -> None:
        import threading

        self.path = queue
        self.corrections_path = corrections or queue.with_name(queue.stem + ".corrections.jsonl")
        try:
            with queue.open(encoding="utf-8") as fh:
                rows = [Record.from_dict(json.loads(line)) for line in fh if line.strip()]
        except (OSError, ValueError) as exc:
            raise ReviewError(f"cannot read the review queue {queue}: {exc}") from exc
        self.rows = {r.uid: r for r in rows}
        self.order = list(self.rows)
        self.done = read_corrections(self.corrections_path)
        self._lock = threading.Lock()

    def item(self, uid: str) -> dict:
        rec = self.rows[uid]
        label = rec.meta.get("label") or {}
        proposal = next(iter(predictions(rec)), {})
        c = self.done.get(uid)
        return {
            "uid": uid,
            "text": rec.text,
            "response": rec.response,
            "context": rec.meta.get("context") or [],
            "given": rec.emotion,
            "predicted": proposal["result"][0]["value"]["choices"][0] if proposal else None,
            "predicted_by": proposal.get("model_version"),
            "confidence": proposal.get("score"),
            "scores": label.get("scores") or {},
            "review": c.to_dict() if c else None,
        }

    def items(self, status: str = "pending", offset: int = 0, limit: int = 50) -> dict:
        with self._lock:
            uids = [u for u in self.order if status == "all" or (status == "done") == (u in self.done)]
            page = [self.item(u) for u in uids[offset : offset + limit]]
            return {
                "items": page,
                "matching": len(uids),
                "total": len(self.order),
                "done": len(self.done),
                "emotions": list(EMOTIONS),
            }

    def submit(self, uid: str, emotion: str, action: str, by: str, via: str = "web") -> dict:
        """Record a decision on row ``uid``; raises ``KeyError`` for an unknown row, :class:`ReviewError` for a bad
        decision."""
        with self._lock:
            rec = self.rows[uid]
            c = Correction(uid, emotion, action, by, time.time(), was=rec.emotion, via=via)
            self.corrections_path.parent.mkdir(parents=True, exist_ok=True)
            with self.corrections_path.open("a", encoding="utf-8") as fh:
                append_correction(fh, c)
            self.done[uid] = c
            return c.to_dict()
