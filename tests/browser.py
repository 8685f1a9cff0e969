"""Shared pieces of the browser tests (Debian's chromium, driven by Playwright)."""

import os
import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = os.environ.get("JINGZHUN_SCREENSHOTS")  # a folder to keep screenshots in, if set


def shot(page, name):
    """Keep a full-page screenshot named ``name`` when JINGZHUN_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)
