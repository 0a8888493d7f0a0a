"""`kefu backup` while Kefu takes messages, and `kefu restore` into an empty database: every message acknowledged
before the backup began comes back, once, and the restore refuses to overwrite or to take a tampered backup."""
import json
import os
import sqlite3
import subprocess
import threading
import time

import pytest

from test_durability import message


def stored_external_ids(kefu) -> list[str]:
    if kefu.env.get("DATABASE_URL"):
        schema = kefu.env["KEFU_PG_SCHEMA"]
        result = subprocess.run(
            ["psql", kefu.env["DATABASE_URL"], "-Atc", f"SELECT external_id FROM {schema}.messages"],
            check=True, capture_output=True, text=True)
        return [line for line in result.stdout.splitlines() if line]
    with sqlite3.connect(os.path.join(kefu.env["KEFU_DATA_DIR"], "kefu.sqlite")) as db:
        return [row[0] for row in db.execute("SELECT external_id FROM messages")]


def run_kefu(kefu, *args) -> subprocess.CompletedProcess:
    return subprocess.run([kefu.binary, *args], env=kefu.env, capture_output=True, text=True, timeout=300)


def lose_the_database(kefu) -> None:
    """The disaster a backup is for: the data directory or the schema is gone."""
    if kefu.env.get("DATABASE_URL"):
        subprocess.run(["psql", kefu.env["DATABASE_URL"], "-c", f"DROP SCHEMA {kefu.env['KEFU_PG_SCHEMA']} CASCADE"],
                       check=True, capture_output=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            path = os.path.join(kefu.env["KEFU_DATA_DIR"], "kefu.sqlite" + suffix)
            if os.path.exists(path):
                os.remove(path)


def test_backup_under_load_restores_every_acknowledged_message(kefu, tmp_path):
    key = kefu.set_up_workspace()["store"]["ingestionKey"]
    kefu.start()
    acknowledged: list[tuple[float, str]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int) -> None:
        sent = 0
        while not stop.is_set():
            ids = [f"c{number}-{sent // 5}-{sent + i}" for i in range(10)]
            sent += len(ids)
            status, _ = kefu.request("POST", "/api/v1/ingest", {"messages": [message(i) for i in ids]}, bearer=key)
            if status == 200:
                now = time.monotonic()
                with lock:
                    acknowledged.extend((now, i) for i in ids)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    backup = tmp_path / "kefu.backup"
    began = time.monotonic()
    result = run_kefu(kefu, "backup", "--to", str(backup))
    assert result.returncode == 0, result.stderr
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join()
    kefu.stop()

    manifest = json.loads((tmp_path / "kefu.backup.manifest.json").read_text())
    before = {external_id for at, external_id in acknowledged if at < began}
    assert len(before) > 100, "the load ran before the backup"
    assert manifest["counts"]["messages"] >= len(before)
    assert "Backed up" in result.stdout

    # A second backup to the same file is refused; nothing is overwritten.
    again = run_kefu(kefu, "backup", "--to", str(backup))
    assert again.returncode != 0 and "already exists" in again.stderr

    lose_the_database(kefu)
    restored = run_kefu(kefu, "restore", "--from", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "match the manifest" in restored.stdout

    ids = stored_external_ids(kefu)
    assert len(ids) == len(set(ids)), "no message twice"
    assert before <= set(ids), f"{len(before - set(ids))} acknowledged messages missing"
    assert set(ids) <= {external_id for _, external_id in acknowledged}
    assert len(ids) == manifest["counts"]["messages"]

    # Restoring over a database is refused; the restored one still serves.
    over = run_kefu(kefu, "restore", "--from", str(backup))
    assert over.returncode != 0 and "already holds a Kefu database" in over.stderr
    kefu.start()
    token = kefu.login()
    status, listed = kefu.request("GET", "/api/v1/conversations?limit=1", bearer=token)
    assert status == 200 and listed["items"]


def test_a_tampered_backup_is_not_restored(kefu, tmp_path):
    key = kefu.set_up_workspace()["store"]["ingestionKey"]
    kefu.start()
    status, _ = kefu.request("POST", "/api/v1/ingest", {"messages": [message("c1-0-1"), message("c1-0-2")]}, bearer=key)
    assert status == 200
    backup = tmp_path / "kefu.backup"
    assert run_kefu(kefu, "backup", "--to", str(backup)).returncode == 0
    kefu.stop()
    manifest_path = tmp_path / "kefu.backup.manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["counts"]["messages"] += 1
    manifest_path.write_text(json.dumps(manifest))
    lose_the_database(kefu)
    refused = run_kefu(kefu, "restore", "--from", str(backup))
    assert refused.returncode != 0
    assert "does not match its manifest" in refused.stderr and "messages: 3 saved, 2 found" in refused.stderr
    if not kefu.env.get("DATABASE_URL"):
        assert not os.path.exists(os.path.join(kefu.env["KEFU_DATA_DIR"], "kefu.sqlite")), "nothing half-restored"
