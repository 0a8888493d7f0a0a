"""Browser tests: a real `kefu serve` with the demo workspace, driven by Playwright through Debian's chromium."""
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "System"))
from kefu_process import Kefu  # noqa: E402

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


@pytest.fixture(scope="session")
def kefu(tmp_path_factory):
    installation = Kefu(tmp_path_factory.mktemp("e2e"))
    installation.command("demo")
    installation.start()
    yield installation
    installation.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page_for(browser, kefu, request):
    """`page_for(email, locale)`: a signed-in page in a fresh browser context; its last view is saved as a screenshot."""
    contexts = []

    def open_page(email: str = "admin@kefu.demo", locale: str = "zh-CN"):
        context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 900}, base_url=kefu.base)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, email)
        return page

    yield open_page
    SCREENSHOTS.mkdir(exist_ok=True)
    for index, context in enumerate(contexts):
        for number, page in enumerate(context.pages):
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-{index}{number}.png"), full_page=False)
        context.close()
