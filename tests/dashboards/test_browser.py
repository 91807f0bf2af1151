"""The dashboards in Chromium: every chart is drawn (Chart.js found its canvas, gave it
a size and painted on it), with no script blocked by the content security policy."""

import pytest

from tests.dashboards.world import build_world
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = """() => {
  const canvases = Array.from(document.querySelectorAll('canvas[data-chart]'));
  return canvases.length > 0 && window.Chart !== undefined
    && canvases.every(c => Chart.getChart(c) !== undefined);
}"""

CHARTS = """() => Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => {
  const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
  return {
    id: c.dataset.chart,
    width: c.getBoundingClientRect().width,
    height: c.getBoundingClientRect().height,
    chart: Chart.getChart(c) !== undefined,
    painted: painted,
  };
})"""


def open_and_check(page, path, tmp_path, name, expected):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page.base_url + path)
    page.wait_for_function(DRAWN)
    page.wait_for_timeout(400)  # let the short animation finish before reading pixels
    charts = page.evaluate(CHARTS)
    assert {c["id"] for c in charts} >= expected
    for chart in charts:
        assert chart["chart"], chart
        assert chart["width"] > 0 and chart["height"] > 0, chart
        assert chart["painted"] > 0, chart
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert not [e for e in errors if "Content Security Policy" in e], errors
    return charts


def test_it_draws_the_office_dashboard(page, inst, tmp_path):
    build_world(inst)
    sign_in(page, "office")
    open_and_check(
        page,
        "/dashboard/",
        tmp_path,
        "office-dashboard",
        {
            "chart-plans",
            "chart-pledges",
            "chart-coverage",
            "chart-rectification",
            "chart-news",
            "chart-grades",
            "chart-ranking",
            "chart-turnout",
        },
    )
    # The table behind a chart opens on demand and links to the units behind it.
    page.click("section[data-testid=plans-card] details summary")
    assert page.is_visible("table[data-testid=plans-table] a")


def test_it_draws_the_branch_dashboard(page, inst, tmp_path):
    build_world(inst)
    sign_in(page, "secretary")
    page.goto(page.base_url + "/dashboard/branch/")
    page.wait_for_url(f"**/dashboard/branch/{inst.branch.pk}/")
    open_and_check(
        page,
        f"/dashboard/branch/{inst.branch.pk}/",
        tmp_path,
        "branch-dashboard",
        {"chart-branch-pledges", "chart-branch-progress"},
    )
