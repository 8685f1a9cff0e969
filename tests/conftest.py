import os

import pytest

from tests.browser import CHROMIUM


@pytest.fixture
def page(live_server):
    """A chromium page (zh-CN, 1400×900); fails instead of skipping when JINGZHUN_REQUIRE_BROWSER is set."""
    if not CHROMIUM:
        if os.environ.get("JINGZHUN_REQUIRE_BROWSER"):
            pytest.fail("chromium is required for the browser tests (apt-get install chromium)")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are test set-up.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
        yield context.new_page()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
