"""Settings for the whole test run."""

from __future__ import annotations

import os
import tempfile

# Checked scenarios are cached in a folder of this run's own, never in the user's cache;
# commands run as subprocesses inherit it.
os.environ["DOJO_SCENARIO_CACHE"] = tempfile.mkdtemp(prefix="dojo-test-scenario-cache-")
