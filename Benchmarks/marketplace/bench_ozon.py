"""The Ozon channel's figures against Tests/Contract/marketplace_server.py, limited to the rate Ozon documents:

1. first sync: N chats of M messages read into an empty Kefu, timed from the admin's `POST /stores/{id}/channels`
   until every message is
   stored and the channel reports `connected` (asked every 100 ms), with the server's RSS sampled every 50 ms; compared with the floor the
   rate limit alone sets (requests made, less the platform's one-second burst, over the rate);
2. push: a buyer's message written at the contract server, which pushes it to Kefu, timed until the API shows it;
3. replies: one at a time through the API, timed until the contract server has it.

Prints one JSON object. Run it through Benchmarks/marketplace/run.sh.
"""
import argparse
import json
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "System"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kefu_process import Kefu  # noqa: E402
from measure import percentile, rss_mb  # noqa: E402
from marketplace import Marketplace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=1_000)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--probes", type=int, default=50)
    args = parser.parse_args()
    work = Path(f"/tmp/kefu-ozon-bench-{uuid.uuid4().hex[:6]}")
    work.mkdir()
    ozon = Marketplace()
    kefu = Kefu(work)
    try:
        ozon.control("reset", {"ozon": {"clientID": "100500", "apiKey": "bench-key", "rate": args.rate}})
        chats = ozon.control("ozon/seed", {"chats": args.chats, "messages": args.messages, "hoursAgo": 12})["chats"]
        kefu.env.update({"KEFU_CHANNEL_INTERVAL": "1", "KEFU_SLA_INTERVAL": "0"})
        store_id = kefu.set_up_workspace("ozon")["store"]["id"]
        kefu.start()
        token = kefu.login()
        result = {"chats": args.chats, "messagesPerChat": args.messages, "rate": args.rate,
                  "database": "postgres" if kefu.env.get("DATABASE_URL") else "sqlite"}

        # 1. First sync, from the admin adding the account.
        started = time.time()
        status, added = kefu.request("POST", f"/api/v1/stores/{store_id}/channels", {"kind": "ozon", "settings": {
            "clientID": "100500", "apiKey": "bench-key", "baseURL": ozon.base, "requestsPerSecond": args.rate}},
            bearer=token)
        if status != 201:
            raise SystemExit(f"channel refused: {added}")
        peak = 0.0
        expected = args.chats * args.messages
        polls = 0
        while True:
            peak = max(peak, rss_mb(kefu.process.pid))
            polls += 1
            if polls % 2 == 0:
                _, state = kefu.request("GET", f"/api/v1/channels/{added['id']}", bearer=token)
                if state["status"] == "error":
                    raise SystemExit(f"channel error: {state['lastError']}")
                if state["status"] == "connected" and state["synced"] >= expected:
                    break
            if time.time() - started > 900:
                raise SystemExit("first sync took over 15 minutes")
            time.sleep(0.05)
        elapsed = time.time() - started
        server = ozon.state()
        requests = sum(server["requests"].values())
        floor = max(requests - args.rate, 0) / args.rate
        result.update({
            "firstSyncSeconds": round(elapsed, 1), "firstSyncPeakRSSMB": round(peak, 1),
            "requests": requests, "rateLimited": server["limited"], "rateFloorSeconds": round(floor, 1),
            "overFloor": round(elapsed / floor - 1, 3) if floor else None,
            # Where the rest went: before Kefu's first request, and after its last one until every message was stored.
            "beforeFirstRequestSeconds": round(server["firstRequestAt"] - started, 2),
            "requestSpanSeconds": round(server["lastRequestAt"] - server["firstRequestAt"], 1),
        })
        _, listed = kefu.request("GET", "/api/v1/conversations?limit=1", bearer=token)
        result["conversationsAfterSync"] = listed["counts"]["all"]

        # 2. Pushed messages.
        push_path = kefu.base + added["pushPath"]
        latencies = []
        for index in range(args.probes):
            chat = chats[(index * 37) % len(chats)]
            text = f"Пуш {index} {uuid.uuid4().hex[:8]}"
            sent = time.time()
            ozon.control("ozon/message", {"chat": chat, "text": text, "pushURL": push_path})
            while True:
                _, page = kefu.request("GET", "/api/v1/conversations?limit=1", bearer=token)
                if page["items"] and page["items"][0]["preview"] == text:
                    latencies.append(time.time() - sent)
                    break
                if time.time() - sent > 30:
                    raise SystemExit(f"push {index} not visible in 30 s")
                time.sleep(0.01)
        result["pushVisibleP50Seconds"] = round(percentile(latencies, 50), 3)
        result["pushVisibleP95Seconds"] = round(percentile(latencies, 95), 3)

        # 3. Replies handed to Ozon.
        _, page = kefu.request("GET", "/api/v1/conversations?limit=50", bearer=token)
        targets = page["items"]
        latencies = []
        for index in range(args.probes):
            conversation = targets[index % len(targets)]
            # Letters only: digits at random can look like a phone number, which the guard blocks.
            text = f"Ответ номер {index}: " + "".join(random.choice("абвгдежз") for _ in range(10))
            before = len(ozon.state()["sent"])
            sent = time.time()
            status, body = kefu.request("POST", f"/api/v1/conversations/{conversation['id']}/replies", {"body": text},
                                        bearer=token)
            if status != 201:
                raise SystemExit(f"reply refused: {body}")
            while True:
                delivered = ozon.state()["sent"][before:]
                if any(s["text"] == text for s in delivered):
                    latencies.append(time.time() - sent)
                    break
                if time.time() - sent > 30:
                    raise SystemExit(f"reply {index} not at Ozon in 30 s")
                time.sleep(0.01)
        result["replyAtOzonP50Seconds"] = round(percentile(latencies, 50), 3)
        result["replyAtOzonP95Seconds"] = round(percentile(latencies, 95), 3)
        print(json.dumps(result))
    finally:
        kefu.stop()
        ozon.stop()


if __name__ == "__main__":
    main()
