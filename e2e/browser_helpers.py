"""What the browser tests share: the demo's password, Debian's chromium, signing in, a store and a buyer message."""
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "System"))

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PASSWORD = "kefu-demo-2026"


def chromium_path() -> str:
    for candidate in (os.environ.get("KEFU_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("No chromium: install Debian's chromium package (scripts/test does).")


def sign_in(page, email: str = "admin@kefu.demo") -> None:
    """Signs in through the form, as a person does, and waits for the inbox."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")


def use_language(page, language: str) -> None:
    """Saves the workbench language on the signed-in user, as the switch does: a user's choice outlives the browser's
    languages, so a test that reads one language says so rather than inherit another test's choice."""
    response = page.request.post("/language", form={"language": language})
    assert response.ok, response.status


def add_demo_store(kefu, name: str, platform: str, timezone: str) -> str:
    """A new store in the demo workspace; returns its ingestion key."""
    store = json.loads(kefu.command(
        "store", "add", "--workspace", "Kefu Demo Agency", "--merchant", "Lumi Home", "--platform", platform,
        "--name", name, "--timezone", timezone, "--json"))
    return store["ingestionKey"]


def ingest_buyer_message(kefu, key: str, marker: str, buyer: str, text: str) -> float:
    """Delivers one buyer message as a connector does; returns when it was acknowledged (time.monotonic)."""
    status, body = kefu.request("POST", "/api/v1/ingest", {
        "externalID": marker, "conversationExternalID": marker,
        "customer": {"externalID": "buyer-" + marker, "name": buyer}, "body": text,
    }, bearer=key)
    acknowledged = time.monotonic()
    assert status == 200, body
    return acknowledged
