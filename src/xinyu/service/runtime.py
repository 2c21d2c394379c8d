"""The service's life around its requests: start-up and shut-down (:func:`lifespan`), and the loops that run
beside the API.

- on SQLite, the checkpoint loop copies the WAL into the database file every second, in a thread (not in the
  commit of whichever turn fills the WAL);
- the health loop writes this process's heartbeat every 2 s (a probe that the database takes writes, and the key
  it seals with); ``/healthz`` and ``/readyz`` read :class:`Status` and never touch the database themselves;
- the alert loop delivers the outbox's webhooks with backoff, and replays the crisis journal into the database
  once it takes writes again;
- the journal loop keeps the journal's reserve allocated and, while the database fails, sends journalled alerts
  straight from the file;
- with ``storage.retention_days`` set, the retention job.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from xinyu import __version__
from xinyu.data.review import ReviewQueue
from xinyu.memory.database import Database, StoreUnavailable
from xinyu.service.logs import LogFormat, formatter
from xinyu.service.metrics import Backlog, BuildInfo
from xinyu.service.services import Services, build_services

log = logging.getLogger(__name__)


class Status:
    """What ``/healthz`` and ``/readyz`` say, kept fresh by the health loop so that neither touches the database
    (nor waits for a worker thread) while it answers. A probe that has not come back for ``STALE_S`` counts as
    a failure: a database that hangs (a stalled network, a stopped server) is no healthier than one that errs."""

    STALE_S = 10.0

    def __init__(self) -> None:
        self.checked = 0.0  # when the last probe round ended
        self.started = time.time()
        self.pending_alerts: int | None = 0
        self.journal = 0
        # open handoffs per risk level: (how many, when the oldest was created); None until read
        self.queue: dict[str, tuple[int, float | None]] | None = None

    def _stalled(self) -> bool:
        return time.time() - max(self.checked, self.started) > self.STALE_S

    def storage(self, services: Services) -> dict:
        out = {"database": services.store.engine.dialect.name, **services.store.health.to_dict()}
        if out["ok"] and self._stalled():
            since = max(self.checked, self.started)
            out.update(ok=False, reason="stalled", error="the storage probe has not come back", since=since)
        out["checked"] = round(self.checked, 3)
        return out

    def storage_ok(self, services: Services) -> bool:
        """:meth:`storage`'s ``ok``, on the hot path (no dict built)."""
        return services.store.health.ok and not self._stalled()

    def backlog(self, services: Services) -> Backlog:
        """What ``/metrics`` reports of the backlogs, as last read."""
        return Backlog(self.storage_ok(services), self.pending_alerts, self.journal, self.queue)


def open_queue(services: Services) -> dict[str, tuple[int, float | None]]:
    """The open handoffs per risk level: how many, and when the oldest was created."""
    out: dict[str, tuple[int, float | None]] = {}
    for item in services.escalations.queue("open"):
        count, oldest = out.get(item["level"], (0, None))
        created = item.get("created")
        if created is not None and (oldest is None or created < oldest):
            oldest = created
        out[item["level"]] = (count + 1, oldest)
    return out


def build_info(services: Services) -> BuildInfo:
    assessor, backend = services.assessor, services.analyzer.backend
    if assessor.model is not None:
        risk_model = services.settings.safety.risk_model or "shipped"
    else:
        risk_model = "failed" if assessor.model_error else "off"
    return BuildInfo(
        version=__version__,
        emotion_backend=backend.name,
        emotion_model=str(backend.model_id or ""),
        risk_model=str(risk_model),
        engine=services.chat.engine.name,
        database=services.store.engine.dialect.name,
    )


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Build the services, warm the models, start the loops; on the way out stop them and close the store."""
    settings, status = app.state.settings, app.state.status
    _log_format(settings.log_format)
    services = build_services(settings, app.state.metrics)
    app.state.services = services
    app.state.analyzer = services.analyzer
    app.state.cpu_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xinyu-turn")
    # turns that wait on an LLM hold a thread each for up to its deadline: room for more than the default 40
    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = max(limiter.total_tokens, 100)
    engine = services.chat.engine
    await asyncio.to_thread(engine.start)  # not inside the first replies' deadlines
    app.state.review = None
    if settings.review_queue:
        app.state.review = ReviewQueue(settings.review_queue)
    with contextlib.suppress(StoreUnavailable):
        await asyncio.to_thread(services.store.heartbeat)
        status.queue = await asyncio.to_thread(open_queue, services)  # /metrics has it from the start
    # the lexicons and the risk model load on first use: here, once, rather than in many first requests at the
    # same time (each thread loading them while the others wait for the interpreter)
    await asyncio.to_thread(_warm, services)
    app.state.metrics.start(build_info(services), functools.partial(status.backlog, services))
    traced = app.state.tracing
    if traced is not None:
        traced.start(services.store.engine)
    # the loops are never traced (a root trace every two seconds would bury the rest): their tasks copy this context
    with traced.untraced() if traced is not None else contextlib.nullcontext():
        tasks = [
            asyncio.create_task(_health_loop(services, status)),
            asyncio.create_task(_alert_loop(services)),
            asyncio.create_task(_journal_loop(services, status)),
        ]
        if settings.storage.retention_days:
            tasks.append(asyncio.create_task(_retention_loop(services, settings.storage.retention_days)))
        # the WAL is copied into the database file in a thread, not in a turn's commit
        if services.store.sqlite:
            services.store.db.checkpoint_in_background()
            tasks.append(asyncio.create_task(_checkpoint_loop(services.store.db)))
    try:
        yield
    finally:
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await t
        if traced is not None:
            await asyncio.to_thread(traced.stop)  # the spans still waiting are sent
        await asyncio.to_thread(engine.close)
        app.state.cpu_pool.shutdown(wait=False, cancel_futures=True)
        services.store.forget_heartbeat()
        services.store.close()


def _warm(services: Services) -> None:
    for text in ("今天有点累，想找人说说话", "I feel a bit tired today"):
        services.analyzer.analyze(text)
        services.assessor.assess(text)


def _log_format(kind: LogFormat) -> None:
    """xinyu's own log lines in ``kind`` (:mod:`xinyu.service.logs`; a CRITICAL line may be the only record of a
    crisis that could not be written anywhere), unless ``xinyu serve`` or the application that embeds the
    service has configured logging."""
    root, own = logging.getLogger(), logging.getLogger("xinyu")
    if root.handlers or own.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(kind))
    own.addHandler(handler)
    own.setLevel(logging.INFO)


async def _health_loop(services: Services, status: Status, every_s: float = 2.0) -> None:
    """Write this process's heartbeat (a probe that the database takes writes, and the key it seals with), count
    the alerts waiting, and finish a deletion's WAL truncation that could not be done at once."""
    store, escalations = services.store, services.escalations
    while True:
        try:
            await asyncio.to_thread(store.heartbeat)
        except StoreUnavailable as exc:
            log.warning("storage health probe failed: %s (%s)", exc.reason, exc)
        except Exception:  # noqa: BLE001 - the loop must survive anything
            log.exception("storage health probe raised")
        try:
            status.pending_alerts = await asyncio.to_thread(escalations.pending_alerts)
            status.queue = await asyncio.to_thread(open_queue, services)
        except Exception:  # noqa: BLE001
            status.pending_alerts = status.queue = None
        try:
            if store.scrub_pending:  # a deletion whose WAL could not be truncated at once
                await asyncio.to_thread(store.scrub)
        except Exception:  # noqa: BLE001
            log.exception("health loop round failed")
        status.checked = time.time()
        await asyncio.sleep(every_s)


async def _checkpoint_loop(db: Database, every_s: float = 1.0) -> None:
    """SQLite: copy the WAL into the database file every ``every_s``, in a thread (see
    :meth:`xinyu.memory.database.Database.checkpoint_in_background`)."""
    while True:
        try:
            await asyncio.to_thread(db.checkpoint)
        except StoreUnavailable as exc:  # the health loop reports a failing database; try again next time
            log.debug("WAL checkpoint failed: %s", exc.reason)
        except Exception:  # noqa: BLE001 - the loop must survive anything
            log.exception("WAL checkpoint raised")
        await asyncio.sleep(every_s)


async def _journal_loop(services: Services, status: Status, every_s: float = 1.0) -> None:
    """The crisis journal, apart from the database: count what waits in it, keep its reserve allocated (a full
    disk that freed up since), and while the database is failing or hangs, send its alerts straight from the
    file (once it works, the alert loop moves the journal into the queue and the outbox sends them)."""
    journal = services.journal
    while True:
        try:
            await asyncio.to_thread(journal.flush_held)  # events a full disk refused, once it takes them
            status.journal = await asyncio.to_thread(len, journal)
            await asyncio.to_thread(journal.keep_reserve)
            if status.journal and not status.storage_ok(services):
                d = services.dispatcher
                await asyncio.to_thread(journal.deliver, d.send, d.delay)
        except Exception:  # noqa: BLE001 - the loop must survive anything
            log.exception("crisis journal round failed")
        await asyncio.sleep(every_s)


async def _alert_loop(services: Services, every_s: float = 1.0) -> None:
    while True:
        try:
            await asyncio.to_thread(services.dispatcher.deliver_due)
        except StoreUnavailable:
            pass  # the database is down: the health loop says so, and the journal loop sends the alerts
        except Exception:  # noqa: BLE001 - the loop must survive a bad delivery round
            log.exception("alert delivery round failed")
        await asyncio.sleep(every_s)


async def _retention_loop(services: Services, days: float, every_s: float = 3600.0) -> None:
    while True:
        try:
            n = await asyncio.to_thread(services.store.purge_older_than, days * 86400)
            if n:
                log.info("retention: deleted %d turns older than %s days", n, days)
        except Exception:  # noqa: BLE001
            log.exception("retention job failed")
        await asyncio.sleep(every_s)
