"""``create_app(settings)``: the FastAPI application behind ``make serve``.

Models load once, in the lifespan; every file of state lives under ``settings.data_dir``.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, model_validator

from xinyu import __version__
from xinyu.config import Settings, get_settings
from xinyu.emotion import EmotionBackendError, UnknownBackendError, get_analyzer
from xinyu.schema import EmotionResult

MAX_BATCH = 256


class AnalyzeRequest(BaseModel):
    """One ``text`` or a list of ``texts`` (at most 256); ``backend`` overrides the configured one."""

    text: str | None = None
    texts: list[str] | None = Field(default=None, max_length=MAX_BATCH)
    backend: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> AnalyzeRequest:
        if (self.text is None) == (self.texts is None):
            raise ValueError("send exactly one of 'text' or 'texts'")
        return self


class AnalyzeBatchResponse(BaseModel):
    results: list[EmotionResult]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        app.state.analyzer = get_analyzer(settings.emotion_backend, settings)
        yield

    app = FastAPI(title="xinyu", version=__version__, lifespan=lifespan)
    app.state.settings = settings

    @app.get("/healthz")
    def healthz(request: Request) -> dict:
        analyzer = request.app.state.analyzer
        return {
            "status": "ok",
            "version": __version__,
            "backend": analyzer.backend.name,
            "model": analyzer.backend.model_id,
        }

    @app.post("/v1/analyze", response_model=EmotionResult | AnalyzeBatchResponse)
    def analyze(body: AnalyzeRequest, request: Request):
        analyzer = request.app.state.analyzer
        if body.backend and body.backend != analyzer.backend.name:
            try:
                analyzer = get_analyzer(body.backend, settings)
            except UnknownBackendError as exc:
                raise HTTPException(400, str(exc)) from exc
            except EmotionBackendError as exc:
                raise HTTPException(503, str(exc)) from exc
        texts = [body.text] if body.text is not None else list(body.texts or [])
        empty = [i for i, t in enumerate(texts) if not t.strip()]
        if empty:
            where = "text" if body.text is not None else f"texts[{empty[0]}]"
            raise HTTPException(422, f"{where} is empty or whitespace only")
        try:
            results = analyzer.analyze_batch(texts)
        except EmotionBackendError as exc:
            raise HTTPException(503, str(exc)) from exc
        return results[0] if body.text is not None else AnalyzeBatchResponse(results=results)

    page = resources.files("xinyu.service.web").joinpath("index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return page

    return app
