"""What the service is made of: the models, the store, the escalation queue and the chat service, built once per
process from the settings (:func:`build_services`) and held on ``app.state.services``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xinyu.config import Settings
from xinyu.emotion import get_analyzer

if TYPE_CHECKING:
    from xinyu.emotion.analyzer import EmotionAnalyzer
    from xinyu.memory.store import Store
    from xinyu.respond.chat import ChatService
    from xinyu.safety.escalation import AlertDispatcher, EscalationStore
    from xinyu.safety.journal import CrisisJournal
    from xinyu.safety.risk import RiskAssessor
    from xinyu.service.metrics import Metrics


@dataclass
class Services:
    settings: Settings
    analyzer: EmotionAnalyzer
    assessor: RiskAssessor
    store: Store
    escalations: EscalationStore
    dispatcher: AlertDispatcher
    chat: ChatService
    journal: CrisisJournal | None = None


def build_services(settings: Settings, metrics: Metrics | None = None) -> Services:
    from xinyu.memory.store import Store
    from xinyu.respond.chat import ChatEvents, ChatService
    from xinyu.respond.engines import LocalEngine, PhraseBank, build_engine
    from xinyu.safety import get_assessor, pii_key
    from xinyu.safety.escalation import AlertDispatcher, EscalationStore, Escalator
    from xinyu.safety.journal import CrisisJournal

    store = Store.from_settings(settings, wait_for_database=True)  # alive, not ready, while it is down
    escalations = EscalationStore(store.db)
    journal = CrisisJournal(settings.journal_dir)
    escalator = Escalator(
        escalations,
        settings.safety.escalation,
        settings.safety.webhook_url,
        settings.safety.helplines,
        journal=journal,
    )
    analyzer = get_analyzer(settings.emotion_backend, settings)
    assessor = get_assessor(settings)
    local = LocalEngine(PhraseBank(settings.reply.phrase_dir))
    events = ChatEvents()
    if metrics:
        events = ChatEvents(metrics.on_turn, metrics.on_blocked, metrics.on_engine_call, metrics.on_fallback)
    chat = ChatService(
        analyzer=analyzer,
        assessor=assessor,
        store=store,
        escalator=escalator,
        engine=build_engine(settings, local),
        local=local,
        max_chars=settings.max_chars,
        redact_pii=settings.storage.redact_pii,
        pii_key=pii_key(settings),
        helplines=settings.safety.helplines or None,
        events=events,
    )
    dispatcher = AlertDispatcher(escalations, journal=journal)
    return Services(settings, analyzer, assessor, store, escalations, dispatcher, chat, journal)
