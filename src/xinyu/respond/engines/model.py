"""The ``model`` engine: the training bench's reply model, through transformers or llama.cpp."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from xinyu.respond.engines.base import EngineUnavailable, Reply, ReplyContext, ReplyEngine

log = logging.getLogger(__name__)


def default_reply_model_dir() -> Path:
    """The shipped reply model (``xinyu/models/reply-gemma``), the model engine's default."""
    return Path(str(resources.files("xinyu.models").joinpath("reply-gemma")))


class ModelEngine(ReplyEngine):
    """The training bench's reply model (``xinyu train reply``), or any causal LM folder, through transformers; or
    its ``xinyu export gguf`` file (a path ending in ``.gguf``) through llama.cpp.

    The prompt carries the dialogue, the user's emotion and the support strategy (see
    :mod:`xinyu.neural.reply`). ``strategy="planner"`` hands the model the planner's choice, as the other
    engines get it; ``"model"`` lets the model pick its own. The value is ``reply.model_strategy``, which
    the settings validate (and ``xinyu eval reply --strategy`` checks against them). A failure (the model
    raised, or wrote nothing) is a failed reply, which the fallback answers with ``local``.
    """

    name = "model"

    def __init__(
        self,
        path: Path | str,
        *,
        max_new_tokens: int | None = None,  # None: the model's own decoding settings (xinyu-reply.json)
        strategy: str = "planner",
        device: str = "auto",
    ) -> None:
        path = Path(path)
        if not path.exists():
            raise EngineUnavailable(
                f"reply model {path} not found; train one with `xinyu train reply` or set reply.engine = 'local'"
            )
        try:
            from xinyu.neural.reply import GgufReplyModel, ReplyModel
        except ImportError as exc:
            raise EngineUnavailable(
                f"the model engine needs torch, transformers and peft ({exc}): pip install 'xinyu[neural]'"
            ) from exc
        try:
            # a .gguf file (xinyu export gguf) runs on llama.cpp; a folder on transformers
            self.model = GgufReplyModel(path) if path.suffix == ".gguf" else ReplyModel(path, device=device)
        except ImportError as exc:
            needs = (
                'llama.cpp: CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install llama-cpp-python'
                if path.suffix == ".gguf"
                else "torch, transformers and peft: pip install 'xinyu[neural]'"
            )
            raise EngineUnavailable(f"the reply model {path} needs {needs} ({exc})") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise EngineUnavailable(f"cannot load the reply model in {path}: {exc}") from exc
        self.max_new_tokens = max_new_tokens
        self.strategy = strategy
        self.failures = 0

    def _item(self, ctx: ReplyContext) -> tuple:
        return (
            ctx.history,
            ctx.message,
            ctx.emotion,
            ctx.strategy.name if self.strategy == "planner" else None,
        )

    def reply(self, ctx: ReplyContext) -> Reply:
        return self.reply_batch([ctx])[0]

    def reference_nll(self, pairs: list[tuple[ReplyContext, str | None, str]]) -> tuple[float, int]:
        """(summed negative log-likelihood, tokens) of reference replies, for perplexity: each pair is (context,
        the reference's labelled strategy or None, reference). Errors propagate: a perplexity is exact or
        absent."""
        items = [(c.history, c.message, c.emotion, strategy, ref) for c, strategy, ref in pairs]
        return self.model.reference_nll(items)

    def reply_batch(self, ctxs: list[ReplyContext]) -> list[Reply]:
        """Replies to several contexts in one batched generation (how evaluation uses the engine)."""
        try:
            limit = {} if self.max_new_tokens is None else {"max_new_tokens": self.max_new_tokens}
            out = self.model.reply([self._item(c) for c in ctxs], **limit)
        except Exception as exc:  # noqa: BLE001 - any model failure is answered by the local engine
            self.failures += 1
            log.warning("reply model failed, local replies instead: %s: %s", type(exc).__name__, exc)
            return [Reply.failure(self.name, "model_error") for _ in ctxs]
        return [
            Reply(text, self.name, strategy=strategy) if text else Reply.failure(self.name, "empty")
            for _ctx, (text, strategy) in zip(ctxs, out, strict=True)
        ]
