"""The soak: Kefu serving for a long stretch under a steady day's load, to show memory stays flat and latency stable.

    Benchmarks/soak/run.sh [--postgres URL]          (SOAK_SECONDS=600 by default; KEFU_BENCH_BIN=path for a built binary)

For SOAK_SECONDS it keeps 200 WebSocket clients on /api/v1/live, ingests 50 buyer messages a second (batches of 5
every 100 ms: new conversations and follow-ups to earlier ones) and has 4 agents answer the oldest conversation that
needs a response, one reply a second each (through the guard, as the workbench does). Every minute it prints the
server's resident memory, the p95 of ingest and of replies, live events delivered and errors; at the end one JSON line
with the first and last full minute. It exits 1 when a request failed, memory in the last minute is over 1.5× the
second minute's, or a p95 in the last minute is over 2× the second minute's + 50 ms. One Python process drives it all,
on the same machine: its own CPU use is part of what the figures include.
"""
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from measure import percentile, rss_mb  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "200"))
PER_SECOND = int(os.environ.get("SOAK_MESSAGES_PER_SECOND", "50"))
AGENTS = int(os.environ.get("SOAK_AGENTS", "4"))


class Server:
    def __init__(self, binary: str):
        self.binary = binary
        self.port = 18090
        self.work = Path(tempfile.mkdtemp(prefix="kefu-soak-"))
        self.env = dict(os.environ, KEFU_DATA_DIR=str(self.work / "data"), KEFU_BCRYPT_COST="4", LOG_LEVEL="error")
        if os.environ.get("DATABASE_URL"):
            self.env["KEFU_PG_SCHEMA"] = f"soak_{int(time.time())}"
        self.process = None

    def command(self, *args: str, stdin: str | None = None) -> str:
        return subprocess.run([self.binary, *args], env=self.env, input=stdin, capture_output=True, text=True,
                              check=True).stdout

    def start(self) -> None:
        log = open(self.work / "serve.log", "ab")
        self.process = subprocess.Popen([self.binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, stdout=log, stderr=log)
        for _ in range(600):
            try:
                if self.request("GET", "/api/v1/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("kefu serve did not start")

    def request(self, method: str, path: str, body=None, bearer: str | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if bearer:
            request.add_header("Authorization", f"Bearer {bearer}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None


class Minute:
    def __init__(self):
        self.ingest: list[float] = []
        self.replies: list[float] = []
        self.events = 0
        self.errors: list[str] = []
        self.rss = 0.0


def main() -> int:
    binary = os.environ["KEFU_BIN"]
    server = Server(binary)
    server.command("workspace", "add", "Soak")
    store = json.loads(server.command("store", "add", "--workspace", "Soak", "--merchant", "Brand", "--platform",
                                      "walmart-us", "--name", "Soak Store", "--timezone", "America/Chicago", "--json"))
    for number in range(AGENTS):
        server.command("user", "add", "--workspace", "Soak", "--email", f"agent{number}@soak.test", "--role",
                       "supervisor", "--password-stdin", stdin="soak-password-2026\n")
    server.start()
    key = store["ingestionKey"]
    tokens = []
    for number in range(AGENTS):
        status, body = server.request("POST", "/api/v1/auth/login",
                                      {"email": f"agent{number}@soak.test", "password": "soak-password-2026"})
        assert status == 200, body
        tokens.append(body["token"])

    minutes: list[Minute] = [Minute()]
    lock = threading.Lock()
    stop = threading.Event()
    started = time.monotonic()

    def current() -> Minute:
        return minutes[-1]

    def record(kind: str, seconds: float, status: int, body) -> None:
        with lock:
            if status >= 300:
                current().errors.append(f"{kind} {status} {body}")
            else:
                getattr(current(), kind).append(seconds)

    def ingester() -> None:
        sent = 0
        tick = 5 / PER_SECOND
        next_at = time.monotonic()
        while not stop.is_set():
            messages = []
            for _ in range(5):
                # One in three is a follow-up in an earlier conversation.
                conversation = random.randrange(max(1, sent // 3)) if sent and random.random() < 0.33 else sent
                messages.append({"externalID": f"m{sent}", "conversationExternalID": f"c{conversation}",
                                 "customer": {"externalID": f"b{conversation}", "name": f"Soak Buyer {conversation}"},
                                 "body": f"Hello, where is my order {100000 + sent}? Is it shipped yet?"})
                sent += 1
            began = time.monotonic()
            status, body = server.request("POST", "/api/v1/ingest", {"messages": messages}, bearer=key)
            record("ingest", time.monotonic() - began, status, body)
            next_at += tick
            time.sleep(max(0, next_at - time.monotonic()))

    def agent(token: str) -> None:
        while not stop.is_set():
            next_at = time.monotonic() + 1
            status, listing = server.request("GET", "/api/v1/conversations?folder=responseNeeded&limit=20", bearer=token)
            items = (listing or {}).get("items", []) if status == 200 else []
            if items:
                target = random.choice(items)["id"]
                began = time.monotonic()
                status, body = server.request("POST", f"/api/v1/conversations/{target}/replies",
                                              {"body": "Thank you for waiting. Your order is packed and ships today."},
                                              bearer=token)
                # Another agent answered it first: a real workbench sees the same.
                if status != 409:
                    record("replies", time.monotonic() - began, status, body)
            time.sleep(max(0, next_at - time.monotonic()))

    async def listeners() -> None:
        async def client(token: str) -> None:
            async with websockets.connect(f"ws://127.0.0.1:{server.port}/api/v1/live", max_queue=None,
                                          additional_headers={"Authorization": f"Bearer {token}"}) as socket:
                async for _ in socket:
                    with lock:
                        current().events += 1
                    if stop.is_set():
                        return

        tasks = [asyncio.create_task(client(tokens[n % len(tokens)])) for n in range(CLIENTS)]
        while not stop.is_set():
            await asyncio.sleep(0.5)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    threads = [threading.Thread(target=ingester)] + [threading.Thread(target=agent, args=(t,)) for t in tokens]
    threads.append(threading.Thread(target=lambda: asyncio.run(listeners())))
    for thread in threads:
        thread.start()
    print("minute  rss MB  ingest p95 ms  reply p95 ms  ingest/s  replies/s  events/s  errors", flush=True)
    while time.monotonic() - started < SECONDS:
        time.sleep(60 - (time.monotonic() - started) % 60)
        with lock:
            finished = minutes[-1]
            finished.rss = rss_mb(server.process.pid)
            minutes.append(Minute())
        print(f"{len(minutes) - 1:6d}  {finished.rss:6.0f}  {1000 * percentile(finished.ingest or [0], 95):13.0f}  "
              f"{1000 * percentile(finished.replies or [0], 95):12.0f}  {5 * len(finished.ingest) / 60:8.1f}  "
              f"{len(finished.replies) / 60:9.1f}  {finished.events / 60:8.0f}  {len(finished.errors)}", flush=True)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    server.process.terminate()

    full = minutes[:-1]
    errors = [error for minute in full for error in minute.errors]
    second, last = full[min(1, len(full) - 1)], full[-1]
    summary = {
        "seconds": SECONDS, "clients": CLIENTS, "messagesPerSecond": PER_SECOND, "agents": AGENTS,
        "database": "postgres" if os.environ.get("DATABASE_URL") else "sqlite",
        "rssMB": {"minute2": round(second.rss), "last": round(last.rss)},
        "ingestP95ms": {"minute2": round(1000 * percentile(second.ingest or [0], 95)),
                        "last": round(1000 * percentile(last.ingest or [0], 95))},
        "replyP95ms": {"minute2": round(1000 * percentile(second.replies or [0], 95)),
                       "last": round(1000 * percentile(last.replies or [0], 95))},
        "replies": sum(len(m.replies) for m in full), "events": sum(m.events for m in full), "errors": len(errors),
    }
    print(json.dumps(summary), flush=True)
    for error in errors[:5]:
        print("error:", error, file=sys.stderr)
    flat = last.rss <= 1.5 * second.rss
    stable = all(summary[k]["last"] <= 2 * summary[k]["minute2"] + 50 for k in ("ingestP95ms", "replyP95ms"))
    return 0 if not errors and flat and stable else 1


if __name__ == "__main__":
    sys.exit(main())
