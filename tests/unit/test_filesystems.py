"""Tests for telling a local disk from a network share, and for refusing records on a share."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import filesystems
from simulator.errors import StoreError
from simulator.filesystems import network_share, shared_mount
from simulator.records.store import Store

MOUNTINFO = "\n".join(
    [
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
        "40 22 0:35 / /srv/records rw shared:20 - nfs4 nas:/export/records rw,vers=4.2",
        "41 22 0:36 / /mnt/team\\040share rw shared:21 - cifs //fs/team rw",
        "42 40 8:2 / /srv/records/local rw shared:22 - xfs /dev/sdb1 rw",
        "43 22 0:37 / /home/ana/remote rw - fuse.sshfs ana@box:/data rw",
    ]
)


@pytest.mark.parametrize(
    ("path", "share"),
    [
        ("/var/lib/dojo/sessions.db", None),  # the root disk
        ("/srv/records/sessions.db", "nfs4 from nas:/export/records, mounted at /srv/records"),  # NFS
        ("/mnt/team share/dojo/sessions.db", "cifs from //fs/team, mounted at /mnt/team share"),  # SMB, a space escaped
        ("/srv/records/local/sessions.db", None),  # a local disk mounted inside the share
        ("/home/ana/remote/x.db", "fuse.sshfs from ana@box:/data, mounted at /home/ana/remote"),  # sshfs
        ("/srv/recordsX/sessions.db", None),  # a name that only starts like the mount point
    ],
)  # fmt: skip
def test_the_longest_mount_point_decides(path: str, share: str | None) -> None:
    assert shared_mount(Path(path).parent, MOUNTINFO) == share


def test_a_windows_share_path_is_a_network_share() -> None:
    assert network_share(Path("//fileserver/team/sessions.db")) is not None


def test_records_on_a_network_share_are_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = f"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 22 0:35 / {tmp_path} rw - nfs4 nas:/x rw\n"
    monkeypatch.setattr(filesystems, "MOUNTINFO", tmp_path / "mountinfo")
    (tmp_path / "mountinfo").write_text(table, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "sessions.db")
    assert caught.value.title == "Network file system"
    assert f"nfs4 from nas:/x, mounted at {tmp_path}" in caught.value.message
    assert "local disk" in caught.value.message and "docs/deployment.md" in caught.value.message
    assert not (tmp_path / "sessions.db").exists()


def test_this_machines_temporary_folder_is_local(tmp_path: Path) -> None:
    assert network_share(tmp_path / "sessions.db") is None
