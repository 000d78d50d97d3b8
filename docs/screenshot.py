"""Screenshot of a journey report for the README: the top of the page (summary, heatmap,
satisfaction curve) at a laptop width, in Debian's headless Chromium.

    .venv/bin/python docs/screenshot.py build/demo/rapport.html docs/report.png
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTH = 1280


def main(page_path: str, png_path: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        page.goto(Path(page_path).resolve().as_uri(), wait_until="load")
        curve = page.locator("#courbe").bounding_box()
        page.screenshot(path=png_path, full_page=True,
                        clip={"x": 0, "y": 0, "width": WIDTH, "height": curve["y"] + curve["height"] + 16})
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
