"""Writing a plan out offline: each move of a :class:`~xinyu.respond.dialogue.Plan` becomes one short sentence,
drawn from xinyu's own material and filled with the person's words.

Material, most specific first: a feeling the turn names in words (guilt, embarrassment), the event's own lines
(``dialogue_{lang}.json``: a pet that died, an interview tomorrow, a boss who yelled; its variant when it befell
someone else or is of a kind of its own, see :data:`EVENT_VARIANTS`), then the feeling's, then the phrase bank's
(``phrases_{lang}.json``, by strategy, emotion and topic). What is asked for in so many words is answered first
(:mod:`xinyu.respond.requests`), and how to say it from the event's ``say`` lines. A line is used only when every slot it names is known: ``{who}`` (the person involved, as the
message said it), ``{pet}``, ``{when}``, ``{thing}`` (what is coming: 面试, the surgery), ``{name}``. Within a
session no line is used twice while others remain, and choices are deterministic for a session and turn.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from xinyu.lang import HAN
from xinyu.respond.answers import answer as answer_for
from xinyu.respond.answers import sub_kind
from xinyu.respond.dialogue import (
    CARERS,
    CLOCK,
    DURATION,
    FEELING_WORD,
    PLAN_TOLD,
    SELF_DOUBT,
    SOCIAL,
    URGENT,
    Plan,
    Reading,
    named_feeling,
    nearest_people,
)
from xinyu.respond.guards import CHEER, DOSE
from xinyu.respond.requests import EN_SWAP, HOW_TO_SAY, UNCHECKED, abuse_nearby, ask_domain, requested, urgent
from xinyu.respond.wording import say_script
from xinyu.understand.acts import NEWS_SIGN, asks
from xinyu.understand.fold import fold
from xinyu.understand.situation import EVENTS

_SLOT = re.compile(r"\{(\w+)\}")
#: what an event is called when it is referred back to (zh, en)
_THING = {
    "interview": ("面试", "the interview"),
    "exam": ("考试", "the exam"),
    "illness": ("看病的事", "the appointment"),
    "change": ("这次变动", "the move"),
    "money": ("钱的事", "the money worries"),
}
_ILLNESS = frozenset({"illness", "bereavement", "pet_loss"})
#: material of its own for a variant of an event: someone else's illness (the person waits, worries, visits), a
#: pet's (the vet, the cost) or an injury of the speaker's (the hand that cannot grip, the work it was for), a
#: child bullied or sitting an exam, a parent laid off or gambling (the person speaking is family, not the one it
#: befell); an
#: exam failed (the lines of an exam ahead ask how the revision goes); a thing bought (nothing was found out); money lent and not paid back, or spent or
#: lost by someone in the family (the lines of money troubles are a debtor's)
EVENT_VARIANTS = {
    "illness_other": "illness",
    "illness_pet": "illness",
    "illness_injury": "illness",
    "family_conflict_other": "family_conflict",
    "bullying_other": "bullying",
    "exam_other": "exam",
    "job_loss_other": "job_loss",
    "exam_failed": "exam",
    "money_lent": "money",
    "gambling_other": "gambling",
    "money_other": "money",
    "good_news_bought": "good_news",
}
_SURGERY = re.compile(r"手术|開刀|开刀|\bsurgery\b|\boperation\b", re.IGNORECASE)
_ZH_KIN = {"妈": "妈妈", "爸": "爸爸", "哥": "哥哥", "姐": "姐姐", "弟": "弟弟", "妹": "妹妹"}


@cache
def material(language: str) -> dict:
    """The dialogue material of ``language`` (zh or en), loaded once."""
    text = (
        resources.files("xinyu.resources").joinpath(f"dialogue_{language}.json").read_text(encoding="utf-8")
    )
    return json.loads(text)


def _hashed(pool: list, key: str):
    """One of ``pool``, the same for the same ``key`` (a session, a turn, a move): varied across turns, stable on
    replay."""
    return pool[int(hashlib.blake2s(key.encode(), digest_size=4).hexdigest(), 16) % len(pool)]


@dataclass
class Line:
    id: str
    text: str
    personal: bool = False  # the line names the person's own situation (it had a slot)
    slots: tuple[str, ...] = ()  # the slots it filled


def slots(reading: Reading, facts: Mapping[str, str], language: str, event: str | None) -> dict[str, str]:
    """The values a line may name, from this turn first, then from what the session remembers."""
    sit = reading.situation
    out: dict[str, str] = {}
    # people named in a turn that tells no event of its own are not the event's: "爸妈都在外地打工" after
    # "奶奶走了" must not become "爸妈走了"; the event's own person is the one named when it was told
    now = [
        p for p in nearest_people(reading.message, sit) if not (event in _ILLNESS and CARERS.search(p))
    ]  # the doctor is not the patient; the one named nearest the event first
    if facts.get("kind") == "lent" and facts.get("who") in now:
        now = [
            facts["who"],
            *(p for p in now if p != facts["who"]),
        ]  # the one who borrowed, not the son it was for
    people = now if sit.event or not event else [p for p in [facts.get("who", "")] if p]
    if not sit.event and event and now and facts.get("who") not in now:
        people = []  # others named now ("不敢跟爸妈说"): the event's lines that name someone would name the wrong one
    if people:
        out["who"] = _second_person(people[0], language)
        if language != "zh":
            out["who"] = _determined(out["who"], reading.message)
            if out["who"].startswith(("his ", "her ", "their ")):
                out.pop(
                    "who"
                )  # someone else's ("what do I say to his wife?"): not the one the lines are about
    pet = facts.get("pet_name") or (sit.pet and _second_person(sit.pet, language))
    if pet:
        out["pet"] = pet
    if facts.get("pet_name"):
        out["pet_name"] = facts["pet_name"]  # a name given: never asked for again
    # a time said before belongs to the event told then: not to a new one told now; and a time said in a turn that
    # tells no event is not the event's ("周末我先陪他去钓一次鱼" after the eye check-up is no weekend appointment)
    when = sit.when if sit.event else facts.get("when")
    if when and CLOCK.search(when):
        when = None  # "2:47am" is when the person writes, not when the event is
    if when:
        out["when"] = _second_person(when, language)
    zh, en = _THING.get(event or "", ("", ""))
    if _SURGERY.search(reading.message) or _SURGERY.search(facts.get("thing", "")):
        zh, en = "手术", "the surgery"
    if zh:
        out["thing"] = zh if language == "zh" else en
    if facts.get("name"):
        out["name"] = facts["name"]
    return out


def _lines_of(
    event: str | None, facts: Mapping[str, str], values: Mapping[str, str], message: str = ""
) -> str | None:
    """The material an event is written from: its variant for someone else (see :data:`EVENT_VARIANTS`) when it
    befell someone other than the speaker, its own otherwise. Someone else's illness has lines of its own (the
    person waits and worries, they are not the patient), and so has a child bullied or sitting an exam (the person
    speaking is the parent)."""
    kind = facts.get("kind")
    if event == "exam" and kind == "failed" and not facts.get("about"):
        return "exam_failed"
    if event == "money" and kind == "lent":
        return "money_lent"
    if event == "good_news" and kind == "bought":
        return "good_news_bought"  # "I bought a BIKE 🚲": what it is for, not how it felt to find out
    if event in ("family_conflict", "conflict", "relationship") and abuse_nearby(message):
        return None  # a fight heard through the floor is no quarrel of the speaker's own
    if event in ("family_conflict", "conflict") and facts.get("between"):
        return "family_conflict_other"  # "他们又在吵 隔着门都听得见": a child hearing the parents fight
    if event == "illness" and facts.get("ill_pet") and "who" not in values:
        return "illness_pet"  # "my cat has a urinary blockage": the lines of a sick pet, not of being ill
    variant = f"{event}_other"
    if variant not in EVENT_VARIANTS:
        return event
    if event == "illness":
        # whose illness it is was settled when it was told: the wife named later ("wife's picking up extra shifts
        # at the hospital laundry") does not make the speaker's crushed hand hers
        ill = facts.get("who", "")
        other = bool(ill and not CARERS.search(ill))
        if not other and facts.get("kind") == "injury":
            return "illness_injury"  # crushed fingers, a broken wrist: the loss of what the body could do
    else:
        other = bool(facts.get("about"))
    return variant if other else event


_EN_DETERMINER = re.compile(r"^(?:(?:your|my|our|his|her|their|the|a|an)\s|[A-Z])")


def _determined(who: str, message: str) -> str:
    """An English person named bare ("coworker", "wife") with the word the message put before them: "his wife" stays
    his, "a coworker" / "my coworker" is "your coworker"; never "a memory of coworker"."""
    if not who or _EN_DETERMINER.match(who):
        return who
    said = re.search(rf"\b(my|our|his|her|their|the|a|an)\s+{re.escape(who)}\b", message, re.IGNORECASE)
    word = said.group(1).lower() if said else "your"
    return f"{'your' if word in ('my', 'our', 'a', 'an') else word} {who}"


def _second_person(words: str, language: str) -> str:
    """The person's words turned to the listener: 我妈 -> 妈妈, my boss -> your boss."""
    if language == "zh":
        bare = words.removeprefix("我的").removeprefix("我")
        return _ZH_KIN.get(bare, bare) or words
    return re.sub(r"\b(?:my|My)\b", "your", re.sub(r"\b(?:our|Our)\b", "your", words))


class Composer:
    """Writes plans out from the dialogue material and the phrase bank (``bank``: a
    :class:`~xinyu.respond.engines.local.PhraseBank`)."""

    def __init__(self, bank) -> None:
        self.bank = bank

    def write(
        self,
        plan: Plan,
        reading: Reading,
        language: str,
        *,
        facts: Mapping[str, str],
        event: str | None,
        topic: str | None,
        risky: bool,
        seed: str,
        turn_index: int,
        used: Collection[str],
        core: str = "",
        cheer: bool = False,
    ) -> tuple[str, list[str]]:
        """The reply's text and the ids of the lines it used. ``core`` is a word of the person's own to quote
        where a phrase-bank line asks for one; lines with cheerful words are left out unless ``cheer``."""
        lang = "zh" if language == "zh" else "en"
        values = slots(reading, facts, lang, event)
        sit = reading.situation
        told_now = {
            "who": bool(sit.event and sit.people),
            "pet": bool(sit.pet),
            "when": bool(sit.when),
            "thing": bool(sit.event),
            "core": True,
            "word": True,
        }
        told_now = {k for k, v in told_now.items() if v}
        if core:
            values["core"] = values["word"] = core
        taken = set(used)
        restated = False
        told = "duration" in facts or DURATION.search(reading.message) is not None  # never ask how long again
        parts: list[tuple[str, str]] = []
        chosen: list[str] = []

        lines_of = _lines_of(event, facts, values, reading.message)
        if lines_of == "good_news" and reading.emotion in ("sadness", "fear", "anger"):
            # good news told with a hurt beside it ("she got the job in London!! and also absolutely gutted"): the
            # hurt is the turn; "you waited a long time for this" and "how did it feel to find out" would miss it
            lines_of = None
        if lines_of in ("illness", "illness_injury"):
            # the speaker's own illness: "with your wife unwell" would name the wrong one
            values.pop("who", None)
        # told the last reply missed ("你没懂我意思", "that's very generic"): owned, and nothing of theirs is said
        # back this turn (the complaint is no story)
        restated = "repair" in plan.moves

        def line_for(move: str) -> Line | None:
            return self._line(
                move,
                lang,
                reading,
                lines_of,
                topic,
                values,
                seed,
                turn_index,
                taken,
                cheer,
                told,
                thing=facts.get("thing", ""),
            )

        of_others = False
        for move in plan.moves:
            if move == "check" and not any(m == "suggest" for m, _ in parts):
                continue  # nothing was suggested: nothing to check
            if move == "check" and any(UNCHECKED & set(c.split(".")) for c in chosen):
                continue  # what was said is no step to try ("whether it is cancer, only the tests can say")
            if move == "answer":
                got = answer_for(
                    plan.answer or "",
                    plan.asked or reading.message,
                    lang,
                    facts=facts,
                    mood=reading.emotion,
                    risky=risky,
                    seed=f"{seed}|{turn_index}",
                    used=taken,
                    event=event,
                )
                line = Line(got.id, got.text) if got else None
                if got and got.id in taken and len(plan.moves) == 1 and plan.answer not in SOCIAL:
                    # said before: add something of its own (never a question after a thank-you or goodbye)
                    extra = line_for("ask_feeling")
                    if extra:  # one question a reply: the answer's own closing question gives way
                        line.text = f"{_without_question(line.text)}{'' if lang == 'zh' else ' '}{extra.text}"
            elif move in ("repair", "repair_ask"):
                line = _repair_line(move, reading, lang, f"{seed}|{turn_index}", taken)
            elif move == "go_ahead":
                news = _NEWS_ANNOUNCED.search(reading.message)
                line = Line(
                    f"{lang}.go_ahead",
                    ("好呀，快说说！" if news else "好呀，你问吧。")
                    if lang == "zh"
                    else ("Ooh, tell me!" if news else "Sure, ask away!"),
                )
            elif move == "plan_backed":
                lines = _PLAN_BACKED[lang]
                text = lines[turn_index % len(lines)]
                said = restate(reading.message, lang) if lang == "zh" else None
                if said and len(said) <= 16:
                    text = f"{said}，{text.removeprefix('嗯，')}"  # 你明天去药局问，这个打算挺好的…: the plan heard, then backed
                if plan.answer == "thanks":  # "…maybe I'll do that. ty": the thanks met first
                    helped = sub_kind("thanks", reading.message) == "helped"
                    text = f"{(_GLAD_HELPED if helped else _WELCOME)[lang]}{text}"
                line = Line(f"{lang}.plan_backed", text)
            elif move == "knock":
                # playing along: "Who's there?", then "Lettuce who?"
                who = plan.asked or ""
                text = (
                    (f"{who}谁？" if who else "谁呀？")
                    if lang == "zh"
                    else (f"{who} who?" if who else "Who's there?")
                )
                line = Line(f"{lang}.knock", text)
            elif (
                move == "suggest"
                and (asked := requested_line(reading.message, lang, "pet" in facts, plan.subjects))
                is not None
            ):
                line = asked  # a doctor's visit, a choice, a way to calm down, to meet people, to open a talk
                if line.id in taken:
                    # given before: the part of it this turn asks about ("should I pinch off the side shoots?"),
                    # never the whole answer again word for word; nothing of it for a turn that asks nothing
                    # ("Saw her this morning at the bins. Sleeves pulled right down")
                    if not asks(reading.message):
                        continue
                    part = _part_asked(line.text, reading.message, lang)
                    if part is None and urgent(line.id):
                        # asked again for what keeps someone safe ("what should I actually do in the moment?"):
                        # its first step again, never nothing (not a lead-in: "Good on you.")
                        first = _SENTENCE[lang].match(line.text).group().strip()
                        part = first if len(first) >= (15 if lang == "zh" else 40) else None
                    if part is None:
                        continue
                    line = Line(f"{line.id}.part", part)
            elif move == "suggest" and (script := say_script(reading.message, lang)) is not None:
                line = Line(f"{lang}.say_script", script)  # "怎么跟我爸说我不想考公": their words, to him
            elif move == "suggest" and HOW_TO_SAY[lang].search(fold(reading.message)):
                # "怎么开口才不会吵起来": how to say it; news to tell, not a complaint ("i dont know how to say it
                # without it being sooo awkward"): one plain sentence, or a text
                line = line_for(
                    "suggest_tell" if _NEWS_TO_TELL.search(fold(reading.message)) else "suggest_say"
                )
            elif move == "ask" and of_others:
                continue  # how long it has been so was asked with the answer
            elif move == "reassure" and (lead := doubt_answer(reading.message, lang)) in _OF_OTHERS[lang]:
                # a child's or an animal's ways: no comfort for a doubt of one's own, and how long asked
                of_others = True
                line = Line(
                    f"{lang}.normal_of_others", f"{lead}{'' if lang == 'zh' else ' '}{_HOW_LONG_SO[lang]}"
                )
            elif move == "reassure" and lead:
                # the doubt answered in its own word ("你一点也不傻"), then a line that stands after it
                line = line_for("reassure_after")
                if line is not None:
                    line.text = f"{lead}{'' if lang == 'zh' else ' '}{line.text}"
            else:
                line = line_for(move)
            if line is None or not line.text.strip():
                continue
            # a line is this turn's own only where it names something told in this turn: "Since last night..."
            # from a time told before does not answer "he taught me to fish"
            own = line.personal and any(s in told_now for s in line.slots)
            # said back every other turn at most: an echo each turn reads as a machine
            if move in _RESTATED and not own and not restated:
                # a line that could answer anyone: say back what this person said first, in a frame the line
                # does not open with ("It sounds like..." twice reads as a machine)
                listens = line.id.startswith(f"{lang}.emotion.neutral.")
                said = restate(reading.message, lang)
                if not said and parts and listens:
                    continue  # "我听到了" after a film recommended adds nothing: the answer is the listening
                frames = [f for f in _RESTATE[lang] if f.split("{")[0].strip() not in line.text[:14]]
                if said and listens:
                    # "我在听" after what was said back adds nothing: the words said back are the listening
                    line.text = _SAID_ALONE[lang][turn_index % 2].format(said=said)
                elif said and frames:
                    line.text = frames[turn_index % len(frames)].format(said=said, line=line.text)
                restated = True
            chosen.append(line.id)
            taken.add(line.id)
            parts.append((move, line.text.strip()))
        if not parts:  # nothing fitted: listen
            line = line_for("listen")
            if line:
                chosen.append(line.id)
                parts.append(("listen", line.text))
        nerve = _NERVE.search(fold(reading.message)) and f"{lang}.nerve" not in taken
        if nerve and not any(_DOCTOR.search(text) for _, text in parts):
            # pain spreading down a leg, tingling, numbness: worth a doctor soon, and the signs that cannot wait
            at = len(parts) - 1 if parts and parts[-1][1].rstrip().endswith(("?", "？")) else len(parts)
            parts.insert(at, ("inform", _NERVE_LINE[lang]))
            chosen.append(f"{lang}.nerve")
        return ("" if lang == "zh" else " ").join(_one_question(parts)), chosen

    def _line(
        self,
        move: str,
        lang: str,
        reading: Reading,
        event: str | None,
        topic: str | None,
        values: dict[str, str],
        seed: str,
        turn_index: int,
        used: set[str],
        cheer: bool,
        told_how_long: bool = False,
        thing: str = "",
    ) -> Line | None:
        message = reading.message
        # "被拒绝的那一刻" only of a refusal: an exam missed by 11 points or no callbacks is no "no" from anyone
        refused = _REFUSED.search(f"{fold(message)} {fold(thing)}") is not None
        told_much = len(HAN.findall(message)) >= 12 if lang == "zh" else len(message.split()) >= 10
        # the story is known once a turn told much, an event is talked about, or a few turns have gone by: asking
        # "how did this start?" or "后来呢？" then is asking for what was just said
        storied = (
            told_much
            or event is not None
            or reading.situation.event is not None
            or turn_index >= 2
            or DURATION.search(message) is not None  # "异地三年了": how it started is what was just told
        )
        # a feeling read or named is not asked for again ("咽不下这口气" -> "你现在更多是难过，还是生气？")
        folded = fold(message)
        felt = reading.emotion != "neutral" or FEELING_WORD[lang].search(folded) is not None
        # "你会这样问" only after a question: "我觉得自己是个很差劲的女儿" asked nothing
        asked = _ASKED.search(folded) is not None
        # what the doctors said is told (or there was no doctor yet); someone is in surgery, an emergency, the ICU
        doctor_told = _DOCTOR_TOLD.search(folded) is not None
        acute = _ACUTE.search(folded) is not None
        # nobody to turn to was just said ("也不知道能跟谁说", "寝室就剩我一个"): who they talk to is not asked; a plan
        # was just made ("我明天先去找站长"): what they would like things to be is not asked either
        alone = _NO_ONE.search(folded) is not None
        planned = PLAN_TOLD.search(folded) is not None
        light = reading.emotion == "joy" or _LIGHT.search(message) is not None
        pools = []
        sources = self._sources(move, lang, reading.emotion, event, topic, message, values.get("pet", ""))
        for pid, template in sources:
            pool = [
                (i, t)
                for i, t in zip(pid, template, strict=True)
                if _fits(t, values)
                and (cheer or not CHEER.search(t))
                and not (told_how_long and _HOW_LONG.search(t) and t.rstrip().endswith(("?", "？")))
                and not (storied and _STORY_Q.search(t))
                and not (turn_index < 2 and _LATER_Q.search(t))
                and not (alone and _WHO_Q.search(t))
                and not (planned and _WANT_Q.search(t))
                and not (light and _HEAVY_Q.search(t))
                and not (felt and _WHICH_FEELING.search(t))
                and not (not asked and _YOU_ASK.search(t))
                and not (doctor_told and _DOCTOR_Q.search(t))
                and not (not refused and _REFUSED.search(t))
                and not ("pet_name" in values and _NAME_Q.search(t))
                and not (not acute and ".illness_other." in i and _WAITING_LINE.search(t))
            ]
            if pool:
                pools.append(pool)
        if not pools:
            return None
        # the most specific source with a line not used yet in this session; the most specific one otherwise
        fresh = next(
            ([c for c in p if c[0] not in used] for p in pools if any(c[0] not in used for c in p)), pools[0]
        )
        # lines naming the person's own situation first, when there are any fresh ones
        personal = [c for c in fresh if _SLOT.search(c[1])]
        pick = personal if personal and turn_index % 3 != 2 else fresh
        lid, text = _hashed(pick, f"{seed}|{turn_index}|{move}")
        names = tuple(_SLOT.findall(text))
        return Line(lid, text.format(**values), personal=bool(names), slots=names)

    def _sources(
        self,
        move: str,
        lang: str,
        emotion: str,
        event: str | None,
        topic: str | None,
        message: str = "",
        pet: str = "",
    ):
        """Candidate lists for ``move``, most specific first: (ids, templates) pairs (``message``: the turn, for a
        feeling it names; ``pet``: the animal's name or kind, for a question about it)."""
        mat = material(lang)
        events = mat.get("events", {})
        emotions = mat.get("emotions", {})
        out: list[tuple[list[str], list[str]]] = []

        def add(prefix: str, templates: list[str] | None) -> None:
            if templates:
                out.append(([f"{lang}.{prefix}.{i}" for i in range(len(templates))], list(templates)))

        # a feeling named in so many words (guilt, embarrassment) is met in its own lines before any other
        named = named_feeling(message) if move in ("feel", "validate", "reflect") else None
        if named:
            kind = "validate" if move == "validate" else "reflect"
            add(f"feeling.{named}.{kind}", mat.get("feelings", {}).get(named, {}).get(kind))
        section = {"share": "reflect"}.get(move, move)
        # good news is shared in its own words, never in the lines of the trouble talked about before it
        fits_event = event in events and (move != "share" or EVENTS.get(event or "") == "positive")
        if move in ("reflect", "validate", "ask", "suggest", "share") and fits_event:
            add(f"event.{event}.{section}", events[event].get(section))
        if move == "ask" and not fits_event and (emotion != "joy" or NEWS_SIGN.search(message)):
            # good news with no event of its own ("doubled in size overnight!!"): asked about the joy, never "what
            # part of this matters most to you?"
            add(f"emotion.{emotion}.ask", (emotions.get(emotion) or {}).get("ask"))
        if move == "ask_feeling" and event in events:
            # the event's own questions move the talk on; asked before the general ones about the feeling
            add(f"event.{event}.ask", events[event].get("ask"))
        if move in ("feel", "validate", "reflect", "share"):
            feel = emotions.get(emotion) or emotions.get("neutral") or {}
            kind = "validate" if move == "validate" else "reflect"
            lines = list(feel.get(kind) or [])
            ids = [f"{lang}.emotion.{emotion}.{kind}.{i}" for i in range(len(lines))]
            if lines:
                out.append((ids, lines))
        # "团子今天不怎么吃东西，这正常吗": the session's pet named unwell is a question for a vet
        if move == "unsure" and (domain := ask_domain(message, lang, pet)):
            # who would know: a doctor, a lawyer, the school's office... (whether it is rude: usually not)
            add(f"unsure_by.{domain}", mat.get("unsure_by", {}).get(domain))
        if move == "suggest_say" and event:
            # how to say it to the one this story is about: the teacher of a bullied child, a manager, a partner
            add(f"say.{event}", mat.get("say", {}).get(event))
        if move == "ask" and (emotion == "joy" or _LIGHT.search(message)):
            # a glad or joking turn ("husband's being lovely", "she's got evidence lol"): asked about the moment, not
            # "what has this affected most?"
            add("ask_light", mat.get("ask_light"))
        if move in (
            "ask",
            "ask_feeling",
            "check",
            "listen",
            "recall",
            "reassure",
            "reassure_after",
            "screen",
            "suggest_say",
            "suggest_tell",
            "hope",
            "stay",
            "laugh",
            "laugh_along",
            "pet_named",
            "pet_coming",
            "bored",
            "vexed",
            "let_down",
            "let_down_ask",
            "safe_home",
            "unsure",
            "screened_no",
        ):
            key = {"check": "suggest_check"}.get(move, move)
            add(key, mat.get(key))
        if move == "ask":
            add("ask_feeling", mat.get("ask_feeling"))
        bank_section = {
            "suggest": "suggestion",
            "feel": "reflection",
            "validate": "affirmation",
            "reflect": "reflection",
            "ask": "question",
        }.get(move)
        if bank_section:
            keys = [k for k in (f"{emotion}:{topic}", topic, emotion, "_") if k and "None" not in k]
            got = self.bank.candidates(lang, bank_section, keys)
            if got:
                out.append(([pid for pid, _ in got], [t for _, t in got]))
        return out


#: a doubt about oneself, and the answer that names it back: 我是不是很傻 -> 你一点也不傻
_DOUBTS = {
    "zh": (
        (r"没救", "你不是没救了。走到这一步很难受，可一次跌倒说明不了你这个人。"),
        (r"傻|笨|蠢", "你一点也不傻。"),
        (r"差劲|糟糕", "你不是差劲的人。"),
        (r"没用|冇用|失败|很差", "你不是没用的人。"),
        (r"要求", "想被放在心上，不是要求太高。"),
        (
            r"管(?:她|他|孩子)?得?太少|陪(?:她|他|孩子)?得?太少|关心(?:她|他|孩子)?得?不够",
            "你早出晚归是为了这个家，陪得少不等于不爱孩子；能这样问自己，说明你很在乎。",
        ),
        (r"管得|太严|逼|盯", "担心对方、想多管一点，是因为在乎；能停下来这样想，已经很难得。"),
        (r"敏感|想太多|想多了|多疑", "你不是太敏感，你会不舒服是有原因的。"),
        (r"矫情|奇怪|作", "这一点也不矫情。"),
        (r"多余", "你不是多余的。"),
        (r"做错|做得不(?:够)?好|我的错|怪我", "这不一定是你做得不好，感情里的事很少只是一个人的错。"),
        (r"烦", "你不烦，我愿意听。"),
        (r"无聊|闷", "一点都不无聊。你说的是你自己的日子，我是真的想听。"),
        (r"自私", "你不自私：心里接受不了，也是在乎的一种。"),
        (r"读书的料|学习的料|考试的料", "一次考不好，说明不了你是不是读书的料；分数会变，方法也能调。"),
        (r"小气|小心眼", "这不是小气，你在意是因为它真的让你难受了。"),
        (r"玻璃心|脆弱", "这不是玻璃心。被人这样对待，会难受、会一直记着，是很正常的反应。"),
        # (last: "我是不是很傻，他是不是太过分了" is a doubt of oneself first)
        (
            r"不像话|不合适|不妥|过分|失礼|没礼貌",
            "想把这件事说清楚，一点也不过分。要挑的只是场合：当着一屋子人说，容易变成争面子、让人下不来台；"
            "找个私下的时间单独说，更容易说成。",
        ),
    ),
    "en": (
        (
            r"is it (?:dumb|stupid) to take",
            "It isn't dumb at all; taking work while you keep looking is sensible.",
        ),
        (
            r"lost cause|beyond help|hopeless",
            "You're not a lost cause. This is a hard fall, but one fall doesn't say who you are.",
        ),
        (r"stupid|dumb", "You're not stupid."),
        (r"boring", "Not boring at all. It's your life you're telling me about, and I want to hear it."),
        (
            r"(?:pathetic|embarrassing|silly)\b[^.?!]{0,20}\bcry",
            "It isn't pathetic: crying after a hard day is a way of letting it out.",
        ),
        (r"weak|pathetic|a failure", "You're not weak."),
        (r"would (?:that|it) be", "It wouldn't be crazy; after all this, it makes sense to wonder."),
        (r"daft|silly|mad\b", "It isn't daft at all; it makes sense to want this."),
        (r"tacky|rude|cheeky|much\b", "It isn't too much; it's a fair thing to raise, if you say it kindly."),
        (r"overreacting|dramatic|too sensitive|crazy|weird", "You're not overreacting."),
        (r"the problem|fault", "This isn't all on you."),
        (
            r"could'?ve|should'?ve|if only",
            "What happened isn't your fault; hindsight shows what no one could see then.",
        ),
        (r"selfish", "You're not selfish: finding this hard is part of caring."),
        (
            r"other (?:people|guys|men|women|parents|dads|mums|moms)|broken",
            "You're not broken, and you're far from the only one: plenty of people feel exactly this and never say it.",
        ),
        (r"petty", "It isn't petty: it hurt, and that's worth taking seriously."),
        (
            r"paranoid|needy|asking too much|expecting too much",
            "Noticing a change and wanting to understand it isn't paranoid or too much.",
        ),
        (r"is it (?:terrible|awful|bad|wrong)", "It isn't terrible; it makes sense to weigh it like this."),
        (
            r"thing to (?:say|think|feel|admit)",
            "It isn't terrible to say it here. Thoughts like that come when you're stretched thin, and having them "
            "doesn't make you a bad person.",
        ),
        (r"terrible|bad|awful|horrible", "You're not a bad person for this."),
    ),
}


#: "is it normal", answered by what it is asked of (read around the question: "…to cry every day"): grief first
#: whether a child's or an animal's ways are normal: answered, and how long it has been so asked after
_OF_OTHERS = {
    "zh": (
        "这个年纪出现这样的变化并不少见，很多家长都遇到过。要不要担心，主要看它持续多久、有没有影响吃饭睡觉和上学，"
        "以及孩子还愿不愿意跟你说话。",
        "很多时候是正常的，动物有不少在我们看来奇怪的举动。只要它吃喝和精神都还好，一般不用太担心；拿不准的话，问问兽医最踏实。",
    ),
    "en": (
        "It's more common than you'd think at that age, and a lot of parents go through it. Whether to worry depends "
        "mostly on how long it lasts, whether it gets in the way of eating, sleep or school, and whether they still "
        "talk to you.",
        "Often it is; animals do plenty that looks strange to us. If they're eating, drinking and acting like "
        "themselves otherwise, that's a good sign, and if anything worries you, a vet can tell you for sure.",
    ),
}
_HOW_LONG_SO = {"zh": "这样大概有多久了？", "en": "How long has it been like this?"}
_NORMAL = {
    "zh": (
        (
            r"(?:没哭|哭不出来|一滴眼泪|没掉(?:一滴)?眼泪|没流(?:一滴)?泪)[^。]*正常",
            "很正常。不是每个人都用眼泪难过，发木、发空、心里沉，也都是悲伤的样子；眼泪有时很久以后才来，有时一直不来，"
            "都不代表你不在乎。",
        ),
        (
            r"(?:松了(?:一)?口气|解脱)[^。？?]*正常",
            "很正常。照顾了很久、熬了很久之后，松一口气是身体和心在喘息，它和难过并不冲突，也不代表你爱得少。",
        ),
        (
            r"(?:生气|气愤|愤怒|火大|恨)[^。？?]*正常",
            "很正常。失望或失去的时候，最先冒出来的常常是火气，尤其是有人让你失望的时候；生气和难过可以同时都在。",
        ),
        (
            r"(?:难过|伤心|哭|想念|想[他她]|走不出来|放不下|去世|走了|想给[他她]打电话|拿起手机|梦(?:到|见)[他她]|以为[他她]还在)"
            r"[^。？?]*正常",
            "这很正常。难过没有固定的时间表，会一阵一阵地来，慢慢会松一些。",
        ),
        (
            r"(?:吓一跳|一惊|一哆嗦|哆嗦|发抖|手抖|噩梦|心慌|心跳|一听到|一看到|一想到|不敢)[^。？?]*(?:正常|疯)"
            r"|疯了[^。？?]*(?:吓一跳|一惊|哆嗦|发抖|手抖|噩梦|心慌|心跳)",
            "很正常，你没有疯。经历过吓人的事，身体会绷着一阵子，一点动静就一惊、做噩梦、心慌，都是受惊后常见的反应，"
            "多数几周内会慢慢缓下来；要是一直不减，找医生或心理咨询聊聊会很有帮助。",
        ),
        (
            r"(?:脑子里|一直在想|反复想|忘不掉|回放|想起来就|还在想|老是想)[^。？?]*正常",
            "这很正常。一件事刺痛了你，脑子就会一遍遍回放，想着当时该怎么做、怎么回，几乎人人都会这样，通常过一两天会慢慢淡下去。",
        ),
        (
            r"(?:想|要)(?:放弃|辞职|退学|退出|不干)[^。？?]*正常",
            "很正常。一件事卡了很久，想干脆放弃是很多人都会有的念头；有这个念头不等于要马上决定，可以等自己缓一缓再想。",
        ),
        (
            r"(?:孩子|儿子|女儿|闺女|青春期|年纪|小孩)[^。]*(?:正常|都(?:会)?这样)",
            _OF_OTHERS["zh"][0],
        ),
        (
            r"(?:猫|狗)[^。]*正常",
            _OF_OTHERS["zh"][1],
        ),
        (r"正常", "这很正常，有这种感受的人比你想的多得多。"),
    ),
    "en": (
        (
            r"(?:didn'?t cry|haven'?t cried|can'?t cry|not cried|no tears)[^?]*\bnormal\b",
            "Yes, it's normal. Not everyone grieves in tears; numbness and heaviness are grief too, and tears "
            "sometimes come much later, or not at all. It doesn't mean you cared any less.",
        ),
        (
            r"\brelie(?:f|ved)\b[^?!]*\bnormal\b",
            "Yes, it's normal. After a long, hard stretch, relief is the body and mind letting go; it sits beside the "
            "grief rather than replacing it, and it doesn't mean you cared any less.",
        ),
        (
            r"\b(?:mad|angry|anger|pissed|furious|resent\w*)\b[^?!]*\bnormal\b"
            r"|\bnormal\b[^.?!]{0,30}\b(?:mad|angry|anger|pissed|furious|resent\w*)\b",
            "Yes, it's normal. Anger is often the first thing loss or disappointment feels like, especially when "
            "someone let you down; it can sit right beside the sadness.",
        ),
        (
            r"(?:miss|cry|crying|grief|griev|hurt|sad|died|passed|gone|reach\w* for (?:my|the) phone|dream)[^.?!]*\bnormal\b"
            r"|\bnormal\b[^.?!]*(?:miss|cry"
            r"|grief|griev|hurt|sad)",
            "Yes, it's normal; hurt like this doesn't keep to a timetable.",
        ),
        (
            r"(?:flinch|jump|startl|on edge|nightmare|shak|panic|heart (?:racing|pounding)|freez)[^?!]*"
            r"(?:\bnormal\b|\blosing (?:it|my mind)|\bgoing (?:crazy|mad|insane))",
            "Very normal, and you're not losing it. After something frightening, the body stays on high alert for a "
            "while, so jumping at small things, nightmares or a racing heart are common reactions; they usually ease "
            "over a few weeks, and if they don't, a doctor or counsellor can really help.",
        ),
        (
            r"(?:replay|keep thinking about|can'?t stop thinking about|stuck in my head)[^?!]*\bnormal\b",
            "Yes, it's normal: the mind replays a moment like that and rehearses what you could have said; it usually "
            "fades over a day or two.",
        ),
        (
            r"\bnormal\b[^.?!]*\bwant to (?:quit|give up|drop out|leave)\b",
            "Yes, it's normal. When one thing has been stuck for months, wanting to walk away from all of it is a "
            "very common feeling; having the thought doesn't mean deciding now.",
        ),
        (
            r"\bnormal\b[^.?!]*\b(?:age|kids?|child|teens?|teenagers?|son|daughter|year[- ]?old|yr[- ]?old)\b",
            _OF_OTHERS["en"][0],
        ),
        (
            r"\bnormal\b[^.?!]*\b(?:cat|dog|puppy|kitten)\b",
            _OF_OTHERS["en"][1],
        ),
        (r"normal", "Yes, it's normal, and far more common than people admit."),
    ),
}

#: a pushback that says it meant no offence ("No offence.", "没说你啊"): met before the miss is owned
_NO_OFFENCE = re.compile(
    r"\bno offen[cs]e\b|\bnot (?:to be|being) rude\b|无意冒犯|没说你|不是说你|没别的意思", re.IGNORECASE
)


def _repair_line(move: str, reading: Reading, lang: str, seed: str, used: Collection[str]) -> Line | None:
    """The line that owns a missed reply (``repair``) or asks again after it (``repair_ask``), in the words of the
    pushback where it gave some: the line they are tired of, what the reply sounded like, what they corrected."""
    pb = reading.pushback
    if pb is None:
        return None
    sections = material(lang).get(move, {})
    values = {
        "said": pb.said,
        "like": _second_person(pb.like, lang),
        "not": pb.corrected[0].lower(),
        "but": pb.corrected[1].lower(),
    }
    keys = [
        f"{pb.kind}_corrected" if all(pb.corrected) else "",
        f"{pb.kind}_said" if pb.said else "",
        f"{pb.kind}_like" if pb.like else "",
        pb.kind,
        "generic" if pb.kind == "not_this" else "",
    ]
    for key in filter(None, keys):
        lines = sections.get(key)
        if not lines:
            continue
        pool = [(f"{lang}.{move}.{key}.{i}", t) for i, t in enumerate(lines)]
        pool = [c for c in pool if c[0] not in used] or pool
        lid, text = _hashed(pool, f"{seed}|{move}")
        text = text.format(**values)
        text = text[:1].upper() + text[1:]
        if move == "repair" and pb.kind != "sorry" and _NO_OFFENCE.search(reading.message):
            text = f"{'没事，' if lang == 'zh' else 'None taken. '}{text}"
        return Line(lid, text)
    return None


#: a new parent who feels nothing for the baby: common, and a sign of postnatal depression worth telling someone
#: who can help, never only "it's normal"
_NO_BOND = {  # (a baby, and no feeling for it: both must be there)
    "zh": (
        re.compile(r"宝宝|新生儿|刚生|月子|产后|小婴儿"),
        re.compile(r"没有?(?:什么)?感觉|感觉不到|不爱|爱不起来|没感情|亲近不起来|喜欢不起来"),
    ),
    "en": (
        re.compile(r"\b(?:baby|newborn|infant)\b", re.IGNORECASE),
        re.compile(
            r"\bnot (?:to )?feel\b|n'?t feel\b|\bfeel nothing\b|\bno bond|\bcan'?t bond\b|n'?t bond(?:ing|ed)?\b"
            r"|\bdon'?t love\b",
            re.IGNORECASE,
        ),
    ),
}
_NO_BOND_ANSWER = {
    "zh": "很多新妈妈都有过这种感觉，这不代表你不是好妈妈。如果持续超过两周，可能和产后抑郁有关，这很常见，也能治好，"
    "值得跟医生或产后随访的护士说一说。",
    "en": "A lot of new parents feel this, and it doesn't make you a bad parent. When it lasts more than a couple of weeks "
    "it can be part of postnatal depression, which is common and treatable; it's worth telling your doctor, "
    "midwife or health visitor.",
}


def doubt_answer(message: str, language: str) -> str | None:
    """The person's doubt about themselves answered in its own word, or None when the message doubts nothing named
    in :data:`_DOUBTS`."""
    lang = "zh" if language == "zh" else "en"
    folded = fold(message)
    if all(p.search(folded if lang == "zh" else message) for p in _NO_BOND[lang]):
        return _NO_BOND_ANSWER[lang]
    found = SELF_DOUBT.search(folded)
    if found is None:
        return None
    said = found.group()
    if re.search(
        r"normal|正常|都(?:会)?这样|疯了|losing (?:it|my mind)|going (?:crazy|mad|insane)",
        said,
        re.IGNORECASE,
    ):
        around = folded[max(0, found.start() - 20) : found.end() + 40]
        return next((a for words, a in _NORMAL[lang] if re.search(words, around)), None)
    # the words right after the doubt say what it is of ("is it pathetic to | cry in my car", "is it dumb to | take")
    said = folded[found.start() : found.end() + 12]
    return next((a for words, a in _DOUBTS[lang] if re.search(words, said)), None)


#: a refusal said, and lines that speak of one
_REFUSED = re.compile(r"拒|(?a:\breject\w*|\bturned (?:me |you )?down\b|\bsaid no\b)", re.IGNORECASE)
#: a question for an animal's name
_NAME_Q = re.compile(r"名字取好了|取名字了|picked a name|chosen a name")


#: English words too common to say what a follow-up asks about ("what should I actually do")
_EN_FUNCTION = frozenset(
    {"what", "that", "this", "with", "have", "your", "shoul", "would", "could", "about", "there", "they", "them", "then",
     "when", "just", "like", "reall", "actua", "even", "from", "will", "were", "been", "does", "know", "want", "think",
     "keep", "going", "make", "thing", "back", "still", "right", "need", "tonig", "again"}
)  # fmt: skip
# (a numbered step, "1. a long walk", is no sentence's end)
_SENTENCE = {"zh": re.compile(r"[^。！？]+[。！？]?"), "en": re.compile(r"(?:[^.!?]|(?<=\d)\.)+(?:[.!?]+|$)")}
_LEAD = re.compile(r"^(?:但是?|不过|而且|所以|另外|(?:but|and|so|also),?\s+)", re.IGNORECASE)


def _part_asked(text: str, message: str, lang: str) -> str | None:
    """The sentence of ``text`` that shares most words with ``message`` (zh: two characters running, en: words of
    four letters and more, by their first five), as a sentence of its own; None when none shares any."""

    def words(s: str) -> set[str]:
        s = fold(s)
        if lang == "zh":
            han = "".join(HAN.findall(s))
            return {han[i : i + 2] for i in range(len(han) - 1)}
        return {w[:5] for w in re.findall(r"[a-z]{4,}", s)} - _EN_FUNCTION

    asked = words(message)

    def shared(s: str) -> tuple[int, float]:
        # most words shared; on a tie, the sentence that is most about them ("Shrimp is high in purines…" for "is
        # shrimp bad?", not the long list that names shrimp in passing)
        own = words(s)
        return len(own & asked), len(own & asked) / max(1, len(own))

    # (a sentence is no scrap of a quote: "okay. My door's always open." splits one)
    sentences = [
        s for s in _SENTENCE[lang].findall(text) if len(s.strip(' "“”')) >= (8 if lang == "zh" else 25)
    ]
    best = max(sentences, key=shared, default="")
    if not best or not words(best) & asked:
        return None
    best = _LEAD.sub("", best.strip())
    return best[:1].upper() + best[1:]


def requested_line(
    message: str, language: str, pet: bool = False, subjects: tuple[str, ...] = ()
) -> Line | None:
    """The line that answers what ``message`` asks for in so many words (see :func:`requests.requested`), or
    None."""
    got = requested(message, language, pet, subjects=subjects)
    return Line(*got) if got else None


def _fits(template: str, values: Mapping[str, str]) -> bool:
    """Every slot of ``template`` is known, and a time fits the line's tense: "从{when}到现在" is never said of
    next Saturday, nor "{when}就要开始新的生活了" of last week or of this year."""
    if not all(name in values for name in _SLOT.findall(template)):
        return False
    when = fold(values.get("when", ""))
    if _PAST_LINE.search(template) and _FUTURE_TIME.search(when):
        return False
    # a line of what is to come needs a time that is: "今年" of "我今年刚入职" is no start ahead
    return not (
        _FUTURE_LINE.search(template) and not (_FUTURE_TIME.search(when) or _MAYBE_AHEAD.search(when))
    )


#: lines that say {when} is past, or to come
_PAST_LINE = re.compile(r"从\{when\}|\{when\}听到|Since (?:you heard )?\{when\}|news \{when\}")
_FUTURE_LINE = re.compile(r"\{when\}就要|new start \{when\}")
#: times to come (folded)
_FUTURE_TIME = re.compile(
    r"明|后天|下(?:个|周|星期|礼拜|月|次|午|周末)|今晚|等下|待会|过几天|(?a:\btomorrow\b|\bnext\b|\btonight\b|\blater\b"
    r"|\bin \d+\b|\bthis (?:coming )?\w+day\b|\bon \w+day\b|\bsoon\b)",
    re.IGNORECASE,
)
#: times that may lie ahead, enough for a line of what is to come (not for "since", which they may be too: 三月)
_MAYBE_AHEAD = re.compile(
    r"[一二三四五六七八九十\d]+月|月底|月初|年底|周[一二三四五六日末]|星期[一二三四五六日天]|礼拜[一二三四五六日天]"
    r"|(?a:\bthis weekend\b|\bin (?:a|two|three|\d+) (?:days?|weeks?|months?)\b)",
    re.IGNORECASE,
)
#: moves whose question is never dropped for another's
_KEPT_QUESTIONS = ("answer", "suggest", "screen")
#: questions the others give way to: the direct question about suicide, who is near when the wish comes, and
#: what to do with a dull day (after "hey, I'm so bored", not "how has your day been?")
_LEADING_QUESTIONS = ("screen", "stay", "bored")
_LAST_QUESTION = re.compile(r"[^。.!！?？]*[?？]\s*$")


def _without_question(text: str) -> str:
    """``text`` without its closing question ("…不是真人。还想接着聊吗？" -> "…不是真人。")."""
    return _LAST_QUESTION.sub("", text).strip()


def _one_question(parts: list[tuple[str, str]]) -> list[str]:
    """The parts' texts with at most one question: the one that matters most stays (an answer's that asks back,
    a suggestion put as a question, the direct question about suicide), otherwise the last one; the others go."""
    asks = [i for i, (move, text) in enumerate(parts) if text.rstrip().endswith(("?", "？"))]
    urgent = [i for i in asks if parts[i][0] in _LEADING_QUESTIONS]
    if urgent:  # the question about suicide, or who is near when the wish comes, is the one asked
        texts = [
            _without_question(t) if i in asks and i != urgent[0] else t for i, (_, t) in enumerate(parts)
        ]
        return [t for t in texts if t]
    first = [i for i in asks if parts[i][0] in _KEPT_QUESTIONS]
    keep = set(first[:1]) if first else set(asks[-1:])
    drop = {i for i in asks if i not in keep and parts[i][0] not in _KEPT_QUESTIONS}
    texts = [text for i, (_, text) in enumerate(parts) if i not in drop]
    return texts or [text for _, text in parts]


# -- saying back what the person said -------------------------------------------------------------------------
_RESTATED = frozenset({"reflect", "feel", "validate"})
#: questions too big for the first turns: what the person wants, who they talk to, what it affected most, asked
#: before the story is half told
_LATER_Q = re.compile(
    r"希望事情变成什么样|平时会跟谁说|影响最大的是什么"
    r"|(?a:how would you like things to be|who do you usually talk to|what has this affected most)",
    re.IGNORECASE,
)
#: who the person talks to or has near: asked after they said there is nobody, it reads as not listening
_WHO_Q = re.compile(
    r"跟谁说|身边(?:有|还有)?谁|谁(?:在)?陪着你|谁知道|(?a:who do you (?:usually )?talk to|who (?:else )?(?:knows|around you"
    r"|has been with you)|who'?s been with you)",
    re.IGNORECASE,
)
#: nobody to turn to, said: 不知道能跟谁说 / 就剩我一个 / 没人可以说 / I don't have anyone / nobody to ask
_NO_ONE = re.compile(
    r"不知道(?:能|该|可以)?跟谁说|(?:就|只)剩(?:下)?我一个|没(?:有)?人(?:可以|能)?(?:说|聊|商量|问)|一个(?:朋友|人)都没有"
    r"|(?a:\b(?:don'?t|do not) (?:really )?have anyone\b|\bnobody (?:to|else)\b|\bno one (?:to|else)\b|\bnot a single friend\b"
    r"|\bdon'?t have a single friend\b)",
    re.IGNORECASE,
)
#: what the person would like things to be, tone-deaf right after they said what they will do
_WANT_Q = re.compile(r"希望事情变成什么样|(?a:how would you like things to be)", re.IGNORECASE)
#: questions for a trouble, deaf to a glad or joking turn
_HEAVY_Q = re.compile(
    r"最让你在意|影响最大|希望事情变成|平时会跟谁说|(?a:matters most to you|affected most|how would you like things"
    r"|who do you usually talk to)",
    re.IGNORECASE,
)
#: a light turn: a laugh, a joke, something lovely or funny
_LIGHT = re.compile(
    r"哈哈|笑死|好笑|可爱|[😂🤣😆😄😁🥰🥳🎉]|(?a:\b(?:lol|lmao|haha\w*|funny|hilarious|lovely|cute|adorable)\b)",
    re.IGNORECASE,
)
#: questions that ask for the story, tone-deaf after a turn that has just told it ("后来呢？", "How did this start?")
_STORY_Q = re.compile(
    r"能多说说发生了什么|是怎么开始的|后来呢|当时你是怎么想的|这段时间你过得怎么样"
    r"|(?a:tell me more about what happened|how did this start|what happened after that|going through your mind"
    r"|how have things been for you lately)",
    re.IGNORECASE,
)
#: a turn that asks, and the lines that say it did
_ASKED = re.compile(
    r"[?？吗]|是不是|会不会|(?a:^(?:am|is|do|does|should|would|can|could) |\bam i\b)", re.IGNORECASE
)
_YOU_ASK = re.compile(r"这样问|(?a:\bthat you ask\b|\byou(?:'re| are)? ask(?:ing)?\b)", re.IGNORECASE)
#: questions that ask which feeling it is: not asked of a turn whose feeling is read or named
_WHICH_FEELING = re.compile(
    r"心里是什么感觉|最强烈的情绪|更多是难过|心情打个比方"
    r"|(?a:what are you feeling|strongest feeling|more sadness, anger|describe this feeling)",
    re.IGNORECASE,
)
#: the question what the doctors said, and a turn that has told it, or told there was no doctor yet
_DOCTOR_Q = re.compile(r"医生那边是怎么说|(?a:what have the doctors told you)", re.IGNORECASE)
_DOCTOR_TOLD = re.compile(
    r"(?:医生|大夫|医院|兽医)(?:都|也|就|只)?(?:说|讲|让|叫|建议|开了?)|检查(?:结果)?(?:都|也)?(?:正常|没事|没问题|没查出)"
    r"|(?:还)?没(?:去)?(?:看医生|去医院|去看|挂号)|没(?:有)?人(?:跟我|告诉我|给我)(?:说|讲|解释)|什么都不(?:跟我)?说"
    r"|(?a:\b(?:doctors?|oncologist|urologist|surgeon|gp|specialist|nurse|vet)s? (?:said|says|told|gave|thinks|wants)\b"
    r"|\b(?:nobody|no one|no-one)(?: will| would|'?s| is)? (?:tell(?:ing|s)?|explain(?:ing|s)?) (?:me|us)\b"
    r"|\btests? (?:came back|found nothing|were (?:fine|normal|clear))\b|\bhaven'?t (?:gone|been|seen (?:a|the|my)))",
    re.IGNORECASE,
)
#: lines of a hospital wait, and what makes a turn one: "外婆在里面，你在外面" is never said of dementia, a hospice
#: or a divorce, only of surgery, an emergency, intensive care
_WAITING_LINE = re.compile(
    r"等着|等待|等消息|等的时候|在里面|吃过东西、喝过水|(?a:\bwait(?:ing)?\b|\bin there\b|eat or drink)", re.I
)
_ACUTE = re.compile(
    r"手术|抢救|急诊|重症|ICU|病危|送进|送去医院|(?:刚|正在|还在)(?:住院|医院)|等(?:结果|消息|医生)"
    r"|(?a:\bsurgery\b|\boperat(?:ed|ing|ion)\b|\bemergency\b|\ber\b|\bicu\b|\bintensive care\b"
    r"|\bwaiting room\b|\bambulance\b|\brushed\b|\bwaiting (?:for|on) (?:news|results|the doctor))",
    re.IGNORECASE,
)
#: a body's nerve signs told: pain spreading down a leg or an arm, tingling, numbness (not "麻烦", "numb" of feeling)
_NERVE = re.compile(
    r"(?:疼|痛)[^。！？]{0,8}(?:到|往|顺着)[^。！？]{0,4}(?:腿|胳膊|手臂)|(?:腿|脚|手|胳膊)(?:也|还|有点|一直)?(?:发麻|麻木|麻了)"
    r"|(?a:\b(?:going|goes|went|shooting|spreading|radiating) (?:down|into) (?:my|the) (?:left |right )?(?:leg|arm)s?\b"
    r"|\b(?:tingl\w*|pins and needles)\b|\bnumb(?:ness)? in (?:my|the)\b)",
    re.IGNORECASE,
)
_DOCTOR = re.compile(r"医生|医院|急诊|(?i:\bdoctor|\bgp\b|\bclinic)")
_NERVE_LINE = {
    "zh": "疼痛往腿上或胳膊上走、发麻或有烧灼感，值得尽快让医生看一看；要是腿突然没力气、大小便控制不住或会阴部发麻，就当天去急诊。",
    "en": "Pain that spreads down a leg or arm, tingling or burning is worth getting checked by a doctor soon; if a leg "
    "turns weak, or you notice numbness between the legs or trouble with your bladder or bowels, go the same day.",
}
#: the person's own next step, backed, with the door left open (never a question after it)
_PLAN_BACKED = {
    "zh": (
        "这个打算挺好的，一步一步来。试过之后想聊聊，随时来找我。",
        "嗯，先走这一步，挺稳妥的。结果怎么样，都可以回来跟我说。",
        "听起来你已经想好第一步了。去试试吧，我在这儿。",
    ),
    "en": (
        "That sounds like a good plan, one step at a time. Come back and tell me how it goes, if you like.",
        "That's a solid first step. However it goes, you're welcome to come back and talk it over.",
        "Sounds like you know what you'll try first. Good luck; I'm here if you want to talk after.",
    ),
}
_WELCOME = {"zh": "不客气！", "en": "Any time! "}
#: the thanks met when it says talking helped (the thanks act's "helped": 好一点了 / that helps)
_GLAD_HELPED = {"zh": "能帮上一点就好！", "en": "I'm glad that helped! "}
#: news announced, not a question: 跟你说个开心的事 / guess what
_NEWS_ANNOUNCED = re.compile(r"开心|高兴|好消息|好事|(?a:\bguess what\b|\bnews\b|\bbrag\b)", re.IGNORECASE)
#: the lines that would ask how long again
_HOW_LONG = re.compile(r"多久|多长时间|多少年|(?a:\bhow long\b)", re.IGNORECASE)
#: what was said back, alone, where the line would only have said "I'm listening"
_SAID_ALONE = {"zh": ("听你说{said}。", "{said}，我听到了。"), "en": ("So {said}.", "It sounds like {said}.")}
_RESTATE = {
    "zh": ("{said}，{line}", "听你说{said}，{line}"),
    "en": ("It sounds like {said}. {line}", "So {said}. {line}"),
}
_ZH_CLAUSE = re.compile(r"(?:[^，,。.!！?？;；…~～\s]|(?<=\d)[.,](?=\d))+")
_ZH_LEAD = re.compile(
    r"^(?:其实|就是|但是|可是|而且|然后|所以|不过|反正|还有|还是|问题是|[可但那](?=[我他她这那])|嗯+|唉+|哎+|啊+|欸+|诶+|呃+|哇+|喂+)+"
)
_ZH_TAIL = re.compile(
    r"(?:啊|呀|吧|呢|哈+|(?<![哗哩])啦|嘛|欸|诶|耶|喔|呜+|lol|hh+|[\U0001F300-\U0001FAFF\u2600-\u27BF])+$",
    re.IGNORECASE,
)
#: a clause that says nothing of its own said back: a frame whose content follows ("讽刺的是"), a denial ("不是抱怨")
_ZH_EMPTY = re.compile(r"的是$|^不是|^对(?:啊|呀)?$|^我?又?回来(?:了|啦|咯|喽)$|(?:觉得|感觉|以为|在想)$")
#: in English: "I don't know", "idk", a promise about the talk itself ("this is not a sad one I promise")
_EN_EMPTY = re.compile(r"^(?:i )?(?:don'?t|dont|do not) know\b|^idk\b|^not sure\b|\bpromise\b", re.IGNORECASE)
# spoken Cantonese, which reads oddly said back inside a Mandarin line ("由你老豆手上接落嚟，我听到了")
_YUE = re.compile(r"[咗嘅係冇唔啲佢嚟㗎喺哋咁乜嘢嗰睇攰瞓]|呢排|老豆|听日|聽日|琴日|尋日|寻日")
# a clause that carries the weight of what was told: a loss, a never, a feeling (连最后一面都没见到, not 我在外地上学)
_ZH_WEIGHT = re.compile(
    r"没|不|连|再也|一直|总是|终于|只剩|难过|伤心|哭|怕|后悔|舍不得|对不起|怪|累|烦|崩|委屈|孤单|孤独|想念|想[他她它]|感觉|觉得|还在|偷偷"
    r"|白干"
)
#: a clause that opens someone's words: what follows it is theirs ("他回头说了句 活着也没意思")
_ZH_QUOTES = re.compile(
    r"(?<![没不])(?:说|讲|问|骂|喊)(?:了)?(?:句|一句|一声|声)$|(?:说|讲|道|问)[:：]$|原话是$"
)
_EN_QUOTES = re.compile(r"\b(?:said|says|told me|goes|went|asked|texted|wrote)[:,]?\s*$", re.IGNORECASE)
_ZH_SAID = re.compile(r"说|讲|劝|帮我|早知道|本可以|本来可以|都怪我")
# a parent said back: 我妈 -> 妈妈, never 你妈 (an insult in Chinese)
_ZH_PARENT = re.compile(r"我(?:的)?(妈|爸)(?![妈爸])")
# talk of death is never said back ("she's not dead or anything"): the wish or the joke is met, not echoed; nor is
# a blade or a cut ("听你说刀就在抽屉里" reads as a shrug)
_DEATH = re.compile(
    r"死|自杀|轻生|消失|不在了|刀|割|划了|(?i:\bdead\b|\bdie\b|\bdying\b|\bkill|\bsuicid|\bgone\b|\bdisappear"
    r"|\bnot (?:be )?here\b|n't (?:be )?(?:here|around)\b|\bblades?\b|\brazors?\b|\bcut(?:s|ting)?\b|\bbetter off without\b|\bburden\b)"
    r"|拖累|累赘|没有我|谁也找不到|没人找得到|谁(?:也|都)别找"
)
# blame taken on oneself is never said back ("Thirty kids lost ten minutes because of you" to a man who blames
# himself): the guilt is met, not repeated
_BLAME = re.compile(
    r"因为我|怪我|我害|害得|我的错|(?i:\bbecause of (?:me|me and)\b|\bmy fault\b|\bi (?:ruined|wrecked|caused|screwed up"
    r"|messed up|let (?:them|her|him|everyone) down)\b"
    # a name the person calls themselves is never said back as fact ("…like an idiot", "我好蠢")
    r"|\b(?:idiot|stupid|dumb|moron|loser|pathetic|useless|worthless|failure)\b)"
    r"|蠢|笨|没用|废物|窝囊|丢人|傻(?!眼)"
)
# what plays the hurt down is never the part said back ("It sounds like you're not hurt" after an attack)
_PLAYED_DOWN = re.compile(
    r"没(?:事|受伤|伤着|什么大碍)|不要紧|(?i:\bnot (?:hurt|injured)\b|\bi'?m (?:fine|ok|okay)\b|\bno big deal\b"
    r"|\bnot a big deal\b|\bor whatever\b)"
)
_EN_OPENERS = frozenset(
    [
        "i",
        "i'm",
        "im",
        "i've",
        "ive",
        "i'll",
        "i'd",
        "my",
        "we",
        "we're",
        "our",
        "he",
        "she",
        "they",
        "it",
        "it's",
        "its",
        "his",
        "her",
        "their",
        "the",
        "this",
        "that",
        "there",
        "nobody",
        "everyone",
        "everybody",
        "everything",
        "nothing",
        "someone",
        "people",
        "mom",
        "mum",
        "dad",
        "you",
        "you're",
        "your",
    ]
)
_EN_SAID = re.compile(
    r"\b(?:say|says|saying|said|tell|tells|telling|told|help me)\b|\b(?:could|should)(?:'?ve| have)\b|\bif only\b",
    re.IGNORECASE,
)
_EN_WEIGHT = re.compile(
    r"n't\b|\b(?:do|does|did|ca|wo|is|was|were|are|have|has|had|could|would|should)nt\b|\b(?:not|never|no|nobody|nothing|keep|keeps|always|still|even|miss|missed|cry|cried|crying|hate|hurts?"
    r"|alone|lonely|scared|afraid|tired|lost|anymore|without|feel|felt|feeling)\b",
    re.IGNORECASE,
)
#: a question, or something asked of the bot ("推荐一部电影吧，最近心情一般"): never said back as the person's news
_ZH_ASKS = re.compile(
    r"[?？吗]|几|什么|怎么|多少|是不是|会不会|能不能|要不要|该不该|应不应该|有没有|[吧呢]$"
    r"|推荐|帮我|给我(?:讲|推荐|说说|来)|讲个|来个|来一(?:个|部|首|本)"
)
_ZH_COUNT = re.compile(r"[\d一二两三四五六七八九十几半多]\s*[片粒颗]")
#: (a number's comma or point is no clause end: "its $1,450" said back whole, never "its $1")
_EN_CLAUSE = re.compile(r"(?:[^.!?;,\n]|(?<=\d)[.,](?=\d))+")
_EN_LEAD = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|yes|yeah|yep|no|nope|oh|lol|lmao|tbh|ok|okay|so|and|but|just|like|idk|honestly|well|um|uh|also|plus"
    r"|the (?:honest |real )?(?:part|thing|truth) is(?: that)?|truth is)\b[\s,]*)+",
    re.I,
)
_EN_TAIL = re.compile(
    r"(?:\s*(?:lol|lmao|tbh|tho|haha+|rn|ngl|btw|by the way|fr|[\U0001F300-\U0001FAFF\u2600-\u27BF]))+$",
    re.IGNORECASE,
)
_EN_SUBJECT = re.compile(
    # "that" opens a word on what the bot said ("that actually makes sense"), not the person's own news
    r"(?i:i|i'm|im|i've|ive|i'll|i'd|my|we|we're|our|he|she|they|it|it's|its|his|her|their|the|this|there|"
    r"nobody|no one|everyone|everybody|everything|nothing|someone|people|mom|mum|dad"
    # a time of the week or day the feeling comes back at ("weekends are the worst")
    r"|(?:weekends|nights|evenings|mornings|sundays|holidays) (?:are|feel|get)\b)\b"
    # a name opens a clause when a verb follows it ("Sarah left without a word"); a capitalised number or filler
    # does not ("One phone call in 6 months", "Whatever that means in practice")
    r"|(?!(?:One|Two|Three|Just|Only|Not|No|And|But|So|Like|Ok|Okay|Also|Then|Maybe|Even)\b)[A-Z][a-z]+"
    r"(?='s\b|\s+(?:is|was|has|had|never|always|just|still|and [A-Z][a-z]+|[a-z]+ed|[a-z]+s|left|went|got|came"
    r"|took|gave|made|found|lost|broke|quit|won|wrote|sent|kept|fell|forgot|saw|knew|thought|felt|did|didn't"
    r"|doesn't|isn't|wasn't|won't|can't|can|will|would|could)\b)",
)
#: a hedge before the clause's own subject, left out when said back ("I guess I thought..." -> "you thought...")
_EN_HEDGE = re.compile(
    r"^i (?:guess|think|mean|suppose|reckon|feel like|know|dunno|just feel like)(?: that)?\s+(?=(?:i|i'm|i've|i'd"
    r"|i'll|im|ive|my|we|he|she|they|it|it's|this|there)\b)",
    re.IGNORECASE,
)
#: texting shorthand, spelled out when said back ("my legs r destroyed" -> "your legs are destroyed")
_EN_SHORT = {
    "r": "are",
    "ppl": "people",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "rn": "right now",
}
# a contraction typed without its apostrophe is said back with it ("you dont really see the point")
_EN_SHORT.update(
    {
        f"{w}nt": f"{w}n't"
        for w in ("do", "does", "did", "is", "are", "have", "has", "had", "could", "would", "should")
    }
    | {"cant": "can't", "wont": "won't", "aint": "ain't"}
)
#: two thoughts run together, or a wry aside: never said back
_EN_RUN_ON = re.compile(
    r"\w \bso (?:i|you|he|she|they|we|its?|it's|he's|she's|i'm|im)\b|\bgonna\b.*\bgonna\b|\birony\b|\bironic\b",
    re.IGNORECASE,
)
#: a clause that leans on the one before it: 也不是想干 / 先不跟她吵了 / 还没跟家里说
_ZH_SCRAP = re.compile(r"^(?:也|先|还|又|而|却)")
#: a clause with no verb of its own: a subject and an -ing word ("my mum showing me photos")
_EN_FRAGMENT = re.compile(r"^(?:my|the|his|her|their|our)\s+[a-z]+\s+[a-z]+ing\b", re.IGNORECASE)


#: who the person is, said bare ("I'm an engineer", "我是一名护士"): an introduction, nothing to say back
_IDENTITY = re.compile(
    r"(?:我是|我做)(?:一[名个位]|个)?[\u4e00-\u9fff]{1,6}$|(?:i'?m|i am|im) (?:a|an|the) (?:\w+\s?){1,3}$"
    # a name given ("her name is Maya"), a job and a city ("我在杭州做行政")
    r"|^(?:her|his|my|their|its) name(?:'s| is)\b|^我在[\u4e00-\u9fff]{1,6}(?:做|当|上班)[\u4e00-\u9fff]{0,4}$"
    # where one is from and how long one has worked there: "I'm a nurse from the Philippines", "been working in aged
    # care in Adelaide for 3 years" (the trouble is told after)
    r"|(?:i'?m|i am|im) (?:a|an) [\w-]+ (?:from|in|at) [\w ]{1,30}$"
    r"|^(?:i'?ve )?been (?:working|living|nursing|teaching) (?:in|at|as|for) [\w ,]{1,50} for (?:\d+|a few|many|two|three)"
    r" (?:years?|months?)$",
    re.IGNORECASE,
)


#: news to tell that is awkward to say, not a complaint to raise: 不好意思开口 / without it being awkward
_NEWS_TO_TELL = re.compile(
    r"尴尬|不好意思(?:说|开口)|难为情|害羞|丢人|(?a:\bawkward\b|\bembarrass\w*|\bcringe\b|\bweird\b)"
)


#: praise in a clause: said back it is either flat ("你太感动了") or, over a complaint, the sarcasm taken at its word
_PRAISE = re.compile(r"感动|太好了|太棒了|贴心|(?a:\bcan'?t wait\b|\bso (?:helpful|useful)\b)", re.IGNORECASE)


_BRACKETS = (("(", ")"), ("（", "）"))


def _half_bracketed(clause: str) -> bool:
    """A bracket opened or closed without its pair: "i emailed ms ortega (counselor" is an aside cut in half."""
    return any(clause.count(a) != clause.count(b) for a, b in _BRACKETS)


def _half_quoted(clause: str) -> bool:
    """A quotation mark opened or closed without its pair: a quote cut by the clause split ("请耐心等待'")."""
    pairs = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"), *_BRACKETS)
    return any(clause.count(a) != clause.count(b) for a, b in pairs) or any(
        clause.count(q) % 2 for q in ("'", '"')
    )


def restate(message: str, language: str) -> str | None:
    """The clause of ``message`` that tells the most, said back to the person (我 -> 你, I -> you), or None when
    none reads well said back (a question, one addressed to the bot, too short or too long, someone else's words).

    >>> restate("分手了。我现在连饭都吃不下", "zh"), restate("i keep checking if she's online lol", "en")
    ('你现在连饭都吃不下', "you keep checking if she's online")
    """
    if DOSE.search(message) or _ZH_COUNT.search(message):  # a dose or a pill count is never said back
        return None
    if language == "zh":
        if "你" in message or _ZH_ASKS.search(fold(message)):
            return None
        raw = _ZH_CLAUSE.findall(message)
        # what is quoted after "他回头说了句" is someone else's ("他们不会放过我的"), never said back as the person's
        opened = next((i for i in range(len(raw) - 1) if _ZH_QUOTES.search(raw[i])), len(raw))
        quoted = set(range(opened + 1, len(raw)))
        clauses = [_ZH_TAIL.sub("", _ZH_LEAD.sub("", c)) for i, c in enumerate(raw) if i not in quoted]
        # what others say is not said back as the person's own ("大家都说…": a platitude echoed), nor a quote
        clauses = [
            c
            for c in clauses
            if 4 <= len(c) <= 16
            and len(HAN.findall(c)) >= 3
            and not _ZH_SAID.search(c)
            and not _DEATH.search(c)
            and not _PLAYED_DOWN.search(c)
            and not _BLAME.search(c)
            and not _YUE.search(c)
            and not _IDENTITY.match(c)
            and not _ZH_EMPTY.search(c)
            and not _PRAISE.search(c)
            and not _half_quoted(c)  # "…回了我一句'请耐心等待'": a quote cut in half is someone else's
            # a clause whole: "也不是想干", "先不跟她吵了" read as scraps said back
            and not _ZH_SCRAP.match(c)
        ]
        if not clauses:
            return None
        best = max(clauses, key=lambda c: (_ZH_WEIGHT.search(c) is not None, "我" in c, len(c)))
        # said back in the reply's own script (the material is Simplified)
        best = _ZH_PARENT.sub(lambda m: m.group(1) * 2, fold(best))
        return best.replace("我们", "你们").replace("我", "你")
    if re.search(r"\b(?:you|u|ur|your)\b|\?", message, re.IGNORECASE):
        return None
    raw = _EN_CLAUSE.findall(message)
    opened = next((i for i in range(len(raw) - 1) if _EN_QUOTES.search(raw[i])), len(raw))
    quoted = set(range(opened + 1, len(raw)))
    clauses = [
        _EN_TAIL.sub("", _EN_LEAD.sub("", c.strip())).strip() for i, c in enumerate(raw) if i not in quoted
    ]
    clauses = [
        _EN_HEDGE.sub("", c)
        for c in clauses
        if not re.search(r"(?:^|\s)[\"“‘']\w", c) and not _half_bracketed(c)
    ]
    # a clause said back must have its subject ("tired of everything" would come back as a fragment)
    clauses = [
        c
        for c in clauses
        if 3 <= len(c.split()) <= 14
        and _EN_SUBJECT.match(c)
        and not _EN_FRAGMENT.match(c)
        and not _EN_SAID.search(c)
        and not _DEATH.search(c)
        and not _PLAYED_DOWN.search(c)
        and not _BLAME.search(c)
        and not _IDENTITY.match(c)
        and not _EN_EMPTY.search(c)
        and not _PRAISE.search(c)
        # one thought long: "I'm still gonna work days so its gonna be a LOT" is two run together
        and not _EN_RUN_ON.search(c)
    ]
    if not clauses:
        return None
    best = max(
        clauses,
        key=lambda c: (
            _EN_WEIGHT.search(c) is not None,
            re.search(r"\b(?:i|i'm|im|my|me)\b", c, re.I) is not None,
            len(c),
        ),
    )
    words = [EN_SWAP.get(w.lower(), _EN_SHORT.get(w.lower(), w)) for w in best.split()]
    # "i was" said back is "you were", "i wasn't" "you weren't"
    after_i = {"was": "were", "wasn't": "weren't", "wasnt": "weren't"}
    words = [
        after_i.get(w.lower(), w) if k and best.split()[k - 1].lower() in ("i", "we") else w
        for k, w in enumerate(words)
    ]
    said = " ".join(words)
    first = said.split()[0]
    # a sentence's capital goes, a name's stays ("Sarah left without a word")
    return (
        said
        if re.fullmatch(r"[A-Z][a-z]+", first) and first.lower() not in _EN_OPENERS
        else said[0].lower() + said[1:]
    )


#: cue kinds that make a question about a medicine a question about dying: the protocol alone answers those
DYING = frozenset(
    {"ideation", "passive_ideation", "active_ideation", "method_seeking", "attempt", "in_progress", "preparation",
     "farewell", "self_harm", "pact"}
)  # fmt: skip


#: a question about a medicine that speaks of dying is about dying, whatever the cues found
_OF_DYING = re.compile(r"死|自杀|致死|(?a:\blethal\b|\bfatal\b|\bdie\b|\bkill\b|\boverdose\b)", re.IGNORECASE)


def urgent_answer(ctx, dying: bool = False) -> str | None:
    """The answer to a question that must not go unanswered in a crisis (see :data:`URGENT`), or None. A question
    about a medicine asked as a way to die (``dying``: see :data:`DYING`) is not answered as one: the crisis
    protocol answers it."""
    reading = ctx.reading
    dying = dying or (reading is not None and _OF_DYING.search(reading.message) is not None)
    urgent = URGENT[:1] if dying else URGENT
    act = next((a for a in urgent if reading is not None and a in reading.acts), None)
    if act is None:
        return None
    got = answer_for(
        act, reading.message, ctx.language, facts=ctx.facts, mood="sadness", risky=True, seed=ctx.seed
    )
    return got.text if got else None
