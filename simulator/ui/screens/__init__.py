"""The app's screens and modals."""

from __future__ import annotations

from simulator.ui.screens.answers import ModelAnswersModal
from simulator.ui.screens.base import DojoScreen
from simulator.ui.screens.confirm import ConfirmModal
from simulator.ui.screens.end import EndScreen
from simulator.ui.screens.error import ErrorModal
from simulator.ui.screens.help import HelpScreen
from simulator.ui.screens.home import HomeScreen
from simulator.ui.screens.practice import PracticeScreen
from simulator.ui.screens.resume import ResumeModal
from simulator.ui.screens.trainee import TraineeModal

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
