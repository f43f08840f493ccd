"""``/docs`` served entirely by this process: Swagger UI's JavaScript, CSS and icon come from the installed
``swagger-ui-bundle-v2`` package, not from a CDN.

Why: the service runs on intranets and offline machines, where FastAPI's default page (assets from a CDN) is blank.
This follows FastAPI's documented self-hosting of the docs' assets (``docs_url=None`` + ``get_swagger_ui_html``).
ReDoc has no packaged build here, so ``/redoc`` is off rather than half-working.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/docs"
ASSETS_PATH = "/docs-assets"


def swagger_assets_dir() -> Path:
    """The Swagger UI dist folder shipped in the ``swagger_ui_bundle`` package (raises if it is not installed)."""
    from swagger_ui_bundle import swagger_ui_path

    folder = Path(str(swagger_ui_path))
    if not (folder / "swagger-ui-bundle.js").is_file():
        raise RuntimeError("swagger-ui-bundle-v2 is installed without swagger-ui-bundle.js: reinstall it (make setup)")
    return folder


def install_docs(app: FastAPI) -> None:
    """Add ``/docs`` (+ its OAuth2 redirect page) and the static assets; the app must be built with docs_url=None."""
    app.mount(ASSETS_PATH, StaticFiles(directory=swagger_assets_dir()), name="docs-assets")
    redirect = f"{DOCS_PATH}/oauth2-redirect"

    @app.get(DOCS_PATH, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — 接口文档",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon-32x32.png",
            oauth2_redirect_url=redirect,
        )

    @app.get(redirect, include_in_schema=False)
    def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
