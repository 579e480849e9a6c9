"""The app's widgets: reply box, transcript, feedback panel, gauges and countdown."""

from __future__ import annotations

from simulator.ui.widgets.countdown import Countdown
from simulator.ui.widgets.feedback import (
    FeedbackPanel,
    evidence_legend,
    feedback_content,
    highlighted_reply,
)
from simulator.ui.widgets.meter import Meter
from simulator.ui.widgets.reply_box import ReplyBox
from simulator.ui.widgets.transcript import (
    Speech,
    Transcript,
    customer_speech,
    note_line,
    reply_speech,
)

__all__ = [
    "Countdown",
    "FeedbackPanel",
    "Meter",
    "ReplyBox",
    "Speech",
    "Transcript",
    "customer_speech",
    "evidence_legend",
    "feedback_content",
    "highlighted_reply",
    "note_line",
    "reply_speech",
]
