"""nnreg.explore: the sweeps behind a slider and the questions with a check.

What the page relies on is the HTML each object writes: a labelled native
range input over every recorded run, each run with its own figure and
numbers; a question's real form controls, its key and one reason per option,
readable without JavaScript. The browser behaviour is tested on the built
site (tests/site/test_explore.py).
"""

from __future__ import annotations

import html
import json
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnreg.explore import Question, Sweep  # noqa: E402


def _sweep(values=(5, 50, 500), **kwargs) -> Sweep:
    sweep = Sweep("hidden units", list(values), **kwargs)
    for v in sweep.values:
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot([0, 1], [0, v])
        sweep.record(v, fig, f"units {v}: loss {1 / v:.4f}")
    return sweep


def _steps(markup: str) -> list[str]:
    return re.findall(r'<div class="nnreg-sweep-step".*?</pre></div>', markup)


def test_sweep_writes_a_labelled_range_over_every_run():
    markup = _sweep(start=50)._repr_html_()
    slider = re.search(r'<input type="range"[^>]*>', markup).group(0)
    assert 'min="0"' in slider and 'max="2"' in slider and 'value="1"' in slider
    assert 'aria-valuetext="hidden units = 50"' in slider
    uid = re.search(r'id="([^"]+)-range"', markup).group(1)
    assert f'<label for="{uid}-range">hidden units</label>' in markup
    steps = _steps(markup)
    assert len(steps) == 3
    for v, step in zip((5, 50, 500), steps, strict=True):
        assert f'data-value="{v}"' in step
        assert "data:image/png;base64," in step
        assert f"units {v}: loss {1 / v:.4f}" in step
    images = re.findall(r'src="(data:image/png;base64,[^"]+)"', markup)
    assert len(set(images)) == 3, "each run shows its own figure"


def test_sweep_closes_the_figures_it_stores():
    before = len(plt.get_fignums())
    _sweep()
    assert len(plt.get_fignums()) == before


def test_sweep_markup_is_stable_across_builds():
    assert _sweep()._repr_html_() == _sweep()._repr_html_()


def test_sweep_formats_values_and_escapes_text():
    sweep = Sweep("rate <lr>", [0.001, 0.1], fmt="{:.0e}")
    sweep.record(0.001, text="a < b & c")
    sweep.record(0.1, text="diverged")
    markup = sweep._repr_html_()
    assert "rate &lt;lr&gt; = 1e-03" in markup
    assert "a &lt; b &amp; c" in markup
    assert "<lr>" not in markup


def test_sweep_refuses_to_show_before_every_run_is_recorded():
    sweep = Sweep("epochs", [10, 20])
    sweep.record(10, text="loss 1")
    with pytest.raises(ValueError, match=r"no run for \[20\]"):
        sweep._repr_html_()
    assert "1 of 2 runs recorded" in repr(sweep)


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("", [1, 2]), {}, "non-empty"),
        (("x", [1]), {}, "at least two"),
        (("x", [1, 1]), {}, "distinct"),
        (("x", "ab"), {}, "sequence"),
        (("x", [1, 2]), {"start": 3}, "not one of"),
        (("x", [1, 2]), {"fmt": "{0} {1}"}, "fmt must format one value"),
    ],
)
def test_sweep_refuses_bad_arguments(args, kwargs, error):
    with pytest.raises((ValueError, TypeError), match=error):
        Sweep(*args, **kwargs)


def test_record_refuses_unknown_repeated_and_empty_runs():
    sweep = Sweep("x", [1, 2])
    with pytest.raises(ValueError, match="not one of"):
        sweep.record(3, text="t")
    with pytest.raises(ValueError, match="figure, a text or both"):
        sweep.record(1)
    with pytest.raises(TypeError, match="matplotlib Figure"):
        sweep.record(1, figure="fig.png")
    sweep.record(1, text="t")
    with pytest.raises(ValueError, match="already recorded"):
        sweep.record(1, text="again")
    assert sweep.text(1) == "t" and sweep.recorded == (1,)


def _choice(**kwargs) -> Question:
    options = {"A": "overfit", "B": "too simple", "C": "costs more"}
    why = {"A": "held-out loss rose", "B": "it is more flexible", "C": "more weights"}
    return Question("Why not wider?", options, why=why, **kwargs)


def test_choice_question_checks_answers():
    one = _choice(answer="A")
    assert one.check("A") and not one.check("B") and not one.check(["A", "C"])
    several = _choice(answer=["C", "A"], multiple=True)
    assert several.answer == ("A", "C"), "the key follows the options' order"
    assert several.check(["A", "C"]) and not several.check(["A"])
    assert several.answer_text() == "The answer is A and C."


def test_choice_question_writes_form_controls_and_a_folded_answer():
    markup = _choice(answer=["A", "C"], multiple=True)._repr_html_()
    assert markup.count('type="checkbox"') == 3
    assert "<legend>Why not wider?</legend>" in markup
    for label in "ABC":
        control = re.search(rf'<input[^>]*value="{label}"[^>]*>', markup).group(0)
        uid = re.search(r'id="([^"]+)"', control).group(1)
        assert f'<label for="{uid}">' in markup
    key = re.search(r'data-answer="([^"]+)"', markup).group(1)
    assert json.loads(html.unescape(key)) == ["A", "C"]
    folded = re.search(r"<details>.*</details>", markup).group(0)
    assert "The answer is A and C." in folded
    assert "<b>(A) right.</b> held-out loss rose" in folded
    assert "<b>(B) wrong.</b> it is more flexible" in folded
    assert 'role="status"' in markup
    assert _choice(answer="B")._repr_html_().count('type="radio"') == 3


def test_numeric_question_reads_numbers_from_text():
    dims = Question("[input, output, hidden]?", answer=[1, 1, 10], explanation="e")
    assert dims.check("[1, 1, 10]") and dims.check("1 1 10")
    assert not dims.check("[1, 10, 1]") and not dims.check("1, 1")
    rate = Question("Rate?", answer=0.5, tolerance=0.01, explanation="e")
    assert rate.check("0.505") and not rate.check("0.52") and not rate.check("")
    markup = dims._repr_html_()
    assert 'type="text"' in markup and "The answer is [1, 1, 10]." in markup


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"answer": "D"}, "must name options"),
        ({"answer": ["A", "B"]}, "multiple=True"),
        ({"answer": []}, "must name options"),
    ],
)
def test_choice_question_refuses_a_bad_key(kwargs, error):
    with pytest.raises(ValueError, match=error):
        _choice(**kwargs)


def test_question_needs_a_reason_for_every_option():
    with pytest.raises(ValueError, match="reason for every option"):
        Question("Q?", {"A": "a", "B": "b"}, answer="A", why={"A": "because"})
    with pytest.raises(ValueError, match="explanation"):
        Question("Q?", answer=3)
    with pytest.raises(TypeError, match="number or a list"):
        Question("Q?", answer="three", explanation="e")
