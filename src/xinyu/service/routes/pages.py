"""The web pages (chat, dashboard, review, analysis) and the API docs. Pages with data behind them ask for an
admin key; the docs for any key, when keys are configured."""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import Depends, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from xinyu.service.guard import strict_router
from xinyu.service.security import docs_access, page_access

router = strict_router()


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
    return get_swagger_ui_html(openapi_url="/openapi.json", title="xinyu API")


@router.get("/redoc", include_in_schema=False, dependencies=[Depends(docs_access)])
def redoc() -> HTMLResponse:
    return get_redoc_html(openapi_url="/openapi.json", title="xinyu API")


@router.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
def analyze_page() -> str:
    return page("index")
