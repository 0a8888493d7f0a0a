"""Browser tests: a real `kefu serve` with the demo workspace, driven by Playwright through Debian's chromium."""
import pytest
from playwright.sync_api import sync_playwright

from browser_helpers import SCREENSHOTS, chromium_path, sign_in
from kefu_process import Kefu

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
    """`page_for(email, locale)`: a signed-in page in a fresh browser context at 1366×768 (the smaller laptop agents
    use; the layout test also checks 1920×1080); its last view is saved as a screenshot."""
    contexts = []

    def open_page(email: str = "admin@kefu.demo", locale: str = "zh-CN"):
        context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 768}, base_url=kefu.base)
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
