"""The SLA clock from the command line, and the monitor of a running server warning through a webhook."""
import http.server
import json
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone

from kefu_process import free_port


def test_sla_due_prints_the_platform_deadline(kefu):
    out = json.loads(kefu.command("sla", "due", "--policy", "pinduoduo", "--received", "2026-11-20T22:58:00+08:00"))
    assert out == {
        "policy": "pinduoduo@1",
        "receivedAt": "2026-11-20T22:58:00+08:00",
        "dueAt": "2026-11-21T08:01:00+08:00",
        "businessSecondsAllowed": 180,
        "clock": "window",
    }
    explained = kefu.command("sla", "explain", "--policy", "walmart-us")
    assert "48 h on a calendar clock" in explained and "source (official" in explained


def test_sla_due_rejects_bad_input_with_a_message(kefu):
    result = subprocess.run(
        [kefu.binary, "sla", "due", "--policy", "myspace", "--received", "2026-11-20T22:58:00+08:00"],
        env=kefu.env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "neither a platform" in result.stderr


def test_running_server_posts_breach_warnings_to_the_webhook(kefu):
    received = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    port = free_port()
    server = http.server.HTTPServer(("127.0.0.1", port), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        kefu.env["KEFU_SLA_INTERVAL"] = "1"
        kefu.env["KEFU_SLA_WEBHOOK_URL"] = f"http://127.0.0.1:{port}/hook"
        store = kefu.set_up_workspace("walmart-us")["store"]
        kefu.start()
        sent = (datetime.now(timezone.utc) - timedelta(hours=40)).isoformat()
        status, _ = kefu.request("POST", "/api/v1/ingest", {
            "externalID": "m1", "conversationExternalID": "c1", "customer": {"externalID": "b1", "name": "Late Buyer"},
            "body": "Still waiting for an answer", "sentAt": sent}, bearer=store["ingestionKey"])
        assert status == 200
        deadline = time.time() + 10
        while not received and time.time() < deadline:
            time.sleep(0.1)
        assert received, "no webhook call within 10 s"
        event = received[0]["events"][0]
        assert event["type"] == "sla.atRisk"
        assert event["customerName"] == "Late Buyer"
    finally:
        server.shutdown()
