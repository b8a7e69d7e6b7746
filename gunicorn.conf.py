"""gunicorn reads this file from the working directory (`make serve`, or any
`gunicorn 'app:create_app()'` started in the repository root): it refuses to start production
with per-process rate-limit counters and several workers, which would multiply every limit by
the worker count (issue 13.8).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from config import env_bool, per_process_limits_problem  # noqa: E402


def on_starting(server) -> None:  # noqa: ANN001 — gunicorn's Arbiter
    """Checked once, in the master, before any worker is forked."""
    problem = per_process_limits_problem(
        os.environ.get("APP_ENV", "development").strip().lower(),
        os.environ.get("RATELIMIT_STORAGE_URI", "memory://").strip(),
        server.cfg.workers,
        env_bool("RATELIMIT_ALLOW_PER_PROCESS", os.environ.get("RATELIMIT_ALLOW_PER_PROCESS", "")),
    )
    if problem:
        raise RuntimeError(problem)
