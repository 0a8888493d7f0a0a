"""Live-update latency: from sending an ingest request to the event at each of N connected WebSocket clients.

Every client is signed in as the same admin and connected to /api/v1/live; one message at a time is ingested, and
each client notes when the event for it arrives. Prints one JSON line: percentiles over all (client, message) pairs,
measured from the moment the request is sent, so the figure holds the ingest's own commit and does not depend on
whether the response or the events leave the server first. Also printed: the ingest request's own median, and the
median spread between the first and the last of the 200 arrivals, which is mostly this one Python process reading
200 sockets in turn.
"""
import argparse
import asyncio
import json
import statistics
import time
import urllib.request
import uuid

import websockets


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--messages", type=int, default=50)
    args = parser.parse_args()

    arrivals: dict[str, list[float]] = {}
    ready = asyncio.Event()
    connected = 0

    async def client() -> None:
        nonlocal connected
        headers = {"Authorization": f"Bearer {args.token}"}
        async with websockets.connect(f"ws://127.0.0.1:{args.port}/api/v1/live", additional_headers=headers,
                                      max_queue=None) as socket:
            connected += 1
            if connected == args.clients:
                ready.set()
            async for raw in socket:
                now = time.monotonic()
                event = json.loads(raw)
                arrivals.setdefault(event.get("customerName", ""), []).append(now)

    tasks = [asyncio.create_task(client()) for _ in range(args.clients)]
    await asyncio.wait_for(ready.wait(), timeout=60)

    def ingest(marker: str) -> tuple[float, float]:
        sent = time.monotonic()
        body = json.dumps({"externalID": marker, "conversationExternalID": marker,
                           "customer": {"externalID": marker, "name": marker}, "body": "Is it in stock? " + marker})
        request = urllib.request.Request(f"http://127.0.0.1:{args.port}/api/v1/ingest", data=body.encode(),
                                         headers={"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
        return sent, time.monotonic()

    latencies: list[float] = []
    requests: list[float] = []
    spreads: list[float] = []
    missing = 0
    for _ in range(args.messages):
        marker = "live-" + uuid.uuid4().hex[:10]
        sent, acknowledged = await asyncio.to_thread(ingest, marker)
        requests.append((acknowledged - sent) * 1000)
        await asyncio.sleep(0.2)
        got = arrivals.pop(marker, [])
        missing += args.clients - len(got)
        latencies += [(arrival - sent) * 1000 for arrival in got]
        if got:
            spreads.append((max(got) - min(got)) * 1000)
    for task in tasks:
        task.cancel()
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

    print(json.dumps({"label": f"live update c={args.clients}", "events": len(latencies), "missing": missing,
                      "p50_ms": round(percentile(50), 2), "p95_ms": round(percentile(95), 2),
                      "p99_ms": round(percentile(99), 2), "max_ms": round(latencies[-1], 2) if latencies else None,
                      "mean_ms": round(statistics.mean(latencies), 2) if latencies else None,
                      "ingest_request_p50_ms": round(statistics.median(requests), 2),
                      "arrival_spread_p50_ms": round(statistics.median(spreads), 2) if spreads else None}))


asyncio.run(main())
