"""Two-factor sign-in in the browser (set up on the security page, asked for at the next sign-in, turned off again), and
an admin answering a buyer's request about their data (download, redaction)."""
import base64
import hashlib
import hmac
import json
import struct
import time
import uuid
from pathlib import Path

from browser_helpers import PASSWORD, add_demo_store, ingest_buyer_message, use_language
from playwright.sync_api import expect


def totp(secret: str, at: float) -> str:
    """RFC 6238 with SHA-1, six digits, 30-second steps: what an authenticator app shows."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def test_a_user_sets_up_two_factor_and_signs_in_with_a_recovery_code(browser, kefu):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768}, base_url=kefu.base)
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", "qa@kefu.demo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")

    page.locator("header a.who").click()
    page.wait_for_url("**/security")
    expect(page.locator("#two-factor-state")).to_have_text("两步验证未开启")
    page.fill("#two-factor-start input[name=password]", "not my password")
    page.click("#two-factor-start button")
    expect(page.locator("#toast")).to_contain_text("当前密码错误")
    page.fill("#two-factor-start input[name=password]", PASSWORD)
    page.click("#two-factor-start button")
    secret = page.locator("#two-factor-secret")
    expect(secret).to_be_visible()
    assert page.locator("#two-factor-uri").get_attribute("href").startswith("otpauth://totp/Kefu:qa@kefu.demo?secret=")
    page.fill("#two-factor-confirm input[name=code]", totp(secret.inner_text(), time.time()))
    page.click("#two-factor-confirm button")
    expect(page.locator("#two-factor-codes")).to_be_visible()
    codes = page.locator("#two-factor-codes li").all_inner_texts()
    assert len(codes) == 10
    expect(page.locator("#two-factor-state")).to_have_text("两步验证已开启")

    # Signed out, the password alone is not enough: the second form asks for the code; a recovery code does too.
    page.locator("header form[action='/logout'] button").click()
    page.wait_for_url("**/login")
    page.fill("input[name=email]", "qa@kefu.demo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    code.fill("000000")
    page.click("button[type=submit]")
    expect(page.locator("p.error")).to_contain_text("验证码错误")
    page.fill("input[name=code]", codes[0])
    page.click("button[type=submit]")
    page.wait_for_url("**/inbox")

    page.goto("/security")
    expect(page.locator("#main")).to_contain_text("剩余 9 个恢复码")
    page.fill("#two-factor-off input[name=password]", PASSWORD)
    page.click("#two-factor-off button")
    expect(page.locator("#two-factor-state")).to_have_text("两步验证未开启")
    context.close()


def test_an_admin_downloads_and_redacts_a_buyers_data(page_for, kefu):
    key = add_demo_store(kefu, "Lumi Privacy Test", "walmart-us", "America/Chicago")
    marker = "privacy-" + uuid.uuid4().hex[:8]
    ingest_buyer_message(kefu, key, marker, "Harriet Quinn", f"Hi, I'm Harriet Quinn, call me on 415-555-0134 ({marker}).")
    page = page_for("admin@kefu.demo", "en-US")
    use_language(page, "en")
    page.goto(f"/inbox?search={marker}")
    page.locator("#conversation-list li.row a").first.click()
    page.wait_for_url("**/conversations/*")
    page.locator(".customer-history a").click()
    page.wait_for_url("**/customers/*")

    with page.expect_download() as download:
        page.click("#export-personal-data")
    saved = json.loads(Path(download.value.path()).read_text())
    assert saved["records"][0]["name"] == "Harriet Quinn"
    assert "415-555-0134" in saved["conversations"][0]["messages"][0]["body"]

    page.click("#redact-customer")
    page.locator("dialog.confirm button", has_text="Confirm").click()
    expect(page.locator("h1")).to_contain_text("H***")
    page.goto(f"/inbox?search={marker}")
    page.locator("#conversation-list li.row a").first.click()
    expect(page.locator("#messages")).to_contain_text(f"Hi, I'm H***, call me on ******0134 ({marker}).")
