"""The bridge process's life: whether a request is running, SIGINT/SIGTERM handling, temporary
directories, and the hard exit that skips interpreter finalization.

The one piece of state a signal handler must reach; an instance's bound `on_signal` is what gets
installed, so nothing lives in module globals.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import tempfile
import threading
import time
from typing import Any, List, Optional

from .protocol import flush_std

# After the first SIGINT/SIGTERM, dbt gets this long to cancel its queries and unwind.
INTERRUPT_GRACE_SECONDS = 10.0
# A Ctrl-C in a terminal reaches the whole process group, and the engine then also asks the bridge
# to stop: signals this close to the first one are the same request, not an escalation.
SIGNAL_DEBOUNCE_SECONDS = 2.0
# Test seam: a shorter grace (seconds), so that a test interrupting work dbt cannot cancel (a Python
# model that sleeps) does not wait the whole grace for the bridge to leave. Never set in production.
TEST_GRACE_VARIABLE = "DBT_ORCHESTRATOR_TEST_INTERRUPT_GRACE_SECONDS"


def interrupt_grace_seconds() -> float:
    """INTERRUPT_GRACE_SECONDS, unless the test seam holds a number of seconds >= 0."""
    try:
        seconds = float(os.environ.get(TEST_GRACE_VARIABLE, ""))
    except ValueError:
        return INTERRUPT_GRACE_SECONDS
    return seconds if math.isfinite(seconds) and seconds >= 0 else INTERRUPT_GRACE_SECONDS


class Lifecycle:
    def __init__(self) -> None:
        self.busy = False
        self.exit_code = 0
        self._first_signal_at: Optional[float] = None
        self._temp_dirs: List[str] = []

    def is_busy(self) -> bool:
        return self.busy

    def temp_dir(self, prefix: str) -> str:
        """A temporary directory removed when the bridge exits (also on a hard exit)."""
        path = tempfile.mkdtemp(prefix=prefix)
        self._temp_dirs.append(path)
        return path

    def remove_temp_dirs(self) -> None:
        for path in self._temp_dirs:
            shutil.rmtree(path, ignore_errors=True)

    def hard_exit(self, code: int) -> None:
        self.remove_temp_dirs()
        flush_std()
        os._exit(code)

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGINT, self.on_signal)
        signal.signal(signal.SIGTERM, self.on_signal)

    def on_signal(self, signum: int, _frame: Any) -> None:
        now = time.monotonic()
        if self._first_signal_at is not None:
            if now - self._first_signal_at < SIGNAL_DEBOUNCE_SECONDS:
                return
            self.hard_exit(self.exit_code)
        self._first_signal_at = now
        self.exit_code = 128 + signum
        if not self.busy:
            self.hard_exit(self.exit_code)
        # dbt catches KeyboardInterrupt, cancels its running queries and unwinds; if that takes too
        # long, leave anyway.
        timer = threading.Timer(interrupt_grace_seconds(), self.hard_exit, args=(self.exit_code,))
        timer.daemon = True
        timer.start()
        raise KeyboardInterrupt()
