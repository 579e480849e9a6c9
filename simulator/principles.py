"""The principle each kind of scorer flag stands for, named in zh and en for reports."""

from __future__ import annotations

PRINCIPLE_NAMES: dict[str, dict[str, str]] = {
    "arguing": {"zh": "与客户争辩", "en": "Argued with the customer"},
    "face_threat": {"zh": "没给客户留面子", "en": "Left the customer no face"},
    "exaggeration": {"zh": "夸大不实", "en": "Exaggerated or over-promised"},
    "dismissive": {"zh": "轻视客户的异议", "en": "Brushed the objection aside"},
    "jargon": {"zh": "专业术语过多", "en": "Too much jargon"},
    "empty_apology": {"zh": "只道歉不解决", "en": "Apologised without acting"},
    "off_topic": {"zh": "答非所问", "en": "Off the point"},
    "pressure": {"zh": "向客户施压", "en": "Pressured the customer"},
    "disparaging": {"zh": "贬低他人", "en": "Ran others down"},
    "gaming": {"zh": "堆砌关键词刷分", "en": "Stuffed cue words to game the score"},
}
"""Names of the flags known when this was written; reports list any other id as it is."""


def principle_name(flag: str, lang: str) -> str:
    """The principle a flag id stands for in the language, or the id itself when unknown."""
    return PRINCIPLE_NAMES.get(flag, {}).get(lang, flag)


__all__ = ["PRINCIPLE_NAMES", "principle_name"]
