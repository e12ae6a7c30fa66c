"""The exercise pages' notebooks as a learner downloads them
(docs/_ext/nnreg_learner.py): the statements that only feed numbers to the
page's text (myst-nb's ``glue``) are dropped, since a learner's machine has
no myst-nb, and what is left still runs."""

import sys
import textwrap
from pathlib import Path

import pytest

EXT_DIR = Path(__file__).resolve().parents[1] / "docs" / "_ext"
sys.path[:0] = [str(EXT_DIR)]

pytest.importorskip("sphinx")
import nnreg_learner as learner  # noqa: E402


def run(code: str) -> dict:
    """The names a piece of code leaves behind, run without myst-nb."""
    names: dict = {}
    exec(compile(code, "<cell>", "exec"), names)  # noqa: S102
    return names


def test_top_level_glue_and_its_import_are_dropped():
    source = textwrap.dedent(
        """\
        from myst_nb import glue
        share = 0.25
        glue("share", f"{share:.0%}", display=False)
        """
    )
    assert learner._drop_glue(source) == "share = 0.25"


def test_glue_inside_a_branch_that_also_computes_is_dropped():
    # Exercises 15.4 computed two numbers and glued eight inside one `if`;
    # the learner's notebook kept the glue calls and stopped on a NameError.
    source = textwrap.dedent(
        """\
        runs = [3.0, 1.0]
        if runs:
            best = min(runs)
            glue("best", f"{best:g}", display=False)
            glue("count", len(runs),
                 display=False)
        """
    )
    code = learner._drop_glue(source)
    assert "glue" not in code
    assert run(code)["best"] == 1.0


def test_a_block_left_empty_keeps_a_pass():
    source = textwrap.dedent(
        """\
        ok = False
        if ok:
            glue("verdict", "yes", display=False)
        else:
            verdict = "no"
        for _ in range(2):
            glue("twice", 2, display=False)
        """
    )
    code = learner._drop_glue(source)
    assert "glue" not in code
    assert run(code)["verdict"] == "no"
    assert "for" not in code  # a loop of glue alone goes as a whole


def test_code_without_glue_is_unchanged():
    source = "x = 1\nif x:\n    y = 2\n"
    assert learner._drop_glue(source) == source.strip("\n")
