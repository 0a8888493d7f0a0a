"""PostgreSQL restarts in the middle of an ingest load: requests during the outage get 503 quickly (never a hang),
Kefu reconnects by itself, and every acknowledged message is stored exactly once. Runs a PostgreSQL cluster of its
own (it is restarted), so it needs root and Debian's PostgreSQL, as CI has."""
import glob
import os
import shutil
import subprocess
import threading
import tempfile
import time
from pathlib import Path

import pytest

from kefu_process import free_port
from test_durability import message


def as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["su", "postgres", "-c", " ".join(command)], capture_output=True, text=True, check=check)


@pytest.fixture
def own_postgres():
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("the PostgreSQL run of the system tests covers this")
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if os.geteuid() != 0 or not binaries or not shutil.which("su"):
        pytest.skip("needs root and Debian's PostgreSQL to run a cluster of its own")
    bin_dir = binaries[-1]
    # Outside pytest's folders, which only root may enter.
    home = Path(tempfile.mkdtemp(prefix="kefu-pg-"))
    os.chmod(home, 0o755)
    data = home / "data"
    data.mkdir()
    shutil.chown(data, "postgres")
    port = free_port()
    as_postgres(f"{bin_dir}/initdb", "-A trust -U postgres -D", str(data))
    ctl = lambda action: as_postgres(  # noqa: E731
        f"{bin_dir}/pg_ctl", "-D", str(data), "-w", "-l", str(data / "server.log"), "-m fast",
        f"-o \"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off\"", action)
    ctl("start")
    try:
        yield {"url": f"postgres://postgres@127.0.0.1:{port}/postgres", "restart": lambda: ctl("restart")}
    finally:
        ctl("stop")
        shutil.rmtree(home, ignore_errors=True)


def test_postgres_restart_mid_load_loses_nothing_and_never_hangs(kefu, own_postgres):
    kefu.env["DATABASE_URL"] = own_postgres["url"]
    key = kefu.set_up_workspace()["store"]["ingestionKey"]
    kefu.start()

    acknowledged: list[str] = []
    outage_answers: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int) -> None:
        sent = 0
        while not stop.is_set():
            ids = [f"c{number}-{sent // 5}-{sent + i}" for i in range(5)]
            sent += len(ids)
            started = time.monotonic()
            try:
                status, body = kefu.request("POST", "/api/v1/ingest", {"messages": [message(i) for i in ids]},
                                            bearer=key, timeout=30)
            except OSError as error:
                status, body = -1, str(error)
            took = time.monotonic() - started
            with lock:
                if status == 200:
                    acknowledged.extend(ids)
                else:
                    outage_answers.append((status, body, took))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    before_restart = len(acknowledged)
    own_postgres["restart"]()
    time.sleep(4)
    after_restart = len(acknowledged)
    stop.set()
    for thread in threads:
        thread.join()

    assert before_restart > 50
    assert len(acknowledged) > after_restart > before_restart, "ingest resumed after the restart, without restarting Kefu"
    # Checked here: an assertion in a client thread would only be a warning.
    for status, body, took in outage_answers:
        assert status == 503 and body["error"]["code"] == "database_unavailable", (status, body)
        assert took < 10, took
    print(f"\n{len(acknowledged)} acknowledged; during the outage {len(outage_answers)} answers, "
          f"slowest {max((t for *_, t in outage_answers), default=0):.2f} s")

    schema = kefu.env["KEFU_PG_SCHEMA"]
    stored = subprocess.run(["psql", own_postgres["url"], "-Atc", f"SELECT external_id FROM {schema}.messages"],
                            check=True, capture_output=True, text=True).stdout.split()
    assert len(stored) == len(set(stored)), "no message twice"
    assert set(acknowledged) <= set(stored)
