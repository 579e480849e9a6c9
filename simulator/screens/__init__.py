"""The app's screens and modals."""

from __future__ import annotations

from simulator.screens.answers import ModelAnswersModal
from simulator.screens.base import DojoScreen
from simulator.screens.confirm import ConfirmModal
from simulator.screens.end import EndScreen
from simulator.screens.error import ErrorModal
from simulator.screens.help import HelpScreen
from simulator.screens.home import HomeScreen
from simulator.screens.practice import PracticeScreen
from simulator.screens.resume import ResumeModal
from simulator.screens.trainee import TraineeModal

__all__ = [
    "ConfirmModal",
    "DojoScreen",
    "EndScreen",
    "ErrorModal",
    "HelpScreen",
    "HomeScreen",
    "ModelAnswersModal",
    "PracticeScreen",
    "ResumeModal",
    "TraineeModal",
]
