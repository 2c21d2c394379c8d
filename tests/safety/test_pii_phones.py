"""Phone numbers in the formats people write them (libphonenumber through the ``phonenumbers`` package), and
the numbers that are not phones: dates, amounts, order numbers, groups of a card."""

from __future__ import annotations

import random
from importlib.util import find_spec

import pytest

from xinyu.safety.pii import find_pii, redact
from xinyu.safety.pii_gen import card, cn_id, world_phone

needs_phonenumbers = pytest.mark.skipif(
    find_spec("phonenumbers") is None, reason="phonenumbers is not installed"
)


def phones(text: str) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in find_pii(text) if e.kind in ("phone", "phone_cn")]


@needs_phonenumbers
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me on +1 415 555 0100 after six", ("phone", "+1 415 555 0100")),
        ("my London number is +44 20 7946 0958", ("phone", "+44 20 7946 0958")),
        ("or the office, 020 7946 0958", ("phone", "020 7946 0958")),
        ("打 (415) 555-0100 找我", ("phone", "(415) 555-0100")),
        ("香港的電話 +852 9123 4567", ("phone", "+852 9123 4567")),
        ("我在香港，手機 9123 4567", ("phone", "9123 4567")),
        ("台北家裡 02-2345-6789", ("phone", "02-2345-6789")),
        ("台灣手機 +886 912 345 678", ("phone", "+886 912 345 678")),
        ("国外打回来 +86 138 1234 5678", ("phone_cn", "+86 138 1234 5678")),
        ("0086 10 6275 1234 是办公室", ("phone_cn", "0086 10 6275 1234")),
    ],
)
def test_phone_numbers_of_several_countries(text, expected):
    assert phones(text) == [expected]
    assert "[PHONE]" in redact(text).text and expected[1] not in redact(text).text


def test_a_beijing_landline_in_groups_is_found_without_the_library():
    assert phones("电话010-6275 1234，白天打") == [("phone_cn", "010-6275 1234")]
    assert phones("座机 0755 3690 0012") == [("phone_cn", "0755 3690 0012")]


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-15 去复诊",
        "预约在 2024.03.08 10:30-11:45",
        "出生于 1990-05-12 08:45",
        "发工资 2023/11/05，到账 10:05",
        "15/01/2024 was the worst day",
        "花了 12,345,678 元",
        "金额 ¥1234567.89，分 12 期",
        "it cost $1,234,567 in total",
        "order #4155550100 never arrived",
        "订单号 2024011512345678",
        "订单号：123456789",
        "快递单号 773012345678901",
        "ISBN 978-3-16-148410-0",
        "第 1234-5678 号文件",
        "会员卡 8888 6666 8888",
        "version 1.2.3.4 broke it",
        "邮编 100871",
        "我今年23岁，考了98分",
    ],
)
def test_dates_amounts_and_order_numbers_are_not_phones(text):
    assert phones(text) == []


def test_the_groups_of_a_card_or_an_id_are_not_read_as_phones():
    rng = random.Random(3)
    for _ in range(200):
        number = card(rng)
        grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        broken = grouped[:-1] + str((int(grouped[-1]) + 1) % 10)  # fails Luhn: no card either
        assert phones(f"卡号 {grouped} 谢谢") == []
        assert phones(f"流水 {broken} 谢谢") == []
        assert [e.kind for e in find_pii(f"身份证 {cn_id(rng)}")] == ["id_cn"]


@needs_phonenumbers
def test_generated_world_phones_are_found_whole():
    rng = random.Random(11)
    values = [world_phone(rng) for _ in range(300)]
    found = sum(phones(f"联系方式：{v}，谢谢") == [("phone", v)] for v in values)
    assert found / len(values) >= 0.98  # a few Hong Kong numbers fall in ranges not yet allocated
