"""The size and time limits on what users and files give the simulator, in one place."""

from __future__ import annotations

MAX_REPLY_CHARS = 2000
"""The longest reply scored: several minutes of speech. Scoring a longer text would hold the
app and a stream up for seconds, and no trainee says that much in one turn."""

MAX_REQUEST_BYTES = 64 * 1024
"""The longest JSON Lines request `dojo classify` and `dojo score` read: room for a reply of
MAX_REPLY_CHARS written entirely as \\u escapes, and its context."""

VALIDATION_SECONDS = 2.0
"""How long one scenario file may take to check; a real scenario takes a few milliseconds."""

MAX_PROBLEMS_PER_FILE = 200
"""The most problems listed for one scenario file; the rest are counted in one last line."""


def reply_too_long(reply: str) -> str | None:
    """Why a reply is refused for its length (in English), or None when it is short enough."""
    if len(reply) <= MAX_REPLY_CHARS:
        return None
    return (
        f"the reply is {len(reply):,} characters long; a reply may be at most "
        f"{MAX_REPLY_CHARS:,} characters — shorten it"
    )


__all__ = [
    "MAX_PROBLEMS_PER_FILE",
    "MAX_REPLY_CHARS",
    "MAX_REQUEST_BYTES",
    "VALIDATION_SECONDS",
    "reply_too_long",
]
