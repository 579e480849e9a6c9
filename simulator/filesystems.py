"""Which file system holds a path, so records are never kept on a network share."""

from __future__ import annotations

import os
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")
"""Linux's table of this process's mounts."""

NETWORK_FILE_SYSTEMS: frozenset[str] = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph",
        "glusterfs", "lustre", "gpfs", "beegfs", "davfs", "orangefs", "ocfs2", "gfs2",
        "fuse.sshfs", "fuse.davfs2", "fuse.s3fs", "fuse.rclone", "fuse.glusterfs",
        "fuse.cephfs", "fuse.gcsfuse", "fuse.goofys", "fuse.juicefs", "fuse.smbnetfs",
    }
)  # fmt: skip
"""File systems shared over a network (or by several hosts), where SQLite's locks fail."""


def _unescape(field: str) -> str:
    # mountinfo writes a space, tab, new line and backslash in a path as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mounts(text: str) -> list[tuple[str, str, str]]:
    """Each mount of a mountinfo text as (mount point, file system type, source)."""
    found = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        if dash < 5 or len(fields) < dash + 3:
            continue
        found.append((_unescape(fields[4]), fields[dash + 1], _unescape(fields[dash + 2])))
    return found


def file_system_of(path: Path, mountinfo: str) -> tuple[str, str, str] | None:
    """The mount (point, type, source) that holds path: the longest mount point above it."""
    target = str(path)
    best: tuple[str, str, str] | None = None
    for mount in mounts(mountinfo):
        point = mount[0]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[0])):
            best = mount
    return best


def network_share(path: Path, mountinfo: str | None = None) -> str | None:
    """What network file system holds path (e.g. "nfs4 from nas:/home"), or None if local.

    Detected on Linux from the mount table, and on Windows from a \\\\server\\share path;
    elsewhere, or when the table cannot be read, nothing is detected.
    """
    if str(path).startswith(("\\\\", "//")):
        return f"a network share ({path})"
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shared_mount(Path(os.path.realpath(folder)), mountinfo)


def shared_mount(folder: Path, mountinfo: str) -> str | None:
    """The network file system of the mount holding folder, described, or None if local."""
    mount = file_system_of(folder, mountinfo)
    if mount is None or mount[1] not in NETWORK_FILE_SYSTEMS:
        return None
    return f"{mount[1]} from {mount[2]}, mounted at {mount[0]}"


__all__ = ["NETWORK_FILE_SYSTEMS", "file_system_of", "mounts", "network_share", "shared_mount"]
