"""The tools that hold the lessons to their budget and to their seeds."""

import sys
import textwrap
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))

import reading_time  # noqa: E402
import reseed  # noqa: E402


@pytest.mark.parametrize(
    ("line", "shifted", "count"),
    [
        ("net = Net(seed=1)", "net = Net(seed=101)", 1),
        ("SEED = 3", "SEED = 103", 1),
        ("def f(seed: int = 1): ...", "def f(seed: int = 101): ...", 1),
        ("x = f(data_seed=2, seed=seed)", "x = f(data_seed=102, seed=seed)", 1),
        ("rng = np.random.default_rng(2012)", "rng = np.random.default_rng(2112)", 1),
        ("torch.manual_seed(0)", "torch.manual_seed(100)", 1),
        ("seeds = range(1, 11)", "seeds = range(101, 111)", 2),
        ("for seed in range(10):", "for seed in range(100, 110):", 2),
        ("seeds = (1, 2, 3)", "seeds = (101, 102, 103)", 3),
        ("for seed in [4, 5]:", "for seed in [104, 105]:", 2),
        # not seed literals: comparisons, names, other numbers
        ("if seed == 1: ...", "if seed == 1: ...", 0),
        ("for seed in seeds: fit(epochs=200)", "for seed in seeds: fit(epochs=200)", 0),
        ("noisy(seed=base + i)", "noisy(seed=base + i)", 0),
    ],
)
def test_shift_seeds_shifts_every_seed_literal_form(line, shifted, count):
    assert reseed.shift_seeds(line, 100) == (shifted, count)


@pytest.mark.parametrize("offset", [0, -3, 1.5, True, "1"])
def test_shift_seeds_refuses_a_bad_offset(offset):
    with pytest.raises(ValueError, match="offset must be a positive integer"):
        reseed.shift_seeds("seed=1", offset)


def test_reseed_reports_the_guard_that_flips(tmp_path, capsys):
    # a "lesson" whose claim holds for its own seed only
    script = tmp_path / "plot_toy.py"
    script.write_text(
        textwrap.dedent(
            """
            SEED = 7
            assert SEED % 7 == 0, "toy: 'the seed is a multiple of 7' broke"
            """
        )
    )
    assert reseed.main([str(script), "--offsets", "7"]) == 0
    assert reseed.main([str(script), "--offsets", "1", "14"]) == 1
    out = capsys.readouterr().out
    assert "FAIL plot_toy.py +1" in out
    assert "'the seed is a multiple of 7' broke" in out
    assert "ok   plot_toy.py +14" in out


NOTEBOOK = """---
file_format: mystnb
---
# A page

```{code-cell} ipython3
:tags: [remove-cell]
import random
```

Prose with a ``` fence example in words.

```{code-cell} ipython3
---
tags: [hide-input]
---
rng = random.Random(5)
```

```{code-cell} ipython3
:tags: [remove-cell, guard]
assert rng.randrange(7) != {bad}, "'the draw is never {bad}' broke"
```
"""


def test_reseed_runs_a_myst_notebook_with_its_removed_cells(tmp_path, capsys):
    page = tmp_path / "ex_toy.md"
    first = __import__("random").Random(5).randrange(7)
    page.write_text(NOTEBOOK.replace("{bad}", str(first)))
    source = reseed.script_source(page)
    assert source.splitlines() == [
        "import random",
        "",
        "rng = random.Random(5)",
        "",
        f"assert rng.randrange(7) != {first}, \"'the draw is never {first}' broke\"",
    ]
    assert reseed.main([str(page), "--offsets", "0"]) == 1
    assert f"'the draw is never {first}' broke" in capsys.readouterr().out
    page.write_text("# no cells\n")
    with pytest.raises(ValueError, match="no code cells"):
        reseed.script_source(page)


PAGE = """
<html><body><article class="bd-article">
<h1>15.9 A lesson<a class="headerlink" href="#">#</a></h1>
<p>One two three four five six seven eight nine ten.</p>
<div class="tip nnreg-run admonition"><p>Run it with many many words here</p>
<div class="highlight-bash"><pre>pip install x</pre></div></div>
<div class="highlight-Python notranslate"><div class="highlight"><pre>
x = 1

assert x == 1
print(x)
</pre></div></div>
<div class="sphx-glr-script-out highlight-none"><pre>
{wide}
</pre></div>
<img src="a.png"><img src="b.gif"><img src="c.GIF">
<p class="sphx-glr-timing">Total running time: 1 s</p>
</article></body></html>
"""


def test_measure_counts_what_the_reader_reads():
    page = reading_time.measure(PAGE.format(wide="y" * 80), "plot_15_9.html")
    # heading and paragraph, not the run box, anchors or timing
    assert page.words == 3 + 10
    assert (page.code_lines, page.longest_block, page.asserts) == (3, 3, 1)
    assert (page.figures, page.animations, page.widest_output) == (1, 2, 80)
    seconds = 13 / 200 * 60 + 3 * 5 + 20 + 2 * 30
    assert page.minutes == pytest.approx(seconds / 60)
    assert page.over_budget() == [
        "1 visible assert(s)",
        "output line of 80 characters",
    ]


def _exploration_page() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnreg.explore import Question, Sweep

    sweep = Sweep("width", [5, 50, 500])
    for width in sweep.values:
        fig, ax = plt.subplots(figsize=(2, 1))
        sweep.record(width, fig, f"width {width}\nloss {1 / width:.3f}")
    question = Question(
        "Which one two?",
        {"A": "three four", "B": "five"},
        answer="A",
        why={"A": "six seven", "B": "eight"},
    )
    output = '<div class="cell_output">{}</div>'
    return (
        '<html><body><article class="bd-article"><p>One word.</p>'
        + output.format(sweep._repr_html_())
        + output.format(question._repr_html_())
        + "</article></body></html>"
    )


def test_measure_counts_an_exploration_once_and_a_question_as_prose():
    page = reading_time.measure(_exploration_page(), "ex_15_9.html")
    # the first run's figure only; the question's legend, hint, options and
    # reasons, not its folded answer or its script
    assert (page.figures, page.code_lines, page.asserts) == (1, 0, 0)
    assert page.words == 2 + len(
        "Which one two? Pick one. (A) three four six seven (B) five eight".split()
    )
    assert page.widest_output == len("loss 0.200")


def test_check_fails_a_lesson_over_budget(tmp_path, capsys):
    site = tmp_path / "html"
    (site / "auto_examples").mkdir(parents=True)
    (site / "exercises").mkdir()
    lesson = site / "auto_examples" / "plot_15_9.html"
    lesson.write_text(PAGE.format(wide="y" * 70).replace("assert x == 1", "y = 2"))
    assert reading_time.main(["--check", str(site)]) == 0
    long_block = "\n".join(f"a{i} = {i}" for i in range(41))
    lesson.write_text(PAGE.format(wide="").replace("x = 1", long_block))
    assert reading_time.main(["--check", str(site)]) == 1
    assert "code block of 43 lines" in capsys.readouterr().out


def test_check_refuses_a_folder_with_no_pages(tmp_path):
    with pytest.raises(SystemExit):
        reading_time.main([str(tmp_path)])
