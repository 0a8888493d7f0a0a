"""The embedded database's disk fills up: writes answer 507 and store nothing, reads keep working, nothing acknowledged
is lost or corrupted, and writes resume once space returns. The data directory is a small tmpfs (needs root, as CI
runs)."""
import os
import sqlite3
import subprocess
import uuid

import pytest

from test_durability import message


@pytest.fixture
def small_disk(tmp_path):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("a full disk under PostgreSQL is PostgreSQL's own; this is the embedded database's test")
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (not root?): {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_refuses_writes_keeps_reads_and_recovers(kefu, small_disk):
    kefu.env["KEFU_DATA_DIR"] = str(small_disk)
    key = kefu.set_up_workspace()["store"]["ingestionKey"]
    kefu.start()
    token = kefu.login()
    # Shrink the disk to what is used plus a little more than a megabyte.
    stats = os.statvfs(small_disk)
    used_kb = (stats.f_blocks - stats.f_bfree) * stats.f_frsize // 1024
    subprocess.run(["mount", "-o", f"remount,size={used_kb + 1200}k", str(small_disk)], check=True)

    acknowledged: list[str] = []
    refused = None
    padding = "满" * 4000  # about 12 KB a message: the disk fills in a few dozen batches
    for batch in range(400):
        ids = [f"c{batch}-{batch}-{i}-{uuid.uuid4().hex[:6]}" for i in range(5)]
        messages = [dict(message(i), body=f"{i} {padding}") for i in ids]
        status, body = kefu.request("POST", "/api/v1/ingest", {"messages": messages}, bearer=key)
        if status == 200:
            acknowledged.extend(ids)
            continue
        refused = (status, body)
        break
    assert refused is not None, "the disk never filled"
    assert refused[0] == 507, refused
    assert refused[1]["error"]["code"] == "storage_full"
    assert len(acknowledged) > 10

    # Reading still works while the disk is full.
    status, listed = kefu.request("GET", "/api/v1/conversations?limit=5", bearer=token)
    assert status == 200 and listed["items"]

    # Space returns: the same kind of write is taken again.
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    later = [f"c9-9-after-{uuid.uuid4().hex[:6]}"]
    status, _ = kefu.request("POST", "/api/v1/ingest", {"messages": [message(later[0])]}, bearer=key)
    assert status == 200
    kefu.stop()

    with sqlite3.connect(small_disk / "kefu.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in db.execute("SELECT external_id FROM messages")}
    assert set(acknowledged + later) <= stored, f"{len(set(acknowledged) - stored)} acknowledged messages lost"
