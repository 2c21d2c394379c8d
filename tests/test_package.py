import subprocess
import sys
import textwrap

import pytest

import xinyu


def test_public_api_is_explicit():
    assert sorted(xinyu.__all__) == ["CoreWord", "EmotionResult", "__version__", "analyze"]
    for name in xinyu.__all__:
        assert hasattr(xinyu, name)


def test_works_without_torch():
    """`import xinyu`, analysis and the CLI run with torch made unimportable."""
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "torch" or name.startswith("torch."):
                    raise ImportError("torch is blocked in this test")
        sys.meta_path.insert(0, Block())
        import xinyu
        r = xinyu.analyze("今天心情不太好")
        assert r.label, r
        from typer.testing import CliRunner
        from xinyu.cli.main import app
        res = CliRunner().invoke(app, ["analyze", "--json", "I feel so lonely"])
        assert res.exit_code == 0, res.output
        assert "torch" not in sys.modules
        print("ok")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


# -- the house: layers and import circles ---------------------------------------------------------------------
#: each package's layer (ARCHITECTURE.md, "Layers"); a module may import its own layer's foundations and below
LAYERS = {
    **dict.fromkeys(
        ("taxonomy", "lang", "levels", "schema", "metrics", "io", "llm", "config", "compat", "tracing"), 0
    ),
    "neural": 1,
    "emotion": 2,
    "memory": 3,
    "safety": 4,
    "respond": 5,
    "understand": 5,
    "evaluate": 5,
    "data": 6,
    "train": 6,
    "service": 7,
    "cli": 7,
}


def _imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports (at the top or inside a function)."""
    import ast
    from pathlib import Path

    root = Path(xinyu.__file__).parent
    modules = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = ("xinyu", *path.relative_to(root).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    out: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                found |= {t for t in (base, *(f"{base}.{a.name}" for a in node.names)) if t in modules}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name in modules}
        out[name] = found - {name}
    return out


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_no_package_imports_a_package_above_it():
    upward = [
        f"{m} -> {t}"
        for m, targets in _imports().items()
        for t in targets
        if _layer(m) is not None and _layer(t) is not None and _layer(t) > _layer(m)
    ]
    assert not upward, upward


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle in ``graph`` (node -> the nodes it imports), or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (circle := visit(nxt, [*path, nxt])):
                return circle
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (circle := visit(start, [start])):
            return circle
    return None


def test_no_import_circles():
    graph = _imports()
    assert _circle(graph) is None, " -> ".join(_circle(graph))
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        top = ".".join(module.split(".")[:2])
        packages.setdefault(top, set()).update(".".join(t.split(".")[:2]) for t in targets)
    packages = {p: targets - {p} for p, targets in packages.items()}
    assert _circle(packages) is None, " -> ".join(_circle(packages))


# -- deprecated names: the old module still answers, and says where the name lives now ---------------------------
MOVED = [
    ("xinyu.safety.levels", "RiskLevel", "xinyu.levels"),
    ("xinyu.emotion.onnx_model", "OnnxEmotionModel", "xinyu.neural.emotion_onnx"),
    ("xinyu.emotion.train_linear", "train_linear", "xinyu.train.emotion_linear"),
    ("xinyu.safety.train", "cross_validate", "xinyu.train.risk_protocol"),
    ("xinyu.safety.train", "train_risk", "xinyu.train.risk"),
    ("xinyu.respond.chat", "build_engine", "xinyu.respond.engines"),
    ("xinyu.respond.chat", "words_to_reflect", "xinyu.respond.context"),
    ("xinyu.respond.strategy", "STRATEGIES", "xinyu.taxonomy"),
    ("xinyu.neural.emotion", "train_emotion_transformer", "xinyu.train.emotion_neural"),
    ("xinyu.neural.reply", "train_reply_lm", "xinyu.train.reply"),
    ("xinyu.neural.base", "run_training", "xinyu.train.loop"),
]


@pytest.mark.parametrize(("old", "name", "new"), MOVED)
def test_a_moved_name_still_imports_from_its_old_module_with_a_warning(old, name, new):
    import importlib

    if old.startswith("xinyu.neural") or new.startswith("xinyu.train.emotion_neural"):
        pytest.importorskip("torch")
    with pytest.warns(DeprecationWarning, match=rf"{old}\.{name} moved to {new}\.{name}"):
        value = getattr(importlib.import_module(old), name)
    assert value is getattr(importlib.import_module(new), name)
    with pytest.raises(AttributeError, match="no attribute"):
        importlib.import_module(old).no_such_name  # noqa: B018
