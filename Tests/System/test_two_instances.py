"""Two Kefu instances on one PostgreSQL, one killed (SIGKILL) in the middle of an ingest load on both: no acknowledged
message is lost or stored twice, and a browser's live stream on the survivor goes on, with what the other instance
ingested before it died and what arrives after."""
import copy
import json
import os
import subprocess
import threading
import time

import pytest
from websockets.sync.client import connect

from kefu_process import free_port

pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="needs PostgreSQL: SQLite is one process")


def buyer_message(external_id: str) -> dict:
    return {
        "externalID": external_id,
        "conversationExternalID": "conv-" + external_id,
        "customer": {"externalID": "buyer-" + external_id, "name": "Buyer " + external_id},
        "body": "Is the kettle in stock? " + external_id,
    }


class LiveListener:
    """A signed-in live stream, as the workbench opens it; remembers every conversation's customer it heard of."""

    def __init__(self, instance, token: str):
        self.names: set[str] = set()
        self.opened = threading.Event()
        self.closed = threading.Event()
        self.socket = None
        self.url = instance.base.replace("http", "ws") + "/api/v1/live"
        self.token = token
        self.thread = threading.Thread(target=self.listen, daemon=True)
        self.thread.start()
        assert self.opened.wait(10), "the live stream opened"

    def listen(self) -> None:
        try:
            with connect(self.url, additional_headers={"Authorization": f"Bearer {self.token}"}, open_timeout=10) as socket:
                self.socket = socket
                self.opened.set()
                for frame in socket:
                    event = json.loads(frame)
                    if event.get("type") == "conversation.changed":
                        self.names.add(event["customerName"])
        except Exception:  # noqa: BLE001 - the stream ending is what `closed` reports
            pass
        self.closed.set()

    def wait_for(self, name: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if name in self.names:
                return True
            time.sleep(0.05)
        return False


def test_one_instance_killed_under_load_loses_nothing_and_live_goes_on(kefu):
    key = kefu.set_up_workspace()["store"]["ingestionKey"]
    kefu.start()
    survivor = copy.copy(kefu)
    survivor.port = free_port()
    survivor.process = None
    survivor.start()
    try:
        listener = LiveListener(survivor, survivor.login())
        acknowledged: dict[str, str] = {}
        lock = threading.Lock()
        stop = threading.Event()

        def client(number: int, instance, name: str) -> None:
            sent = 0
            while not stop.is_set():
                ids = [f"{name}{number}x{sent + i}" for i in range(5)]
                sent += len(ids)
                try:
                    status, _ = instance.request("POST", "/api/v1/ingest", {"messages": [buyer_message(i) for i in ids]},
                                                 bearer=key, timeout=10)
                except OSError:
                    time.sleep(0.05)
                    continue
                if status == 200:
                    with lock:
                        acknowledged.update({i: name for i in ids})

        threads = [threading.Thread(target=client, args=(n, instance, name))
                   for n in range(2) for instance, name in ((kefu, "k"), (survivor, "s"))]
        for thread in threads:
            thread.start()
        time.sleep(3)
        kefu.kill()
        killed_at = time.monotonic()
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join()

        from_killed = [i for i, name in acknowledged.items() if name == "k"]
        from_survivor_after = [i for i, name in acknowledged.items() if name == "s"]
        assert len(from_killed) > 20 and len(from_survivor_after) > 20, (len(from_killed), len(from_survivor_after))
        # The survivor's stream carried what the killed instance ingested (PostgreSQL's NOTIFY fan-out)…
        assert listener.wait_for("Buyer " + from_killed[0], 5), "an event from the other instance reached the stream"
        # …and goes on after the kill: a new message on the survivor is heard at once.
        marker = f"after{int(killed_at)}"
        status, _ = survivor.request("POST", "/api/v1/ingest", {"messages": [buyer_message(marker)]}, bearer=key)
        assert status == 200
        assert listener.wait_for("Buyer " + marker, 2), "the live stream on the survivor still delivers"
        assert not listener.closed.is_set()
        listener.socket.close()

        schema = kefu.env["KEFU_PG_SCHEMA"]
        stored = subprocess.run(["psql", os.environ["DATABASE_URL"], "-Atc", f"SELECT external_id FROM {schema}.messages"],
                                check=True, capture_output=True, text=True).stdout.split()
        assert len(stored) == len(set(stored)), "no message twice"
        missing = set(acknowledged) - set(stored)
        assert not missing, f"{len(missing)} acknowledged messages lost"
        print(f"\n{len(from_killed)} acknowledged by the killed instance, {len(from_survivor_after)} by the survivor; "
              f"{len(stored)} stored")
    finally:
        survivor.stop()
