"""``xinyu eval report``: one HTML page from the evaluation commands' JSON outputs.

It reads what the other commands write, so an evaluation is run once and reported as often as needed:

- ``xinyu eval emotion --json``: the metric table, a confusion-matrix heatmap (rows normalised, counts written in)
  and per-class precision/recall/F1 bars;
- ``xinyu eval reply --json``: the reply metric table and a bar chart of BLEU-2, ROUGE-L and Distinct-2 by system;
- ``xinyu eval reply --samples``: replies side by side for the same user turns (a seeded draw of ids every file has);
- ``curves.json`` of a training run: loss and dev-metric curves;
- ``xinyu eval human-score --json``: win rates with their 95% intervals, as a table and a chart.

Figures are PNG files next to ``index.html``; the page needs nothing else.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPLY_COLUMNS = [
    ("rows", "rows"),
    ("bleu1", "BLEU-1"),
    ("bleu2", "BLEU-2"),
    ("bleu4", "BLEU-4"),
    ("rouge_l", "ROUGE-L"),
    ("distinct1", "Distinct-1"),
    ("distinct2", "Distinct-2"),
    ("length", "length"),
    ("perplexity", "perplexity"),
    ("emotion_fit", "emotion fit %"),
    ("strategy_accuracy", "strategy acc. %"),
    ("moderation_pass", "moderation pass %"),
]


# what each kind of JSON input must hold, and the command that writes it
_EXPECTED = {
    "emotion": (("macro_f1", "per_class", "confusion_matrix"), "xinyu eval emotion --json"),
    "reply": (("bleu2", "rouge_l", "distinct2"), "xinyu eval reply --json"),
    "curves": (("steps", "train_loss", "evals"), "a training run's curves.json"),
    "human": (("systems", "criteria"), "xinyu eval human-score --json"),
}


class ReportInputError(ValueError):
    """An input that is not what the report expects; the message names the file."""


@dataclass
class ReportInputs:
    emotion: list[tuple[str, dict]] = field(default_factory=list)
    reply: list[tuple[str, dict]] = field(default_factory=list)
    samples: list[tuple[str, dict[str, dict]]] = field(default_factory=list)
    curves: list[tuple[str, dict]] = field(default_factory=list)
    human: list[tuple[str, dict]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.emotion or self.reply or self.samples or self.curves or self.human)


def named(spec: str) -> tuple[str, Path]:
    """``NAME=PATH`` or ``PATH`` (named after the file, or its folder for curves.json)."""
    name, sep, path = spec.partition("=")
    if sep and name and path:
        return name, Path(path)
    p = Path(spec)
    return (p.parent.name if p.name == "curves.json" else p.stem) or spec, p


def _json(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ReportInputError(f"cannot read {path}: {exc}") from exc
    try:
        # the commands print one object; a captured stdout may carry a line of something else before it
        return json.loads(text.splitlines()[-1] if text and not text.startswith("{") else text)
    except (ValueError, IndexError) as exc:
        raise ReportInputError(f"{path}: not a JSON object ({exc})") from exc


def load_inputs(
    emotion: Sequence[str] = (),
    reply: Sequence[str] = (),
    samples: Sequence[str] = (),
    curves: Sequence[str] = (),
    human: Sequence[str] = (),
) -> ReportInputs:
    """Read and check every input; a file of the wrong kind is an error naming it and what it lacks."""
    from xinyu.evaluate.human import HumanEvalError, read_samples

    inputs = ReportInputs()
    for kind, specs in (("emotion", emotion), ("reply", reply), ("curves", curves), ("human", human)):
        keys, made_by = _EXPECTED[kind]
        for spec in specs:
            name, path = named(spec)
            if kind == "curves" and path.is_dir():
                path = path / "curves.json"
            data = _json(path)
            missing = [k for k in keys if k not in data]
            if missing:
                raise ReportInputError(f"{path}: no {', '.join(missing)}; expected the output of {made_by}")
            getattr(inputs, kind).append((name, data))
    for spec in samples:
        name, path = named(spec)
        try:
            inputs.samples.append((name, read_samples(path)))
        except HumanEvalError as exc:
            raise ReportInputError(str(exc)) from exc
    return inputs


def write_eval_report(
    inputs: ReportInputs, out: Path, title: str, n_samples: int = 20, seed: int = 0
) -> Path:
    """Figures and ``index.html`` under ``out``; returns the page."""
    if inputs.empty():
        raise ReportInputError("nothing to report: give at least one input")
    out.mkdir(parents=True, exist_ok=True)
    plots = _Plots(out)
    esc = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{esc(title)}</title><style>body{{font-family:system-ui,'Noto Sans CJK SC',sans-serif;"
        "max-width:1200px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:.5em 0}"
        "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1.2em 0}img{max-width:100%}"
        "table.samples td{max-width:22em}.ctx{color:#666;white-space:pre-wrap;font-size:.9em}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    if inputs.emotion:
        parts.append("<h2>Emotion</h2>")
        rows = [
            [
                name,
                r.get("data", ""),
                r.get("model", ""),
                r["n"],
                _f(r["accuracy"]),
                _f(r["macro_f1"]),
                _f(r.get("micro_f1")),
            ]
            for name, r in inputs.emotion
        ]
        parts.append(_table(["run", "data", "model", "n", "accuracy", "macro-F1", "micro-F1"], rows))
        for name, r in inputs.emotion:
            parts.append(f"<h3>{esc(name)}</h3>")
            if not r.get("multilabel"):
                parts.append(plots.confusion(name, r["confusion_matrix"]))
            parts.append(plots.per_class(name, r["per_class"]))
    if inputs.reply:
        parts.append("<h2>Replies</h2>")
        cols = [
            (k, label) for k, label in REPLY_COLUMNS if any(r.get(k) is not None for _, r in inputs.reply)
        ]
        rows = [
            [name, r.get("data", ""), r.get("engine", "")] + [_f(r.get(k), 2) for k, _ in cols]
            for name, r in inputs.reply
        ]
        parts.append(_table(["system", "data", "engine", *[label for _, label in cols]], rows))
        parts.append(plots.reply_bars(inputs.reply))
    if inputs.curves:
        parts.append("<h2>Training curves</h2>")
        for name, data in inputs.curves:
            parts.append(plots.curves(name, data))
    if inputs.human:
        from xinyu.evaluate.human import score_table

        parts.append("<h2>Human evaluation</h2>")
        for name, data in inputs.human:
            one, two = data["systems"]
            parts.append(
                f"<h3>{esc(name)}: {esc(one)} vs {esc(two)}, {len(data.get('raters', []))} rater(s)</h3>"
            )
            head, rows = score_table(data)
            parts.append(_table(head, rows))
            parts.append(plots.human(name, data))
    if inputs.samples:
        parts.append(_samples_table(inputs.samples, n_samples, seed))
    parts.append("</body></html>")
    page = out / "index.html"
    page.write_text("".join(p for p in parts if p), encoding="utf-8")
    return page


def _f(value, digits: int = 4) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _table(head: Sequence[str], rows: Sequence[Sequence]) -> str:
    esc = html.escape

    def cell(v) -> str:
        text = esc(str(v))
        return (
            f"<td class='num'>{text}</td>"
            if isinstance(v, int | float) or _numeric(str(v))
            else f"<td>{text}</td>"
        )

    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return "<table><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + f"</tr>{body}</table>"


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _samples_table(samples: list[tuple[str, dict[str, dict]]], n: int, seed: int) -> str:
    from xinyu.evaluate.human import render_context

    esc = html.escape
    common = sorted(set.intersection(*(set(s) for _, s in samples)))
    if not common:
        return "<h2>Sample replies</h2><p>The samples files share no id.</p>"
    chosen = sorted(random.Random(seed).sample(common, min(n, len(common))))
    first = samples[0][1]
    head = ["user", "reference", *[name for name, _ in samples]]
    rows = []
    for sid in chosen:
        context = render_context(first[sid]["context"])
        user = (f"<div class='ctx'>{esc(context)}</div>" if context else "") + esc(first[sid]["user"])
        cells = [user, esc(first[sid]["reference"])] + [esc(s[sid]["reply"]) for _, s in samples]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    heading = "".join(f"<th>{esc(h)}</th>" for h in head)
    return (
        f"<h2>Sample replies</h2><p>{len(chosen)} of the {len(common)} user turns every samples file answered, "
        f"drawn at random (seed {seed}).</p><table class='samples'><tr>{heading}</tr>{''.join(rows)}</table>"
    )


class _Plots:
    """Figures as PNG files; each method returns the page's <figure>, or a note when matplotlib is missing."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.count = 0
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            self.plt = plt
        except ImportError:
            self.plt = None

    def _save(self, fig, caption: str) -> str:
        self.count += 1
        name = f"figure-{self.count:02d}.png"
        fig.tight_layout()
        fig.savefig(self.out / name, dpi=110)
        self.plt.close(fig)
        esc = html.escape
        return (
            f"<figure><img src='{name}' alt='{esc(caption)}'><figcaption>{esc(caption)}</figcaption></figure>"
        )

    def _missing(self) -> str:
        return "<p>(figures need matplotlib: pip install 'xinyu[data]')</p>"

    def confusion(self, name: str, cm: dict) -> str:
        if self.plt is None:
            return self._missing()
        import numpy as np

        labels, matrix = cm["labels"], np.array(cm["matrix"], dtype=float)
        totals = matrix.sum(axis=1, keepdims=True)
        share = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
        size = 1.2 + 0.6 * len(labels)
        fig, ax = self.plt.subplots(figsize=(size + 1.2, size))
        image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        for i in range(len(labels)):
            for j in range(len(labels)):
                color = "white" if share[i, j] > 0.55 else "#222"
                ax.text(j, i, f"{int(matrix[i, j])}", ha="center", va="center", fontsize=8, color=color)
        fig.colorbar(image, ax=ax, fraction=0.046, label="share of the gold row")
        ax.set_title(name)
        return self._save(
            fig, f"{name}: confusion matrix (colour: share of each gold label; numbers: counts)"
        )

    def per_class(self, name: str, per_class: dict) -> str:
        if self.plt is None:
            return self._missing()
        labels = list(per_class)
        x = range(len(labels))
        fig, ax = self.plt.subplots(figsize=(max(5.0, 1.0 + 0.9 * len(labels)), 3.4))
        for k, metric in enumerate(("precision", "recall", "f1")):
            ax.bar(
                [i + (k - 1) * 0.27 for i in x],
                [per_class[lab][metric] for lab in labels],
                0.27,
                label=metric,
            )
        ax.set_xticks(list(x), [f"{lab}\n(n={per_class[lab]['support']})" for lab in labels], fontsize=8)
        ax.set_ylim(0, 1)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(ncols=3, fontsize=8)
        ax.set_title(f"{name}: per-class precision, recall, F1")
        return self._save(fig, f"{name}: per-class precision, recall and F1 (n = gold support)")

    def reply_bars(self, reports: list[tuple[str, dict]]) -> str:
        if self.plt is None:
            return self._missing()
        metrics = [("bleu2", "BLEU-2"), ("rouge_l", "ROUGE-L"), ("distinct2", "Distinct-2")]
        width = 0.8 / len(reports)
        fig, ax = self.plt.subplots(figsize=(7, 3.4))
        for k, (name, r) in enumerate(reports):
            xs = [i + (k - (len(reports) - 1) / 2) * width for i in range(len(metrics))]
            values = [r.get(m) or 0.0 for m, _ in metrics]
            bars = ax.bar(xs, values, width, label=name)
            ax.bar_label(bars, fmt="%.1f", fontsize=7)
        ax.set_xticks(range(len(metrics)), [label for _, label in metrics])
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=8)
        ax.set_title("reply metrics (%)")
        return self._save(fig, "BLEU-2, ROUGE-L and Distinct-2 by system")

    def curves(self, name: str, data: dict) -> str:
        from xinyu.neural.base import Curves, plot_curves

        self.count += 1
        file = f"figure-{self.count:02d}.png"
        if not plot_curves(Curves.from_dict(data), self.out / file, name):
            return self._missing()
        esc = html.escape
        return f"<figure><img src='{file}' alt='{esc(name)}'><figcaption>{esc(name)}: training loss and dev metrics by step</figcaption></figure>"

    def human(self, name: str, data: dict) -> str:
        if self.plt is None:
            return self._missing()
        one, two = data["systems"]
        rated = [(c, v) for c, v in data["criteria"].items() if v.get("ratings")]
        if not rated:
            return ""
        fig, ax = self.plt.subplots(figsize=(6, 0.5 + 0.55 * len(rated)))
        for i, (_c, v) in enumerate(rated):
            low, high = v["ci95"]
            ax.plot([low, high], [i, i], color="tab:blue", linewidth=2)
            ax.plot(v["win_rate"], i, "o", color="tab:blue")
        ax.axvline(0.5, color="#888", linestyle="--", linewidth=1)
        ax.set_yticks(range(len(rated)), [c for c, _ in rated])
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"win rate of {one} over {two} (ties half), 95% CI")
        ax.grid(axis="x", alpha=0.3)
        return self._save(fig, f"{name}: win rate of {one} with its 95% interval; right of 0.5 favours {one}")
