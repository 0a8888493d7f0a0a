"""Two Kefu instances on one PostgreSQL: an event on one reaches a browser signed in on the other."""
import copy
import os
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_helpers import add_demo_store, ingest_buyer_message, sign_in
from kefu_process import free_port

pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="needs PostgreSQL: SQLite is one process")


@pytest.fixture
def second_instance(kefu):
    other = copy.copy(kefu)
    other.port = free_port()
    other.process = None
    other.start()
    yield other
    other.stop()


def test_ingest_on_one_instance_appears_in_a_browser_on_the_other(browser, kefu, second_instance):
    key = add_demo_store(kefu, "Lumi Fan-out Test", "amazon-us", "America/Los_Angeles")
    context = browser.new_context(base_url=second_instance.base, locale="en-US")
    page = context.new_page()
    sign_in(page)
    page.goto("/inbox?sort=recent")
    expect(page.locator("body[data-live=on]")).to_have_count(1)

    marker = "fanout-" + uuid.uuid4().hex[:8]
    acknowledged = ingest_buyer_message(kefu, key, marker, "Fan-out Buyer " + marker, "Does the kettle come with a US plug?")
    expect(page.locator("#conversation-list li.row", has_text=marker)).to_be_visible(timeout=2000)
    assert time.monotonic() - acknowledged < 2.0
    screenshots = Path(__file__).resolve().parent / "screenshots"
    screenshots.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshots / "two-instances.png"))
    context.close()
