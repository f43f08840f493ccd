"""``/docs`` works offline: the page and every asset it loads are served by the app itself (issue 15, item 5)."""

from __future__ import annotations

import re

import httpx
import pytest


def _asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html) + re.findall(r"""url: *['"]([^'"]+)['"]""", html)


def test_docs_page_loads_nothing_from_another_host(loading):
    page = loading.get("/docs")
    assert page.status_code == 200
    urls = _asset_urls(page.text)
    assert urls, "the docs page names its assets"
    assert not [u for u in urls if re.match(r"(?:https?:)?//", u)], urls
    for url in urls:
        r = loading.get(url)
        assert r.status_code == 200, url
    js = loading.get("/docs-assets/swagger-ui-bundle.js")
    assert js.headers["content-type"].startswith(("application/javascript", "text/javascript"))
    assert len(js.content) > 100_000
    assert loading.get("/docs-assets/swagger-ui.css").headers["content-type"].startswith("text/css")


@pytest.mark.server
@pytest.mark.model
def test_docs_offline_through_app_py(app_process):
    """End to end against ``python app.py`` on loopback: the docs and their assets come from the process."""
    page = httpx.get(f"{app_process}/docs")
    assert page.status_code == 200
    for url in _asset_urls(page.text):
        assert not re.match(r"(?:https?:)?//", url)
        assert httpx.get(f"{app_process}{url}").status_code == 200, url
    assert httpx.get(f"{app_process}/openapi.json").json()["openapi"].startswith("3.1")
