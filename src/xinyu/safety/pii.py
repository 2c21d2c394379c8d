"""PII detection and redaction, Chinese and English.

Detectors (each a pattern plus, where the number carries one, a checksum, so that look-alikes are left alone):

=============  ======================================================================================
``id_cn``      mainland resident ID, 18 characters, ISO 7064 MOD 11-2 check digit and a real birth date
``phone_cn``   mainland mobile (1[3-9]x, optional +86) and landline (0xx-xxxxxxxx, 010-6275 1234)
``phone``      other phone numbers: any country's with its + or 00 prefix (+1 415 555 0100, +44 20 7946 0958,
               +852 9123 4567), and US, UK, Hong Kong and Taiwan numbers written as phone numbers in their
               national format ((415) 555-0100, 020 7946 0958, 9123 4567, 02-2345-6789)
``ssn``        US social security number, 3-2-4 digits with the invalid ranges excluded
``card``       payment card, 13-19 digits (spaces or dashes allowed), Luhn-valid
``email``      e-mail address
``wechat``     WeChat / QQ ids, only when labelled as such (微信：xxx, QQ号 123456, wx: xxx)
``ip``         IPv4 and IPv6 addresses
``url_token``  URLs whose query carries a secret (token=, key=, sig=, password=...)
``address``    street addresses: 省/市/区/路/街/号 chains; "221B Baker Street"-style lines
=============  ======================================================================================

Phone numbers beyond the mainland patterns are read by Google's libphonenumber (the ``phonenumbers`` package),
which knows each country's valid number ranges: a number written without its country prefix counts only when it is
a valid number of one of :data:`PHONE_REGIONS` and is written with the spaces, dashes or brackets of a phone
number, so that a bare run of digits (an order number, an amount) is left alone.

Modes: ``mask`` (``[PHONE]``), ``hash`` (``[PHONE:1a2b3c4d]``, keyed HMAC-SHA256, stable for a key so that
the same number maps to the same token across a dataset), ``drop`` (removed).

:func:`redact` works on one text, :func:`redact_fields` on the text fields of a record, :func:`redact_jsonl`
on every line of a JSONL file (``xinyu redact --input``).

>>> redact("我的手机号是13812345678，邮箱 a.b@example.com").text
'我的手机号是[PHONE]，邮箱 [EMAIL]'
>>> [e.kind for e in find_pii("身份证 11010519491231002X")]
['id_cn']
>>> find_pii("订单号 110105194912310021")  # wrong check digit: not an ID
[]
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from xinyu.io import FieldError, get_field, set_field

try:
    import phonenumbers
except ImportError:  # a core dependency; an install without it keeps the mainland and US patterns only
    phonenumbers = None

MODES = ("mask", "hash", "drop")
KINDS = ("id_cn", "phone_cn", "phone", "ssn", "card", "email", "wechat", "ip", "url_token", "address")
_TAG = {
    "id_cn": "ID",
    "phone_cn": "PHONE",
    "phone": "PHONE",
    "ssn": "SSN",
    "card": "CARD",
    "email": "EMAIL",
    "wechat": "ACCOUNT",
    "ip": "IP",
    "url_token": "URL",
    "address": "ADDRESS",
}


#: the regions whose numbers are recognised in their national format (any region's with a + or 00 prefix)
PHONE_REGIONS = ("CN", "US", "GB", "HK", "TW")
# a run of at least seven digits, perhaps broken by phone punctuation: where libphonenumber is worth asking
_PHONE_CANDIDATE = re.compile(r"\d(?:[\s().-]{0,2}\d){6,}")
_PHONE_PUNCT = re.compile(r"[\s().-]")
_PREFIX_ROOM = 8  # characters before a run of digits that may be its country prefix ("+852 ", "0044 (")
_MORE_DIGITS_BEFORE = re.compile(r"\d[ -]?$")
_MORE_DIGITS_AFTER = re.compile(r"[ -]?\d")
_DATE = re.compile(r"(?:19|20)\d{2}([./-])\d{1,2}\1\d{1,2}(?!\d)")
_TIME_AFTER = re.compile(r"[:：]\d")


class UnknownModeError(ValueError):
    pass


@dataclass(frozen=True)
class PIIEntity:
    kind: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Redaction:
    text: str
    entities: list[PIIEntity]


# -- validators ----------------------------------------------------------------------------------------------------
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def cn_id_shaped(number: str) -> bool:
    """18 characters laid out like a mainland ID (area code, a birth date that exists), check digit aside."""
    n = number.upper()
    if not re.fullmatch(r"\d{17}[\dX]", n) or n[0] == "0":
        return False
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def valid_cn_id(number: str) -> bool:
    """Mainland resident ID: 17 digits, a check character, and a birth date that exists."""
    n = number.upper()
    if not cn_id_shaped(n):
        return False
    total = sum(int(d) * w for d, w in zip(n[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == n[17]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def valid_ssn(area: str, group: str, serial: str) -> bool:
    return not (area in {"000", "666"} or area[0] == "9" or group == "00" or serial == "0000")


# -- patterns ------------------------------------------------------------------------------------------------------
_NOT_DIGIT_BEFORE = r"(?<![\dA-Za-z])"
_NOT_DIGIT_AFTER = r"(?![\dA-Za-z])"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    (
        "url_token",
        re.compile(
            r"https?://[^\s\"'<>，。]+?[?&#](?:[^\s\"'<>，。]*?)"
            r"(?:token|access_token|api_key|apikey|key|sig|signature|secret|password|passwd|pwd|auth|session|sid|code)"
            r"=[^\s\"'<>，。]+",
            re.I,
        ),
    ),
    ("id_cn", re.compile(_NOT_DIGIT_BEFORE + r"\d{17}[\dXx]" + _NOT_DIGIT_AFTER)),
    # as people write them: unbroken, or in groups of four (4-6-5 for American Express)
    (
        "card",
        re.compile(
            _NOT_DIGIT_BEFORE
            + r"(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{5})"
            + _NOT_DIGIT_AFTER
        ),
    ),
    (
        "phone_cn",
        re.compile(
            r"(?<![\d])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)"
            r"|(?<![\d-])0\d{2,3}[ -]?\d{7,8}(?![\d-])"
            # in groups (010-6275 1234), and not one group of a longer number
            r"|(?<![\d-])(?<!\d )0\d{2,3}[ -]?\d{3,4}[ -]\d{4}(?![\d-])(?! \d)"
        ),
    ),
    ("ssn", re.compile(_NOT_DIGIT_BEFORE + r"(\d{3})-(\d{2})-(\d{4})" + _NOT_DIGIT_AFTER)),
    (
        "phone",
        re.compile(r"(?<![\d])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?!\d)"),
    ),
    (
        "wechat",
        re.compile(
            r"(?:微信号?|wechat|weixin|vx|wx|v信|薇信|QQ号?|qq号?|扣扣)\s*(?:号码|号|id|ID)?\s*(?:是|为|:|：)?\s*"
            r"([A-Za-z][-_A-Za-z0-9]{5,19}|\d{5,11})",
            re.I,
        ),
    ),
    (
        "ip",
        re.compile(
            r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])"
            r"|(?<![:\w])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![:\w])"
            r"|(?<![:\w])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}:){0,5}[0-9a-fA-F]{1,4}(?![:\w])"
        ),
    ),
    (
        "address",
        re.compile(
            r"(?:[\u4e00-\u9fa5]{2,7}(?:省|自治区))?(?:[\u4e00-\u9fa5]{2,7}市)?(?:[\u4e00-\u9fa5]{1,7}(?:区|县))?"
            r"[\u4e00-\u9fa5A-Za-z0-9]{1,12}(?:路|街|大道|巷|弄|胡同)[0-9一二三四五六七八九十百零]+(?:号|弄)"
            r"(?:院|楼|栋|幢)?(?:[0-9一二三四五六七八九十]+(?:号楼|栋|幢|单元|室|层))*"
            r"|\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|"
            r"Drive|Dr|Court|Ct|Way|Place|Pl)\b\.?(?:,?\s*(?:Apt|Suite|Unit)\.?\s*\w+)?"
        ),
    ),
]


def _valid(kind: str, m: re.Match[str]) -> bool:
    raw = m.group(0)
    digits = re.sub(r"\D", "", raw)
    if kind == "id_cn":
        return valid_cn_id(raw)
    if kind == "card":
        # an ID-shaped number is an ID or nothing (a mistyped ID is not a card)
        return (
            13 <= len(digits) <= 19 and luhn_ok(digits) and not cn_id_shaped(digits) and len(set(digits)) > 1
        )
    if kind == "ssn":
        return valid_ssn(m.group(1), m.group(2), m.group(3))
    if kind == "ip" and "." in raw:
        try:
            ipaddress.ip_address(raw)
        except ValueError:
            return False
        return not raw.startswith("0.")
    if kind == "ip":
        try:
            ipaddress.ip_address(raw)
        except ValueError:
            return False
    return True


def find_pii(text: str, kinds: Iterable[str] | None = None) -> list[PIIEntity]:
    """PII spans in ``text``, longest first where they overlap, in order of position."""
    if not isinstance(text, str) or not text:
        return []
    wanted = set(kinds) if kinds is not None else set(KINDS)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown PII kind(s) {sorted(unknown)}; choose from {', '.join(KINDS)}")
    found: list[PIIEntity] = _phones(text) if wanted & {"phone", "phone_cn"} else []
    found = [e for e in found if e.kind in wanted]
    for kind, pattern in _PATTERNS:
        if kind not in wanted:
            continue
        for m in pattern.finditer(text):
            if not _valid(kind, m):
                continue
            if kind == "wechat":
                s, e = m.span(1)
            else:
                s, e = m.span()
            found.append(PIIEntity(kind, text[s:e], s, e))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    out: list[PIIEntity] = []
    for ent in found:
        if out and ent.start < out[-1].end:
            continue  # overlaps a longer or earlier match
        out.append(ent)
    return out


def _phone_matches(text: str):
    """(libphonenumber's match, the offset of the text it was found in) for every region, asked only
    about the stretches of ``text`` around a run of seven digits or more (the rest cannot hold a phone)."""
    windows: list[list[int]] = []
    for c in _PHONE_CANDIDATE.finditer(text):
        lo, hi = max(0, c.start() - _PREFIX_ROOM), min(len(text), c.end() + 2)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        for region in PHONE_REGIONS:
            for m in phonenumbers.PhoneNumberMatcher(
                text[lo:hi], region, leniency=phonenumbers.Leniency.VALID
            ):
                yield m, lo


def _phones(text: str) -> list[PIIEntity]:
    """Phone numbers libphonenumber finds (see the module's notes): ``phone_cn`` for a number only the mainland's
    plan reads, ``phone`` for any other ("020 7946 0958" is London's, and would be Guangzhou's)."""
    if phonenumbers is None:
        return []
    spans: dict[tuple[int, int], set[str]] = {}
    for m, offset in _phone_matches(text):
        start, end = m.start + offset, m.end + offset
        raw = m.raw_string
        international = raw.startswith(("+", "00", "\uff0b"))
        if not international and not _PHONE_PUNCT.search(raw):
            continue  # a bare run of digits: an order number as often as a phone
        if _MORE_DIGITS_BEFORE.search(text, 0, start) or _MORE_DIGITS_AFTER.match(text, end):
            continue  # one group of a longer number (a card, an account), not a phone
        if _DATE.match(raw) or _TIME_AFTER.match(text, end):
            continue  # a date, or a date and a time (2024.03.08 10:30)
        where = phonenumbers.region_code_for_number(m.number)
        if where == "CN" and not international:
            continue  # the mainland's own patterns read its national numbers (an ID or card is not one)
        spans.setdefault((start, end), set()).add(where)
    return [
        PIIEntity("phone_cn" if where == {"CN"} else "phone", text[s:e], s, e)
        for (s, e), where in spans.items()
    ]


def _token(kind: str, value: str, key: bytes) -> str:
    normal = re.sub(r"[\s-]", "", value).lower()
    digest = hmac.new(key, f"{kind}:{normal}".encode(), hashlib.sha256).hexdigest()[:10]
    return f"[{_TAG[kind]}:{digest}]"


def redact(
    text: str, mode: str = "mask", key: bytes | str | None = None, kinds: Iterable[str] | None = None
) -> Redaction:
    """Replace every PII span. ``hash`` needs a ``key`` (keep it secret: the tokens are only as private as it)."""
    if mode not in MODES:
        raise UnknownModeError(f"unknown redaction mode {mode!r}; choose one of {', '.join(MODES)}")
    if mode == "hash" and not key:
        raise ValueError("hash mode needs a key (XINYU_PII_KEY or --key-file)")
    k = key.encode() if isinstance(key, str) else key
    entities = find_pii(text, kinds)
    if not entities:
        return Redaction(text if isinstance(text, str) else "", [])
    parts: list[str] = []
    last = 0
    for ent in entities:
        parts.append(text[last : ent.start])
        if mode == "mask":
            parts.append(f"[{_TAG[ent.kind]}]")
        elif mode == "hash":
            parts.append(_token(ent.kind, ent.text, k or b""))
        last = ent.end
    parts.append(text[last:])
    out = "".join(parts)
    if mode == "drop":
        out = re.sub(r"[ \t]{2,}", " ", out)
    return Redaction(out, entities)


def redact_fields(
    record: dict,
    fields: Iterable[str],
    *,
    mode: str = "mask",
    key: bytes | str | None = None,
    kinds: Iterable[str] | None = None,
) -> list[PIIEntity]:
    """Redact ``record``'s text ``fields`` in place (dotted names reach into nested objects; a field that is
    missing or not a string is left alone); every entity found, field by field."""
    found: list[PIIEntity] = []
    for name in fields:
        try:
            value = get_field(record, name)
        except FieldError:
            continue
        if isinstance(value, str):
            red = redact(value, mode, key, kinds)
            found += red.entities
            set_field(record, name, red.text)
    return found


@dataclass(frozen=True)
class RedactedLine:
    """One line of a JSONL file after redaction: ``text`` is what to write (without the newline). An
    unreadable line is copied unchanged with the reason in ``error``; a blank line or a JSON value that is not
    an object is copied unchanged too, and only the objects' lines are ``redacted``."""

    number: int
    text: str
    redacted: bool = False
    error: str | None = None
    entities: list[PIIEntity] = field(default_factory=list)


def redact_jsonl(
    lines: Iterable[str],
    *,
    fields: Sequence[str],
    mode: str = "mask",
    key: bytes | str | None = None,
    kinds: Iterable[str] | None = None,
) -> Iterator[RedactedLine]:
    """Every line of a JSONL file, in order, with :func:`redact_fields` applied to each object's ``fields``;
    nothing is dropped (see :class:`RedactedLine`)."""
    wanted = list(kinds) if kinds is not None else None
    for number, line in enumerate(lines, 1):
        raw = line.rstrip("\n")
        try:
            record = json.loads(raw) if raw.strip() else None
        except json.JSONDecodeError as exc:
            yield RedactedLine(number, raw, error=f"not JSON ({exc.msg}); copied unchanged")
            continue
        if not isinstance(record, dict):
            error = "not a JSON object; copied unchanged" if raw.strip() else None
            yield RedactedLine(number, raw, error=error)
            continue
        entities = redact_fields(record, fields, mode=mode, key=key, kinds=wanted)
        yield RedactedLine(number, json.dumps(record, ensure_ascii=False), redacted=True, entities=entities)
