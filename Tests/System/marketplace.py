"""Starts Tests/Contract/marketplace_server.py as its own process for a test and drives it through `/_control/*`."""
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SERVER = Path(__file__).resolve().parents[1] / "Contract" / "marketplace_server.py"


class Marketplace:
    def __init__(self):
        # stdin/stdout/stderr not inherited: a daemon holding the test runner's pipes would keep callers waiting.
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True)
        self.port = int(self.process.stdout.readline().strip())
        self.base = f"http://127.0.0.1:{self.port}"

    def control(self, action: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.base}/_control/{action}", data=json.dumps(body or {}).encode(), method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def state(self) -> dict:
        return self.control("state")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_for(what, condition, seconds=30.0, every=0.05):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def conversations(kefu, token: str, **query) -> list[dict]:
    """Every conversation the admin sees, all pages."""
    items, cursor = [], None
    while True:
        params = "&".join(f"{k}={v}" for k, v in {**query, "limit": 200, **({"cursor": cursor} if cursor else {})}.items())
        status, page = kefu.request("GET", f"/api/v1/conversations?{params}", bearer=token)
        assert status == 200, page
        items += page["items"]
        cursor = page.get("nextCursor")
        if not cursor:
            return items
