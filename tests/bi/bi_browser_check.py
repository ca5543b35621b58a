"""Open every dashboard in headless Chromium and report what each chart shows, as JSON.

Runs inside Superset's virtualenv (.venv-bi, where Playwright is installed) as a subprocess of
tests/bi/test_bi_browser.py, so the test itself can run from either virtualenv. Uses Debian's
/usr/bin/chromium (no browser download).

    .venv-bi/bin/python tests/bi/bi_browser_check.py --url http://127.0.0.1:8088 \
        --password ... --screenshots DIR slug-1 slug-2 ...

Output: {"login_seconds": s, "dashboards": {slug: {"seconds", "screenshot", "markdown": [text], "charts": [
  {"id", "viz", "title", "rendered", "error", "empty", "says_no_data", "text", "coloured_regions"}]}}}
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
LAUNCH_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# What one chart looks like in the DOM: rendered (svg/canvas/table drawn, no spinner) or failed
# (Superset's error alert inside the chart holder).
CHART_STATE_JS = """
() => Array.from(document.querySelectorAll('[data-test-chart-id]')).map(chart => {
  const holder = chart.closest('.dashboard-component-chart-holder') || chart;
  const title = (holder.querySelector('[data-test="editable-title"], .header-title') || {}).innerText || '';
  const errorNode = holder.querySelector(
    '.ant-alert-error, [data-test="error-tooltip"], [role="alert"], .error-alert, [data-test="alert-error"]');
  const spinner = holder.querySelector('[aria-label="loading"], .loading, [data-test="loading-indicator"]');
  const drawn = chart.querySelectorAll('canvas').length + chart.querySelectorAll('table').length
    + chart.querySelectorAll('svg path, svg rect, svg text').length;
  const empty = /No results were returned|There is currently no information/.test(chart.innerText);
  // A big number with nothing to show says "No data" rather than a misleading 0.
  const saysNoData = empty || /(^|\\n)No data(\\n|$)/.test(chart.innerText);
  let coloured = null;
  if (chart.getAttribute('data-test-viz-type') === 'country_map') {
    coloured = Array.from(chart.querySelectorAll('path.region, svg path')).filter(path => {
      const fill = getComputedStyle(path).fill;
      return fill && fill !== 'none' && fill !== 'rgba(0, 0, 0, 0)';
    }).length;
  }
  return {
    id: chart.getAttribute('data-test-chart-id'),
    viz: chart.getAttribute('data-test-viz-type'),
    title: title.trim(),
    rendered: !spinner && (drawn > 0 || empty),
    empty: empty,
    says_no_data: saysNoData,
    error: errorNode ? errorNode.innerText.trim().slice(0, 500) || 'error alert' : null,
    text: holder.innerText.trim().slice(0, 4000),
    coloured_regions: coloured,
  };
})
"""

# The text of the dashboard's Markdown blocks (descriptions, the map legend).
MARKDOWN_JS = """
() => Array.from(document.querySelectorAll('.dashboard-markdown')).map(node => node.innerText.trim())
"""


def _wait_until_drawn(page, started: float, timeout: float) -> list[dict]:
    """Charts load in parallel and re-query once the default filter values apply: wait until
    every chart is drawn or failed and the picture has been the same for two seconds."""
    charts: list[dict] = []
    stable, previous = 0, None
    while time.monotonic() - started < timeout:
        charts = page.evaluate(CHART_STATE_JS)
        done = charts and all(chart["rendered"] or chart["error"] for chart in charts)
        signature = json.dumps(charts, sort_keys=True)
        stable = stable + 1 if done and signature == previous else 0
        previous = signature
        if stable >= 2:
            break
        page.wait_for_timeout(1000)
    return charts


def check(url: str, username: str, password: str, screenshots: Path, slugs: list[str], timeout: float) -> dict:
    screenshots.mkdir(parents=True, exist_ok=True)
    report: dict = {"dashboards": {}, "page_errors": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1800})
            page.on("pageerror", lambda error: report["page_errors"].append(str(error)[:500]))
            started = time.monotonic()
            page.goto(f"{url}/login/")
            page.fill('[data-test="username-input"]', username)
            page.fill('[data-test="password-input"]', password)
            page.click('[data-test="login-button"]')
            page.wait_for_url("**/superset/welcome/**", timeout=timeout * 1000)
            report["login_seconds"] = round(time.monotonic() - started, 1)
            for slug in slugs:
                started = time.monotonic()
                page.set_viewport_size({"width": 1600, "height": 1800})
                page.goto(f"{url}/superset/dashboard/{slug}/")
                page.wait_for_selector("[data-test-chart-id]", timeout=timeout * 1000)
                charts = _wait_until_drawn(page, started, timeout)
                # A full-page screenshot resizes the page, which redraws every chart: make the
                # viewport as tall as the dashboard first, let it settle, then take the picture.
                height = page.evaluate("() => document.documentElement.scrollHeight")
                page.set_viewport_size({"width": 1600, "height": min(max(height, 1000), 5000)})
                charts = _wait_until_drawn(page, time.monotonic(), timeout)
                shot = screenshots / f"{slug}.png"
                page.screenshot(path=str(shot))
                report["dashboards"][slug] = {
                    "seconds": round(time.monotonic() - started, 1),
                    "screenshot": str(shot),
                    "charts": charts,
                    "markdown": page.evaluate(MARKDOWN_JS),
                }
        finally:
            browser.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", required=True)
    parser.add_argument("--screenshots", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("slugs", nargs="+")
    args = parser.parse_args(argv)
    report = check(args.url, args.username, args.password, args.screenshots, args.slugs, args.timeout)
    json.dump(report, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
