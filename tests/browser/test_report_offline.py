"""The report page opened from file:// in chromium: every non-file request is blocked and fails
the test, as does any page error; the page shows what was read, the charts and the sections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module", params=["ratings_log", "hotline_tickets", "servqual_survey"])
def report(request, tmp_path_factory):
    from helpers.report import build_report

    out = tmp_path_factory.mktemp("rep") / "r"
    build_report(ROOT / "datasets" / f"{request.param}.csv", out=out, quiet=True)
    return out / "report.html"


def test_report_opens_offline(report):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `tools/sysdeps.sh chromium`")
    off_machine, errors = [], []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        pg = b.new_page()

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                off_machine.append(r.request.url)
                r.abort()

        pg.route("**/*", route)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
        pg.goto(report.as_uri())
        pg.wait_for_load_state("networkidle")
        assert pg.locator("h1").inner_text().startswith("数据分析报告")
        assert "读取" in pg.locator("#read + p").inner_text()
        assert pg.locator("figure svg").count() >= 1
        assert pg.locator("text=对窗口工作意味着什么").count() >= 1
        box = pg.locator("figure svg").first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        b.close()
    assert off_machine == [], off_machine
    assert errors == [], errors
