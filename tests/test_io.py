"""Reading rows, texts, labels, conversations and reply files: every row accounted for, every problem named."""

from __future__ import annotations

import hashlib
import json

import pytest

from xinyu.io import (
    InputFileError,
    binary_label,
    canonical_labels,
    dialogue_rows,
    file_sha256,
    read_labelled,
    read_replies,
    read_rows,
    text_rows,
    user_turns,
)
from xinyu.taxonomy import UnknownLabelError


def _jsonl(path, rows: list) -> object:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
        encoding="utf-8",
    )
    return path


def test_read_rows_stops_at_the_limit(tmp_path):
    f = _jsonl(tmp_path / "a.jsonl", [{"text": str(i)} for i in range(5)])
    assert [r.number for r in read_rows(f, limit=2)] == [1, 2]
    assert len(list(read_rows(f))) == len(list(read_rows(f, limit=None))) == 5
    with pytest.raises(InputFileError, match="not found"):
        read_rows(tmp_path / "missing.jsonl", limit=2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, 1),
        (False, 0),
        (2, 1),
        (0, 0),
        (-1.5, 0),
        ("Yes", 1),
        (" pos ", 1),
        ("", 0),
        ("NEG", 0),
        ("0.3", 1),
    ],
)
def test_binary_label(value, expected):
    assert binary_label(value) == expected


def test_binary_label_names_a_value_that_is_not_binary():
    with pytest.raises(ValueError, match="label 'maybe' is not binary"):
        binary_label("maybe")


def test_canonical_labels_map_one_label_or_a_list():
    assert canonical_labels("smp2020", "happy") == ["joy"]
    assert canonical_labels("smp2020", ["sad", "happy", "sad", "neural"]) == ["sadness", "joy", "neutral"]
    assert canonical_labels("smp2020", []) == []
    with pytest.raises(UnknownLabelError, match="bogus"):
        canonical_labels("smp2020", ["sad", "bogus"])


def test_text_rows_read_text_label_and_id_or_say_why_not(tmp_path):
    f = _jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": 1, "text": "好", "y": "yes"},
            "not json",
            {"id": 3, "y": 1},
            {"id": 4, "text": "x", "y": "maybe"},
            {"text": "y"},
        ],
    )
    rows = list(text_rows(read_rows(f), "text", label_field="y", parse=binary_label, id_field="id"))
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
    assert (rows[0].text, rows[0].label, rows[0].gold, rows[0].id, rows[0].error) == ("好", 1, "yes", 1, None)
    assert rows[1].unreadable and "not valid JSON" in rows[1].error and rows[1].id is None
    assert not rows[2].unreadable and rows[2].error == "missing field 'text'" and rows[2].id == 3
    assert "not binary" in rows[3].error and rows[3].gold == "maybe" and rows[3].label is None
    assert rows[4].error == "missing field 'y'" and rows[4].gold is None and rows[4].id is None
    texts = list(text_rows(read_rows(f), "text"))  # no label asked for: none read
    assert [(r.text, r.error) for r in texts if not r.unreadable] == [
        ("好", None),
        ("", "missing field 'text'"),
        ("x", None),
        ("y", None),
    ]


def test_read_labelled_gathers_files_with_their_weights_and_lists_bad_rows(tmp_path):
    a = _jsonl(
        tmp_path / "a.jsonl",
        [
            {"text": "好开心", "label": "happy"},
            "oops",
            {"text": "好难过", "label": ["sad", "sad", "angry"]},
            {"text": "  ", "label": "sad"},
            {"text": "好", "label": []},
            {"text": "好", "label": "joyful"},
        ],
    )
    b = tmp_path / "b.csv"
    b.write_text("text,label\n好怕,fear\n", encoding="utf-8")
    data = read_labelled([a, b], "text", "label", "smp2020", [1.0, 2.5])
    assert data.texts == ["好开心", "好难过", "好怕"]
    assert data.labels == [["joy"], ["sadness", "anger"], ["fear"]]
    assert data.weights == [1.0, 1.0, 2.5]
    assert data.errors[0] == "a.jsonl: line 2 is not valid JSON: Expecting value"
    assert data.errors[1:3] == ["a.jsonl line 4: empty text or label", "a.jsonl line 5: empty text or label"]
    assert data.errors[3].startswith("a.jsonl line 6: label 'joyful' is not in scheme 'smp2020'")
    assert read_labelled([b], "text", "label", "smp2020").weights == [1.0]
    with pytest.raises(InputFileError, match="not found"):
        read_labelled([a, tmp_path / "missing.jsonl"], "text", "label", "smp2020")


def test_user_turns_of_a_conversation(tmp_path):
    f = _jsonl(
        tmp_path / "c.jsonl",
        [
            {"role": "user", "text": "最近好累"},
            {"role": "assistant", "text": "怎么了"},
            {"role": "Seeker", "content": "睡不着"},
            {"message": "no role is the user"},
            {"role": "human", "body": "no text"},
            "bad",
            {"role": "client", "text": "not a user role here"},
            {"role": "usr", "body": "the asked field first", "text": "fallback"},
        ],
    )
    turns = list(user_turns(read_rows(f), "body"))
    assert [(t.number, t.text, t.error) for t in turns if not t.unreadable] == [
        (1, "最近好累", None),
        (3, "睡不着", None),
        (4, "no role is the user", None),
        (5, "no text", None),
        (8, "the asked field first", None),
    ]
    turns = list(user_turns(read_rows(f)))
    assert turns[3].error == "no text field ('text', content, message)"
    assert turns[4].unreadable and turns[4].number == 6


def test_dialogue_rows_read_a_conversation_a_line(tmp_path):
    f = _jsonl(
        tmp_path / "d.jsonl",
        [
            {
                "id": "a",
                "label": 1,
                "turns": [{"role": "user", "text": "好累"}, {"role": "assistant", "text": "嗯"}],
            },
            {"turns": [{"role": "seeker", "content": "睡不着"}, {"text": "no role is the user"}]},
            "bad",
            {"id": 7, "turns": "not a list"},
            {"id": 8, "turns": ["not an object"]},
            {"id": 9, "turns": [{"role": "user", "text": "ok"}, {"role": "user", "body": "no text"}]},
            {"id": 10, "label": "maybe", "turns": []},
            {"id": 11, "y": "no", "turns": [{"role": "user", "body": "the asked field"}]},
        ],
    )
    rows = list(dialogue_rows(read_rows(f)))
    assert [(d.number, d.id, d.turns, d.label) for d in rows[:2]] == [
        (1, "a", ("好累",), 1),
        (2, "2", ("睡不着", "no role is the user"), None),
    ]
    assert [(d.number, d.id, d.error) for d in rows[2:7]] == [
        (3, "", "line 3 is not valid JSON: Expecting value"),
        (4, "7", 'no list of "turns"'),
        (5, "8", 'every turn must be an object ({"role", "text"})'),
        (6, "9", "turn 2: no text field ('text', content, message)"),
        (7, "10", "label 'maybe' is not binary (use 1/0, true/false, yes/no)"),
    ]
    assert rows[7].error is not None
    asked = list(dialogue_rows(read_rows(f), text_field="body", label_field="y"))[-1]
    assert (asked.turns, asked.label, asked.error) == (("the asked field",), 0, None)


def test_read_replies(tmp_path):
    good = _jsonl(
        tmp_path / "r.jsonl", [{"id": 1, "reply": "嗯", "strategy": "question"}, "", {"id": "b", "reply": 2}]
    )
    assert read_replies(good) == {
        "1": {"reply": "嗯", "strategy": "question"},
        "b": {"reply": "2", "strategy": None},
    }
    bad = _jsonl(tmp_path / "bad.jsonl", [{"id": 1, "reply": "x"}, {"reply": "no id"}])
    with pytest.raises(InputFileError, match=r'bad.jsonl line 2: expected \{"id", "reply"\}'):
        read_replies(bad)
    with pytest.raises(InputFileError, match="no replies"):
        read_replies(_jsonl(tmp_path / "empty.jsonl", ["", " "]))
    with pytest.raises(InputFileError, match="cannot read"):
        read_replies(tmp_path / "missing.jsonl")
    latin = tmp_path / "latin1.jsonl"
    latin.write_bytes('{"id": 1, "reply": "caf\u00e9"}\n'.encode("latin-1"))
    with pytest.raises(InputFileError, match="not UTF-8 text"):
        read_replies(latin)


def test_file_sha256(tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"x" * (3 << 20))
    assert file_sha256(f) == hashlib.sha256(b"x" * (3 << 20)).hexdigest()
