"""Runs a Ralph LRS on its file-system backend, on the host and port given, until stopped.

Run with the Python that has `ralph-malph[cli,lrs]` installed. Ralph 5.1's file-system
LRS writes each accepted batch in "create" mode, which fails once its file exists, so
every POST after the first would be a 500; appending is what a store of statements does.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")
