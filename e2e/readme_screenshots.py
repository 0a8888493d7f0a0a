"""Takes the README's screenshots of the demo workspace: `python e2e/readme_screenshots.py` (writes docs/screenshots/)."""
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "System"))
sys.path.insert(0, str(ROOT / "e2e"))
from browser_helpers import chromium_path, sign_in  # noqa: E402
from kefu_process import Kefu  # noqa: E402


def main() -> None:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        kefu = Kefu(Path(work))
        kefu.command("demo")
        kefu.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
                context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 860}, base_url=kefu.base)
                page = context.new_page()
                sign_in(page, "agent.cn@kefu.demo")
                page.screenshot(path=str(out / "inbox.png"))
                page.goto("/inbox?folder=responseNeeded&platform=pinduoduo&kind=afterSale")
                page.locator("#conversation-list li.row a").first.click()
                page.locator("#reply-text").fill("亲，可以加微信详聊哦，保证明天到")
                expect(page.locator("#highlights mark.block")).to_have_count(1)
                page.screenshot(path=str(out / "thread.png"))
                browser.close()
        finally:
            kefu.stop()
    print(f"wrote {out}/inbox.png and thread.png")


if __name__ == "__main__":
    main()
