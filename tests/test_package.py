import subprocess
import sys
import textwrap

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
