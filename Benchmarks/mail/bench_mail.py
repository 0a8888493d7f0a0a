"""The e-mail channel's figures against the local Dovecot and Postfix (scripts/lib/mail-for-tests.sh):

1. first sync: a mailbox of N messages (written straight into Dovecot's maildir) read into an empty Kefu, timed from
   `kefu channel add` to the channel reporting `connected`, with the server's RSS sampled every 100 ms;
2. new mail: one message at a time APPENDed over IMAP, timed until the conversation shows in the API (IDLE);
3. replies: one at a time through the API, timed until the delivery is `sent` (handed to Postfix);
4. outage: Postfix stopped, R replies queued, Postfix started again after 30 s; every reply must reach the buyer's
   mailbox exactly once.

Prints one JSON object. Run it through Benchmarks/mail/run.sh, which starts the servers and finds the binary.
"""
import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "System"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kefu_process import Kefu  # noqa: E402
from measure import percentile, rss_mb  # noqa: E402
from mail_servers import HOST, imap, postfix, question, write_maildir  # noqa: E402


def channel(kefu, store_id):
    return json.loads(kefu.command("channel", "list", "--store", store_id, "--json"))[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--probes", type=int, default=50)
    parser.add_argument("--outage-replies", type=int, default=1_000)
    parser.add_argument("--outage-seconds", type=int, default=30)
    args = parser.parse_args()
    tag = "b" + uuid.uuid4().hex[:6]
    folder = f"Bench-{tag}"
    work = Path(f"/tmp/kefu-mail-bench-{tag}")
    work.mkdir()
    kefu = Kefu(work)
    kefu.env.update({"KEFU_CHANNEL_INTERVAL": "1", "KEFU_SLA_INTERVAL": "0"})
    store_id = kefu.set_up_workspace("amazon-us")["store"]["id"]
    write_maildir(folder, args.messages, tag)
    kefu.start()
    token = kefu.login()
    result = {"messages": args.messages, "database": "postgres" if kefu.env.get("DATABASE_URL") else "sqlite"}

    # 1. First sync.
    started = time.time()
    kefu.command("channel", "add", "--store", store_id, "--kind", "email",
                 "--imap-url", f"imap://shop%40kefu.test@{HOST}:10143/{folder}?starttls=required",
                 "--smtp-url", f"smtp://shop%40kefu.test@{HOST}:10025?starttls=required",
                 "--address", "shop@kefu.test", "--password-stdin", stdin="shop-pass\n")
    peak = 0.0
    while True:
        peak = max(peak, rss_mb(kefu.process.pid))
        state = channel(kefu, store_id) if int((time.time() - started) * 10) % 5 == 0 else None
        if state and state["status"] == "connected":
            break
        if state and state["status"] == "error":
            raise SystemExit(f"channel error: {state['lastError']}")
        if time.time() - started > 600:
            raise SystemExit("first sync took over 10 minutes")
        time.sleep(0.1)
    result["firstSyncSeconds"] = round(time.time() - started, 1)
    result["firstSyncPeakRSSMB"] = round(peak, 1)
    status, listed = kefu.request("GET", "/api/v1/conversations?limit=1", bearer=token)
    result["conversationsAfterSync"] = listed["counts"]["all"] if status == 200 and "counts" in listed else None

    print(json.dumps(result), file=sys.stderr, flush=True)

    # 2. New mail through IDLE.
    client = imap("shop")
    latencies = []
    for n in range(args.probes):
        subject = f"{tag} probe {n}"
        sent = time.time()
        client.append(folder, None, None, question(100_000 + n, tag).replace(f"{tag} question {100_000 + n}".encode(), subject.encode()))
        query = "/api/v1/conversations?subject=" + subject.replace(" ", "%20")
        while kefu.request("GET", query, bearer=token)[1]["items"] == []:
            if time.time() - sent > 30:
                raise SystemExit(f"new mail {n} did not show within 30 s")
            time.sleep(0.02)
        latencies.append(time.time() - sent)
    client.logout()
    result["newMailVisibleP50s"] = round(statistics.median(latencies), 3)
    result["newMailVisibleP95s"] = round(percentile(latencies, 95), 3)

    print(json.dumps(result), file=sys.stderr, flush=True)

    # 3. Replies handed to SMTP.
    items = kefu.request("GET", f"/api/v1/conversations?limit={args.probes}", bearer=token)[1]["items"]
    handoffs = []
    for item in items[: args.probes]:
        sent = time.time()
        status, reply = kefu.request("POST", f"/api/v1/conversations/{item['id']}/replies",
                                     {"body": "Your parcel left today. 您的包裹今天已发出。", "acknowledgeWarnings": True}, bearer=token)
        assert status == 201, reply
        message_id = reply["message"]["id"]
        while True:
            detail = kefu.request("GET", f"/api/v1/conversations/{item['id']}", bearer=token)[1]
            states = [m.get("delivery", {}).get("state") for m in detail["messages"] if m["id"] == message_id]
            if states == ["sent"]:
                break
            if time.time() - sent > 30:
                raise SystemExit(f"reply {message_id} not sent within 30 s: {states}")
            time.sleep(0.02)
        handoffs.append(time.time() - sent)
    result["replyHandedToSMTPP50s"] = round(statistics.median(handoffs), 3)
    result["replyHandedToSMTPP95s"] = round(percentile(handoffs, 95), 3)

    print(json.dumps(result), file=sys.stderr, flush=True)

    # 4. An SMTP outage with a full outbox.
    postfix("stop")
    outage_started = time.time()
    page = kefu.request("GET", f"/api/v1/conversations?limit=200&folder=responseNeeded", bearer=token)[1]
    queued = []
    while len(queued) < args.outage_replies:
        for item in page["items"]:
            if len(queued) == args.outage_replies:
                break
            status, reply = kefu.request("POST", f"/api/v1/conversations/{item['id']}/replies",
                                         {"body": f"Outage reply {len(queued)}", "acknowledgeWarnings": True}, bearer=token)
            assert status == 201, reply
            queued.append(reply["message"]["id"])
        page = kefu.request("GET", f"/api/v1/conversations?limit=200&folder=responseNeeded", bearer=token)[1]
    time.sleep(max(0, args.outage_seconds - (time.time() - outage_started)))
    postfix("start")
    recovered = time.time()
    deadline = recovered + 900
    expected = {f"kefu-{q.lower()}@kefu.test" for q in queued}
    arrived: dict[str, int] = {}
    while time.time() < deadline:
        buyer = imap("buyer")
        buyer.select("INBOX", readonly=True)
        _, data = buyer.uid("SEARCH", None, "HEADER", "Message-ID", '"@kefu.test"')
        uids = data[0].split()
        arrived = {}
        for chunk in range(0, len(uids), 500):
            _, fetched = buyer.uid("FETCH", b",".join(uids[chunk:chunk + 500]), "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            for part in fetched:
                if isinstance(part, tuple):
                    value = part[1].decode().split(":", 1)[1].strip().strip("<>")
                    if value in expected:
                        arrived[value] = arrived.get(value, 0) + 1
        buyer.logout()
        if len(arrived) == len(expected):
            break
        time.sleep(2)
    result["outageReplies"] = len(queued)
    result["outageDelivered"] = len(arrived)
    result["outageDuplicates"] = sum(count - 1 for count in arrived.values())
    result["outageAllDeliveredSecondsAfterRecovery"] = round(time.time() - recovered, 1) if len(arrived) == len(expected) else None
    kefu.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
