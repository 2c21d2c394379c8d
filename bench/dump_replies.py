"""What the service answers, turn by turn, for a fixed set of conversations: one JSON line per turn with the whole
``/v1/chat`` answer (reply, emotion, risk, strategy, understanding, memory, moderation), less what differs from
run to run (turn and escalation ids, times). Run it before and after a change that must keep every answer (a
speed-up) and compare the two files byte for byte::

    python bench/dump_replies.py before.jsonl
    # ... the change ...
    python bench/dump_replies.py after.jsonl
    cmp before.jsonl after.jsonl

The conversations: the dialogue suites (``--suite``, default both of ``tests/dialogue``), the chat bench's messages,
and any JSONL of ``{"id", "locale", "messages": [...]}`` given with ``--conversations`` (conversations from a
dataset, say). Each runs in a session of its own, through the app (HTTP layer, store and all) in a fresh data
directory, with the installed models.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: what changes from run to run whatever the code: ids, clocks
VOLATILE = frozenset({"turn_id", "latency_ms", "id", "created", "updated", "at"})
_NOT_ID = re.compile(r"[^A-Za-z0-9_.:@-]")


def suite_conversations(paths: list[str]) -> Iterator[tuple[str, str | None, list[str]]]:
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                yield record["id"], record.get("locale"), [t["user"] for t in record["turns"]]


def bench_conversations(n: int = 20, turns: int = 10) -> Iterator[tuple[str, str | None, list[str]]]:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_chat import MESSAGES

    rng = random.Random(7)
    for k in range(n):
        yield f"bench-{k}", None, [rng.choice(MESSAGES) for _ in range(turns)]


def file_conversations(path: str) -> Iterator[tuple[str, str | None, list[str]]]:
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            yield str(record["id"]), record.get("locale"), [str(m) for m in record["messages"]]


def steady(value):
    """``value`` without what changes from run to run."""
    if isinstance(value, dict):
        return {k: steady(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [steady(v) for v in value]
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="the JSONL file to write")
    ap.add_argument("--suite", action="append", help="a dialogue suite (default: both of tests/dialogue)")
    ap.add_argument(
        "--conversations", action="append", default=[], help='JSONL of {"id", "locale", "messages"}'
    )
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="xinyu-replies-")
    os.environ.update(
        XINYU_DATA_DIR=data,
        XINYU_CONFIG=os.path.join(data, "none"),
        XINYU_API__RATE_LIMIT_PER_MINUTE="100000000",
        XINYU_ACCESS_LOG="false",
    )
    from fastapi.testclient import TestClient

    from xinyu.config import get_settings
    from xinyu.service.app import create_app

    suites = args.suite or [
        str(ROOT / "tests/dialogue/suite_zh.jsonl"),
        str(ROOT / "tests/dialogue/suite_en.jsonl"),
    ]
    conversations = [*suite_conversations(suites), *bench_conversations()]
    for path in args.conversations:
        conversations += list(file_conversations(path))
    turns = 0
    with (
        TestClient(create_app(get_settings()), client=("127.0.0.1", 50000)) as client,
        open(args.out, "w", encoding="utf-8") as out,
    ):
        for cid, locale, messages in conversations:
            for message in messages:
                name = _NOT_ID.sub("_", cid)
                body = {"user_id": f"u-{name}"[:128], "session_id": f"s-{name}"[:128], "message": message}
                if locale:
                    body["locale"] = locale
                r = client.post("/v1/chat", json=body)
                line = {"conversation": cid, "status": r.status_code, "answer": steady(r.json())}
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
                turns += 1
    print(f"{turns} turns of {len(conversations)} conversations -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
