"""A circuit breaker for a remote endpoint: after ``failures`` failed calls in a row, stop calling it for
``cooldown_s``, then let one call through to see whether it is back.

Without one, an endpoint that is down costs every request its full timeout (retries included) before the
fallback answers. With one, only the calls that open the circuit and one probe per cool-down pay it; the others
go straight to the fallback.

States: ``closed`` (calls go through), ``open`` (calls are refused until the cool-down ends), ``half_open`` (one
probe is in flight; other calls are refused until it ends: success closes the circuit, failure opens it again).
Thread-safe. ``clock`` is injectable so that tests need not wait.

>>> now = [0.0]
>>> breaker = CircuitBreaker(failures=2, cooldown_s=10, clock=lambda: now[0])
>>> breaker.allow(), breaker.failed(), breaker.allow(), breaker.failed(), breaker.state
(True, None, True, None, 'open')
>>> breaker.allow()
False
>>> now[0] = 10.0
>>> breaker.allow(), breaker.state, breaker.allow()
(True, 'half_open', False)
>>> breaker.succeeded(); breaker.state
'closed'
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class CircuitBreaker:
    """See the module's notes. ``failures`` of 0 turns it off: every call goes through."""

    def __init__(
        self,
        failures: int = 3,
        cooldown_s: float = 30.0,
        name: str = "endpoint",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = failures
        self.cooldown_s = cooldown_s
        self.name = name
        self.clock = clock
        self.state = "closed"
        self.in_a_row = 0  # failed calls since the last success
        self.opened_at = 0.0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Whether a call may go out now. In ``half_open`` the caller that gets True is the probe, and must
        report back with :meth:`succeeded` or :meth:`failed`."""
        if self.threshold <= 0:
            return True
        with self._lock:
            if self.state == "closed":
                return True
            if self.state == "open" and self.clock() - self.opened_at >= self.cooldown_s:
                self.state = "half_open"
                log.info("%s: cool-down over, one call goes through to see whether it is back", self.name)
                return True
            return False

    def succeeded(self) -> None:
        with self._lock:
            if self.state != "closed":
                log.warning("%s answers again: calls go through", self.name)
            self.state, self.in_a_row = "closed", 0

    def failed(self) -> None:
        with self._lock:
            self.in_a_row += 1
            if self.threshold <= 0:
                return
            if self.state == "half_open" or self.in_a_row >= self.threshold:
                if self.state != "open":
                    log.warning(
                        "%s failed %d times in a row: not called for %.0f s (the fallback answers)",
                        self.name,
                        self.in_a_row,
                        self.cooldown_s,
                    )
                self.state, self.opened_at = "open", self.clock()

    def to_dict(self) -> dict:
        return {"state": self.state, "failures_in_a_row": self.in_a_row}
