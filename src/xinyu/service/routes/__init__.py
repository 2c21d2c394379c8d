"""The API's routes, one module per resource. To add one: a module here with ``router = strict_router()`` and
its routes over the dependencies of :mod:`xinyu.service.deps`, listed in :data:`ROUTERS` (the order they are
mounted in, which is the order of the API docs)."""

from __future__ import annotations

from xinyu.service.routes import admin, analyze, chat, feedback, health, openai, pages, review, sessions

ROUTERS = [m.router for m in (health, analyze, chat, openai, sessions, feedback, admin, review, pages)]
