"""Synthetic PII for tests and benchmarks: valid numbers (checksums right) and look-alikes that fail them.

>>> import random
>>> from xinyu.safety.pii import luhn_ok, valid_cn_id
>>> rng = random.Random(0)
>>> valid_cn_id(cn_id(rng)), luhn_ok(card(rng)), valid_cn_id(bad_cn_id(rng)), luhn_ok(bad_card(rng))
(True, True, False, False)
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from xinyu.safety.pii import luhn_ok

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_AREAS = ("110105", "310104", "440305", "510107", "330106", "420102", "610113", "210202", "320106", "500103")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def cn_id(rng: random.Random) -> str:
    """A mainland resident ID with a real birth date and the right MOD 11-2 check character."""
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(30000))
    body = f"{rng.choice(_AREAS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def bad_cn_id(rng: random.Random) -> str:
    """An ID-shaped number whose check character is wrong."""
    good = cn_id(rng)
    return good[:-1] + rng.choice([c for c in "0123456789X" if c != good[-1]])


def card(rng: random.Random, prefix: str | None = None, length: int | None = None) -> str:
    """A Luhn-valid card number (UnionPay 62, Visa 4, Mastercard 51-55 by default, 16 or 19 digits)."""
    prefix = prefix or rng.choice(["62", "4", "51", "53", "55"])
    length = length or (rng.choice([16, 19]) if prefix == "62" else 16)
    body = prefix + _digits(rng, length - len(prefix) - 1)
    return next(body + c for c in "0123456789" if luhn_ok(body + c))


def bad_card(rng: random.Random) -> str:
    """A card-shaped number that fails the Luhn check."""
    good = card(rng)
    return good[:-1] + str((int(good[-1]) + rng.randrange(1, 10)) % 10)


def cn_mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + _digits(rng, 9)


def cn_landline(rng: random.Random) -> str:
    area = rng.choice(["010", "021", "020", "0755", "028", "0571"])
    return f"{area}-{rng.choice('2345678')}{_digits(rng, 7 if len(area) == 3 else 6)}"


def world_phone(rng: random.Random) -> str:
    """A phone number of the US, the UK, Hong Kong or Taiwan as people write it: with its country prefix, or in
    the national format with the usual spaces, dashes or brackets."""
    d = lambda n: _digits(rng, n)  # noqa: E731 - a short local helper
    exchange = f"{rng.choice('23456789')}{d(2)}"
    area = rng.choice(["415", "212", "646", "312", "617", "206"])
    hk = f"{rng.choice('69')}{rng.choice('234567')}{d(2)} {d(4)}"  # Hong Kong mobiles
    return rng.choice(
        [
            f"+1 {area} {exchange} {d(4)}",
            f"({area}) {exchange}-{d(4)}",
            f"+44 20 7946 0{d(3)}",
            f"020 7946 0{d(3)}",
            f"+44 7{rng.choice('45789')}{d(2)} {d(6)}",
            f"+852 {hk}",
            hk,
            f"+886 9{d(2)} {d(3)} {d(3)}",
            f"02-2{d(3)}-{d(4)}",
        ]
    )


def spaced(number: str, rng: random.Random) -> str:
    """How people write long numbers: as is, or in groups of four (spaces or dashes)."""
    style = rng.choice(["plain", "plain", "space", "dash"])
    if style == "plain" or not number.isdigit():
        return number
    sep = " " if style == "space" else "-"
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))
