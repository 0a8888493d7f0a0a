"""An acknowledged message survives the server being killed with SIGKILL in the middle of a load."""
import threading
import time

LOAD_SECONDS = 2.0
CLIENTS = 8


def message(external_id: str) -> dict:
    return {
        "externalID": external_id,
        "conversationExternalID": "conv-" + external_id.split("-")[1],
        "customer": {"externalID": "buyer-" + external_id.split("-")[1], "name": "Load Buyer"},
        "body": "请问什么时候发货？ When will it ship? " + external_id,
    }


def test_sigkill_loses_no_acknowledged_message(kefu):
    key = kefu.set_up_workspace()["store"]["ingestionKey"]
    kefu.start()

    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int) -> None:
        sent = 0
        while not stop.is_set():
            # Alternate single messages and batches, as connectors do.
            ids = [f"c{number}-{sent // 5}-{sent + i}" for i in range(1 if sent % 2 == 0 else 20)]
            sent += len(ids)
            body = message(ids[0]) if len(ids) == 1 else {"messages": [message(i) for i in ids]}
            try:
                status, answer = kefu.request("POST", "/api/v1/ingest", body, bearer=key, timeout=5)
            except OSError:
                return  # the server is gone; anything unacknowledged may or may not be stored
            if status == 200:
                with lock:
                    acknowledged.extend(ids)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS)
    kefu.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=10)

    assert len(acknowledged) > 100, "the load never got going"
    kefu.start()
    missing = []
    for start in range(0, len(acknowledged), 1000):
        chunk = acknowledged[start:start + 1000]
        status, answer = kefu.request("POST", "/api/v1/ingest", {"messages": [message(i) for i in chunk]}, bearer=key)
        assert status == 200, answer
        # Every acknowledged message must already be stored: re-delivering it is a duplicate.
        missing += sorted(set(chunk) - set(answer["duplicates"]))
        assert answer["accepted"] == len(set(chunk) - set(answer["duplicates"]))
    assert missing == [], f"{len(missing)} acknowledged messages were lost, e.g. {missing[:5]}"
