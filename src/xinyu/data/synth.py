"""Synthetic support dialogues from an LLM: emotion themes x user templates -> a user utterance -> a reply.

Each *item* of the plan is one (language, emotion, situation, template, variant). Two calls make it a record: the
first asks the model to speak as a user in that situation and emotion, in the template's voice; the second asks it,
as a supporter, to answer that utterance. The record is a standard record (``text`` the utterance, ``response``
the reply, ``emotion`` the theme's emotion, ``source`` ``synth:<model>``), so the output goes through validate,
dedup and label like any other data.

Runs are resumable: every finished item is one line appended to the output at once, and a run started again on the
same output skips the items already there (a line cut short by a kill is dropped and redone). Items are named by
a hash of what they are made of, so the same plan always has the same names: no duplicates and no gaps however
often a run is stopped. Token counts are kept in each record, so the totals of a file survive any number of runs.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xinyu.data.record import Record
from xinyu.llm.client import AsyncChatClient, LLMError
from xinyu.taxonomy import EMOTIONS

if TYPE_CHECKING:
    from xinyu.config import LLMSettings


class SynthError(ValueError):
    """The plan or the output cannot be used."""


EMOTION_WORDS = {
    "zh": {
        "joy": "开心",
        "sadness": "难过",
        "anger": "生气",
        "fear": "害怕、焦虑",
        "surprise": "震惊",
        "disgust": "厌恶",
        "neutral": "平静",
    },
    "en": {
        "joy": "happy",
        "sadness": "sad",
        "anger": "angry",
        "fear": "scared and anxious",
        "surprise": "shocked",
        "disgust": "disgusted",
        "neutral": "calm",
    },
}

# Situations a support line hears, per emotion. A themes file replaces them (see ``load_themes``).
THEMES: dict[str, dict[str, list[str]]] = {
    "zh": {
        "sadness": [
            "和交往三年的恋人分手了",
            "养了十年的狗去世了",
            "考研又一次落榜",
            "在新城市一个朋友也没有",
        ],
        "fear": [
            "下周要做一个重要的体检复查",
            "公司传出要裁员的消息",
            "第一次要在全班面前演讲",
            "晚上总是失眠心慌",
        ],
        "anger": ["同事把我的方案说成是他的", "房东无故扣了押金", "父母又偷看了我的日记"],
        "joy": ["终于拿到了心仪公司的录用通知", "和好久不见的朋友和好了", "坚持跑步三个月瘦了十斤"],
        "disgust": ["合租室友从来不打扫卫生", "领导在饭局上开低俗玩笑"],
        "surprise": ["突然被告知要调到外地工作", "多年没联系的同学突然借钱"],
        "neutral": ["想调整一下作息", "在考虑要不要换个专业"],
    },
    "en": {
        "sadness": ["my partner of three years left", "my dog died last week", "I failed the bar exam again"],
        "fear": [
            "I am waiting for biopsy results",
            "layoffs were announced at work",
            "I have panic attacks at night",
        ],
        "anger": ["a coworker took credit for my project", "my landlord kept my deposit for no reason"],
        "joy": ["I got the job I wanted", "my sister and I finally made up"],
        "disgust": ["my roommate never cleans anything", "my boss tells crude jokes in meetings"],
        "surprise": ["I was told out of the blue I am being moved to another city"],
        "neutral": ["I want to fix my sleep schedule", "I am thinking about changing my major"],
    },
}

USER_TEMPLATES = {
    "zh": [
        "像深夜发给好朋友的一条消息",
        "像第一次拨通心理热线时开口的第一句话",
        "有点犹豫、不好意思开口的语气",
        "像在社交平台上发的一条动态",
    ],
    "en": [
        "like a late-night text to a close friend",
        "like the first thing you say when calling a support line",
        "hesitant, a little embarrassed to bring it up",
        "like a short post on social media",
    ],
}

USER_PROMPT = {
    "zh": "请扮演一位正在向倾听者倾诉的普通人。你的处境：{situation}。你此刻的情绪：{emotion}。"
    "用第一人称、口语化地写一句你会说的话（15到60个字），风格：{template}。只输出这句话本身，不要引号。",
    "en": "Play an ordinary person opening up to a listener. Your situation: {situation}. How you feel right now: "
    "{emotion}. In the first person and in plain spoken words, write one thing you would say (10 to 40 words), "
    "{template}. Output only that, without quotes.",
}

REPLY_SYSTEM = {
    "zh": "你是一位温暖、专业的情绪支持者。先共情，说出你听到的感受；再温和地提一个问题或一个小建议。"
    "不评判、不说教、不做医疗诊断。回复两到四句话。",
    "en": "You are a warm, skilled emotional supporter. First reflect the feeling you hear; then gently ask one "
    "question or offer one small suggestion. Do not judge, lecture or diagnose. Reply in two to four sentences.",
}


@dataclass(frozen=True)
class Item:
    lang: str
    emotion: str
    situation: str
    template: str
    variant: int

    @property
    def id(self) -> str:
        key = json.dumps(
            [self.lang, self.emotion, self.situation, self.template, self.variant], ensure_ascii=False
        )
        return "synth-" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()

    def user_messages(self) -> list[dict[str, str]]:
        prompt = USER_PROMPT[self.lang].format(
            situation=self.situation, emotion=EMOTION_WORDS[self.lang][self.emotion], template=self.template
        )
        return [{"role": "user", "content": prompt}]

    def reply_messages(self, utterance: str) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": REPLY_SYSTEM[self.lang]},
            {"role": "user", "content": utterance},
        ]


def load_themes(path: Path) -> dict[str, dict[str, list[str]]]:
    """A themes file: TOML or JSON, ``{lang: {emotion: [situation, ...]}}`` with lang zh or en and xinyu's
    emotions (``[zh] sadness = ["和恋人分手了"]``)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:
        raise SynthError(f"cannot read themes {path}: {exc}") from exc
    for lang, by_emotion in data.items():
        if lang not in USER_PROMPT:
            raise SynthError(f"themes {path}: language {lang!r} is not one of {', '.join(USER_PROMPT)}")
        if not isinstance(by_emotion, dict):
            raise SynthError(f"themes {path}: [{lang}] must map emotions to lists of situations")
        for emotion, situations in by_emotion.items():
            if emotion not in EMOTIONS:
                raise SynthError(f"themes {path}: emotion {emotion!r} is not one of {', '.join(EMOTIONS)}")
            if not isinstance(situations, list) or not all(
                isinstance(s, str) and s.strip() for s in situations
            ):
                raise SynthError(f"themes {path}: {lang}.{emotion} must be a list of non-empty strings")
    return data


def plan(
    themes: dict[str, dict[str, list[str]]] | None = None,
    langs: tuple[str, ...] = ("zh", "en"),
    variants: int = 1,
    limit: int | None = None,
) -> list[Item]:
    """Every (situation x template x variant) of the themes, in a fixed order; the first ``limit``."""
    themes = themes or THEMES
    items = [
        Item(lang, emotion, situation, template, v)
        for lang in langs
        for emotion, situations in themes.get(lang, {}).items()
        for situation, template, v in itertools.product(situations, USER_TEMPLATES[lang], range(variants))
    ]
    return items[:limit] if limit else items


def synth_client(
    llm: LLMSettings, *, api_key_env: str | None = None, timeout_s: float = 60.0, max_retries: int = 6
) -> AsyncChatClient:
    """The client a run calls: ``llm``'s endpoint and model, with the key held by the variable ``api_key_env``
    when one is named (a :class:`SynthError` naming it when it is not set), else ``llm``'s own key (a preset
    fills it from the provider's variable for its own endpoint only, so it never goes to another)."""
    key = llm.api_key.get_secret_value() if llm.api_key else None
    if api_key_env:
        key = os.environ.get(api_key_env)
        if not key:
            raise SynthError(f"{api_key_env}: that variable is not set")
    return AsyncChatClient(llm.base_url, llm.model, key, timeout_s=timeout_s, max_retries=max_retries)


def clean_utterance(text: str) -> str:
    """The model's utterance without the quotes, labels and extra lines models like to add."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    for prefix in ("用户：", "用户:", "User:", "user:"):
        line = line.removeprefix(prefix).strip()
    return line.strip("\"'“”「」『』")


def read_checkpoint(out: Path) -> dict[str, dict]:
    """The items already in ``out``: id -> record. A last line cut short by a kill is removed from the file."""
    done: dict[str, dict] = {}
    if not out.exists():
        return done
    with out.open("rb+") as fh:
        good = 0
        for raw in fh:
            try:
                rec = json.loads(raw)
                if not raw.endswith(b"\n"):
                    raise ValueError("unterminated")
            except ValueError:
                break  # only the last line can be torn: lines are written whole and appended
            done[rec["dialogue_id"]] = rec
            good += len(raw)
        fh.truncate(good)
    return done


@dataclass
class SynthStats:
    planned: int = 0
    skipped: int = 0  # already in the output
    done: int = 0
    failed: int = 0
    calls: int = 0
    retries: int = 0
    prompt_tokens: int = 0  # this run's
    completion_tokens: int = 0
    # the whole output file, every run together (from the records' own counts)
    file_records: int = 0
    file_prompt_tokens: int = 0
    file_completion_tokens: int = 0
    errors: list[str] = field(default_factory=list)

    def cost(self, price_in: float, price_out: float, whole_file: bool = False) -> float:
        """At prices per million input and output tokens: this run's, or the whole file's."""
        p, c = (
            (self.file_prompt_tokens, self.file_completion_tokens)
            if whole_file
            else (self.prompt_tokens, self.completion_tokens)
        )
        return (p * price_in + c * price_out) / 1e6

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["errors"] = self.errors[:20]
        return d


async def synthesize(
    items: list[Item],
    out: Path,
    client: AsyncChatClient,
    concurrency: int = 8,
    temperature: float = 0.9,
    max_tokens: int = 256,
    on_done: Callable[[], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> SynthStats:
    """Make every item not already in ``out``, at most ``concurrency`` calls in flight; see the module's doc.

    ``on_start`` hears how many items are left to make, ``on_done`` each one finished or failed. An item whose
    calls still fail after the client's retries is counted as failed and left for the next run; an
    answer the endpoint refuses for good (a bad key, an unknown model) stops the run with :class:`LLMError`.
    """
    if concurrency < 1:
        raise SynthError("concurrency must be at least 1")
    done = read_checkpoint(out)
    todo = [it for it in items if it.id not in done]
    stats = SynthStats(planned=len(items), skipped=len(items) - len(todo))
    for rec in done.values():
        usage = (rec.get("meta") or {}).get("usage") or {}
        stats.file_prompt_tokens += usage.get("prompt_tokens", 0)
        stats.file_completion_tokens += usage.get("completion_tokens", 0)
    stats.file_records = len(done)
    if on_start:
        on_start(len(todo))
    gate = asyncio.Semaphore(concurrency)
    out.parent.mkdir(parents=True, exist_ok=True)

    async def call(messages: list[dict[str, str]], **params):
        answer = await client.complete(messages, max_tokens=max_tokens, **params)
        stats.calls += 1
        stats.retries += answer.attempts - 1
        stats.prompt_tokens += answer.prompt_tokens
        stats.completion_tokens += answer.completion_tokens
        return answer

    with out.open("a", encoding="utf-8") as fh:

        async def make(item: Item) -> None:
            # the gate holds a whole item (its two calls one after the other): calls in flight never pass
            # ``concurrency``, and a stopped run leaves few items half made
            async with gate:
                try:
                    said = await call(item.user_messages(), temperature=temperature)
                    utterance = clean_utterance(said.text)
                    if not utterance:
                        raise LLMError("the model gave an empty utterance")
                    reply = await call(item.reply_messages(utterance), temperature=0.7)
                    if not reply.text.strip():
                        raise LLMError("the model gave an empty reply")
                except LLMError as exc:
                    if not exc.retryable:
                        raise
                    stats.failed += 1
                    stats.errors.append(f"{item.id}: {exc}")
                    if on_done:
                        on_done()
                    return
            usage = {
                "prompt_tokens": said.prompt_tokens + reply.prompt_tokens,
                "completion_tokens": said.completion_tokens + reply.completion_tokens,
            }
            rec = Record(
                dialogue_id=item.id,
                turn=0,
                role="user",
                text=utterance,
                response=reply.text.strip(),
                emotion=item.emotion,
                source=f"synth:{client.model}",
                meta={
                    "lang": item.lang,
                    "situation": item.situation,
                    "template": item.template,
                    "variant": item.variant,
                    "model": client.model,
                    "usage": usage,
                },
            )
            # one write of one whole line, flushed: a kill leaves whole lines and at most one torn last line
            fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
            fh.flush()
            stats.done += 1
            stats.file_records += 1
            stats.file_prompt_tokens += usage["prompt_tokens"]
            stats.file_completion_tokens += usage["completion_tokens"]
            if on_done:
                on_done()

        tasks = [asyncio.ensure_future(make(it)) for it in todo]
        try:
            await asyncio.gather(*tasks)
        except LLMError:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
    return stats
