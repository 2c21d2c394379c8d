"""The web pages (chat, dashboard, review, analysis) and the API docs. Pages with data behind them ask for an
admin key; the docs for any key, when keys are configured.

The docs (Swagger UI at ``/docs``, ReDoc at ``/redoc``) work offline: their scripts, style sheet and icon are
served from ``/docs/assets/``, out of the ``fastapi-offline`` package, which bundles them, and nothing is
loaded from elsewhere (no CDN, no web fonts, no spec validator). Their content security policy holds the browser
to this origin, so that what the bundles would still fetch (ReDoc's logo) is never asked of another host: a
person reading the docs is not announced to anyone.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import Depends, HTTPException, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from xinyu.service.guard import strict_router
from xinyu.service.security import docs_access, page_access

router = strict_router()
ASSETS = "/docs/assets"
#: what the docs pages load, by file name in the fastapi-offline package: its media type
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
#: the docs pages' scripts start inline; ReDoc's search runs in a worker made from a blob
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:"
)


@cache
def page(name: str) -> str:
    return resources.files("xinyu.service.web").joinpath(f"{name}.html").read_text(encoding="utf-8")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def chat_page() -> str:
    return page("chat")


@router.get(
    "/dashboard", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(page_access)]
)
def dashboard_page() -> str:
    return page("dashboard")


@router.get(
    "/review", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(page_access)]
)
def review_page() -> str:
    return page("review")


@router.get("/openapi.json", include_in_schema=False, dependencies=[Depends(docs_access)])
def openapi_schema(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/docs", include_in_schema=False, dependencies=[Depends(docs_access)])
def swagger() -> HTMLResponse:
    html = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="xinyu API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon.png",
        swagger_ui_parameters={"validatorUrl": None},  # the default validator is a web service
    )
    html.headers["Content-Security-Policy"] = DOCS_POLICY
    return html


@router.get("/redoc", include_in_schema=False, dependencies=[Depends(docs_access)])
def redoc() -> HTMLResponse:
    html = get_redoc_html(
        openapi_url="/openapi.json",
        title="xinyu API",
        redoc_js_url=f"{ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{ASSETS}/favicon.png",
        with_google_fonts=False,
    )
    html.headers["Content-Security-Policy"] = DOCS_POLICY
    return html


@router.get(ASSETS + "/{name}", include_in_schema=False, dependencies=[Depends(docs_access)])
def docs_asset(name: str) -> FileResponse:
    """A script, style sheet or icon of the docs pages, from the ``fastapi-offline`` package."""
    if name not in ASSET_TYPES:
        raise HTTPException(404, "no such asset")
    path = resources.files("fastapi_offline").joinpath("static", name)
    return FileResponse(str(path), media_type=ASSET_TYPES[name], headers={"Cache-Control": "max-age=86400"})


@router.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
def analyze_page() -> str:
    return page("index")
