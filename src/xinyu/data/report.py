"""The dataset report: figures (PNG) and one HTML page that shows them with the ledger's accounting.

Figures: emotion distribution, word cloud of core words, text length histogram, language mix, duplicate cluster
sizes, reject reasons. Chinese needs a CJK font: the first Noto Sans CJK / WenQuanYi font found is used (Debian:
``apt install fonts-noto-cjk``); without one the page says so and the word cloud is skipped.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from xinyu.data.record import Record
from xinyu.lang import detect_language

_FONT_NAMES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "wqy-zenhei.ttc", "wqy-microhei.ttc")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))


def cjk_font() -> Path | None:
    for d in _FONT_DIRS:
        root = Path(d)
        if not root.is_dir():
            continue
        for name in _FONT_NAMES:
            found = next(root.rglob(name), None)
            if found is not None:
                return found
    return None


class Stats:
    """What the report shows, gathered one record at a time."""

    def __init__(self) -> None:
        self.rows = 0
        self.emotions: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()
        self.splits: Counter[str] = Counter()
        self.core_words: Counter[str] = Counter()
        self.lengths: list[int] = []
        self.review = 0
        self.flags: Counter[str] = Counter()

    def add(self, rec: Record, split: str | None = None) -> None:
        self.rows += 1
        self.emotions[rec.emotion or "unlabelled"] += 1
        self.languages[rec.meta.get("language") or detect_language(rec.text)] += 1
        self.sources[rec.source or "?"] += 1
        if split:
            self.splits[split] += 1
        self.core_words.update(rec.core_words)
        self.lengths.append(len(rec.text))
        self.review += bool(rec.meta.get("review"))
        self.flags.update(rec.meta.get("flags", []))

    def update(self, records: Iterable[Record]) -> Stats:
        for r in records:
            self.add(r)
        return self


def _bar(ax, counts: Counter, title: str, color: str = "#4C78A8") -> None:
    items = counts.most_common(20)
    labels = [k for k, _ in items][::-1]
    ax.barh(labels, [v for _, v in items][::-1], color=color)
    ax.set_title(title)
    for i, (_k, v) in enumerate(items[::-1]):
        ax.text(v, i, f" {v}", va="center", fontsize=8)


def write_report(
    stats: Stats,
    out_dir: Path,
    ledger: dict | None = None,
    clusters: list[dict] | None = None,
    title: str = "xinyu dataset report",
) -> Path:
    """PNGs and ``index.html`` under ``out_dir``; returns the HTML path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    out_dir.mkdir(parents=True, exist_ok=True)
    font = cjk_font()
    if font is not None:
        font_manager.fontManager.addfont(str(font))
        plt.rcParams["font.family"] = [font_manager.FontProperties(fname=str(font)).get_name(), "DejaVu Sans"]
    figures: list[tuple[str, str]] = []

    def save(fig, name: str, caption: str) -> None:
        fig.tight_layout()
        fig.savefig(out_dir / name, dpi=110)
        plt.close(fig)
        figures.append((name, caption))

    fig, ax = plt.subplots(figsize=(7, 4))
    _bar(ax, stats.emotions, "Emotion distribution")
    save(fig, "emotions.png", "Emotion of each kept row (gold where the source had one, else the labeller's)")

    notes: list[str] = []
    if stats.core_words and font is not None:
        from wordcloud import WordCloud

        wc = WordCloud(
            font_path=str(font),
            width=900,
            height=450,
            background_color="white",
            max_words=150,
            random_state=7,
        ).generate_from_frequencies(dict(stats.core_words.most_common(300)))
        wc.to_file(str(out_dir / "core_words.png"))
        figures.append(("core_words.png", "Core words behind the labels, sized by frequency"))
    elif stats.core_words:
        notes.append(
            "No CJK font found (apt install fonts-noto-cjk): the word cloud of core words is skipped."
        )

    fig, ax = plt.subplots(figsize=(7, 3.5))
    if stats.lengths:
        ax.hist(stats.lengths, bins=40, color="#72B7B2")
    ax.set_title("Text length (characters)")
    ax.set_xlabel("characters")
    ax.set_ylabel("rows")
    save(fig, "lengths.png", "Length of the text of each kept row")

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2))
    _bar(axes[0], stats.languages, "Language mix", "#F58518")
    _bar(axes[1], stats.sources, "Sources", "#54A24B")
    save(fig, "languages.png", "Languages and sources of the kept rows")

    if clusters:
        sizes = Counter(c["size"] for c in clusters)
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ks = sorted(sizes)
        ax.bar([str(k) for k in ks], [sizes[k] for k in ks], color="#B279A2")
        ax.set_title("Duplicate clusters by size")
        ax.set_xlabel("rows in the cluster")
        ax.set_ylabel("clusters")
        save(fig, "duplicates.png", "Clusters of exact and near duplicates (one row kept from each)")
    if ledger and ledger.get("reject_reasons"):
        fig, ax = plt.subplots(figsize=(8, 3.5))
        _bar(ax, Counter(ledger["reject_reasons"]), "Rejected rows by reason", "#E45756")
        save(fig, "rejects.png", "Why rows were rejected")

    page = out_dir / "index.html"
    page.write_text(_html(stats, ledger, clusters, figures, notes, title), encoding="utf-8")
    (out_dir / "stats.json").write_text(
        json.dumps(
            {
                "rows": stats.rows,
                "emotions": dict(stats.emotions),
                "languages": dict(stats.languages),
                "sources": dict(stats.sources),
                "splits": dict(stats.splits),
                "review": stats.review,
                "flags": dict(stats.flags),
                "ledger": ledger,
                "duplicate_clusters": len(clusters or []),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return page


def _table(rows: Iterable[tuple[object, object]], head: tuple[str, str]) -> str:
    body = "".join(f"<tr><td>{html.escape(str(a))}</td><td>{html.escape(str(b))}</td></tr>" for a, b in rows)
    return f"<table><tr><th>{head[0]}</th><th>{head[1]}</th></tr>{body}</table>"


def _html(stats, ledger, clusters, figures, notes, title) -> str:
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{esc(title)}</title><style>body{{font-family:system-ui,'Noto Sans CJK SC',sans-serif;"
        "max-width:1000px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:.5em 0}"
        "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}figure{margin:1.5em 0}"
        "img{max-width:100%}.ok{color:#2a7}.bad{color:#c33}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    if ledger:
        ok = ledger.get("balanced")
        parts.append("<h2>Every row accounted for</h2>")
        parts.append(
            _table(
                [
                    ("rows in", ledger["input"]),
                    ("kept", ledger["kept"]),
                    ("rejected", ledger["rejected"]),
                    ("merged into a duplicate cluster", ledger["merged"]),
                ],
                ("", "rows"),
            )
        )
        cls, word = ("ok", "add up") if ok else ("bad", "do NOT add up")
        parts.append(f"<p class='{cls}' id='balance'>kept + rejected + merged {word} to the rows in.</p>")
    parts.append("<h2>Kept rows</h2>")
    parts.append(
        _table(
            [("rows", stats.rows), ("marked for review", stats.review)]
            + [(f"split: {k}", v) for k, v in sorted(stats.splits.items())]
            + [(f"flag: {k}", v) for k, v in stats.flags.most_common(10)],
            ("", "count"),
        )
    )
    for note in notes:
        parts.append(f"<p class='bad'>{esc(note)}</p>")
    for name, caption in figures:
        parts.append(
            f"<figure><img src='{esc(name)}' alt='{esc(caption)}'><figcaption>{esc(caption)}</figcaption></figure>"
        )
    if clusters:
        parts.append("<h2>Largest duplicate clusters</h2>")
        top = sorted(clusters, key=lambda c: -c["size"])[:10]
        parts.append(_table([(c["representative"][:80], c["size"]) for c in top], ("representative", "rows")))
    parts.append("</body></html>")
    return "".join(parts)
