"""Explorations and questions a learner works in the page.

Two small objects that render themselves as HTML (``_repr_html_``), so that
sphinx-gallery, myst-nb and Jupyter all show them without a plugin:

- :class:`Sweep` -- the runs of one experiment over a range of values, shown
  one at a time behind a slider (a native ``<input type="range">``). Moving
  it swaps the figure *and* the numbers printed for that run. Every run is
  done by the build; the page needs no server.
- :class:`Question` -- a multiple-choice or numeric question with a
  *Check* button that says right or wrong and, for each option, why.

The HTML is self-contained: the images are inlined as PNG, and a few lines
of JavaScript and CSS travel with each object, so a downloaded notebook
works offline as the site does. Without JavaScript every run of a sweep is
shown one below the other, and a question's answer stays readable, folded
in a ``<details>`` element.

Examples
--------
>>> import matplotlib.pyplot as plt
>>> sweep = Sweep("width", [5, 50])
>>> for width in sweep.values:
...     fig, ax = plt.subplots()
...     _ = ax.plot([0, 1], [0, width])
...     sweep.record(width, fig, f"width {width}: slope {width}")
>>> sweep
Sweep('width', [5, 50], 2 of 2 runs recorded)
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Question", "Sweep"]

# Shared by every sweep and question of a page: each output carries it, and
# it runs once (a second copy finds the flag and only binds new elements).
_SCRIPT = r"""
(function () {
  "use strict";
  function sweep(root) {
    if (root.dataset.nnregReady) return;
    root.dataset.nnregReady = "1";
    var input = root.querySelector("input[type=range]");
    var out = root.querySelector("output");
    var steps = root.querySelectorAll(".nnreg-sweep-step");
    function show() {
      var i = Number(input.value);
      for (var k = 0; k < steps.length; k++) steps[k].hidden = k !== i;
      out.textContent = steps[i].dataset.shown;
      input.setAttribute("aria-valuetext", steps[i].dataset.label);
    }
    input.addEventListener("input", show);
    root.querySelector(".nnreg-sweep-control").hidden = false;
    root.classList.add("nnreg-js");
    show();
  }
  function numbers(text) {
    var found = text.match(/[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/gi);
    return found ? found.map(Number) : [];
  }
  function question(root) {
    if (root.dataset.nnregReady) return;
    root.dataset.nnregReady = "1";
    var button = root.querySelector(".nnreg-quiz-check");
    var verdict = root.querySelector(".nnreg-quiz-verdict");
    var answer = JSON.parse(root.dataset.answer);
    button.hidden = false;
    button.addEventListener("click", function () {
      var right;
      if (root.dataset.kind === "number") {
        var got = numbers(root.querySelector("input").value);
        var tol = Number(root.dataset.tolerance);
        if (!got.length) {
          verdict.textContent = "Type a number first.";
          return;
        }
        right = got.length === answer.length && got.every(function (g, i) {
          return Math.abs(g - answer[i]) <= tol;
        });
      } else {
        var picked = [];
        root.querySelectorAll("input:checked").forEach(function (el) {
          picked.push(el.value);
        });
        if (!picked.length) {
          verdict.textContent = "Pick an option first.";
          return;
        }
        right = picked.length === answer.length && picked.every(function (p) {
          return answer.indexOf(p) >= 0;
        });
        root.querySelectorAll(".nnreg-quiz-option").forEach(function (opt) {
          var box = opt.querySelector("input");
          var mark = opt.querySelector(".nnreg-quiz-mark");
          var ok = (answer.indexOf(box.value) >= 0) === box.checked;
          var good = answer.indexOf(box.value) >= 0;
          mark.textContent = box.checked ?
            (good ? "\u2713 Right to pick. " : "\u2717 Not this one. ") :
            (good ? "\u2717 You left out a right one. " :
                    "\u2713 Right to leave out. ");
          opt.querySelector(".nnreg-quiz-why").hidden = false;
          opt.dataset.verdict = ok ? "right" : "wrong";
        });
      }
      var why = root.querySelector(".nnreg-quiz-explain");
      if (why) why.hidden = false;
      root.dataset.verdict = right ? "right" : "wrong";
      verdict.textContent = right ?
        "Right. " + root.dataset.rightText :
        "Not quite. " + root.dataset.rightText;
    });
  }
  function all() {
    document.querySelectorAll(".nnreg-sweep").forEach(sweep);
    document.querySelectorAll(".nnreg-quiz").forEach(question);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", all);
  } else {
    all();
  }
})();
"""

# Colours come from the site theme's variables (pydata-sphinx-theme), so the
# controls follow light and dark mode; the fallbacks serve Jupyter.
_STYLE = """
/* The theme shows notebook HTML output on a light card in dark mode; these
   controls follow the theme instead (body and div outweigh the theme's
   rule, whose :not(:has(table.dataframe)) counts a class and an element). */
html[data-theme=dark] body .bd-content div.cell_output
  div.text_html:has(> .nnreg-sweep, > .nnreg-quiz) {
  background-color: transparent; color: inherit; padding: 0;
}
.nnreg-sweep, .nnreg-quiz {
  border: 1px solid var(--pst-color-border, #8888);
  border-radius: 0.4em; padding: 0.6em 0.9em; margin: 0.8em 0;
}
.nnreg-sweep-control { display: flex; gap: 0.8em; align-items: center;
  flex-wrap: wrap; }
.nnreg-sweep-control input { flex: 1 1 12em; max-width: 28em;
  accent-color: var(--pst-color-primary, auto); }
.nnreg-sweep-control output { font-weight: bold; min-width: 4em; }
.nnreg-sweep.nnreg-js .nnreg-sweep-caption { display: none; }
.nnreg-sweep img { max-width: 100%; height: auto; background: #fff; }
.nnreg-sweep pre { white-space: pre-wrap; margin: 0.4em 0 0 0; }
.nnreg-quiz fieldset { border: 0; padding: 0; margin: 0; }
.nnreg-quiz legend { font-weight: bold; font-size: 1rem; padding: 0;
  margin-bottom: 0.4em; }
.nnreg-quiz-option { margin: 0.3em 0; display: grid;
  grid-template-columns: auto 1fr; column-gap: 0.5em; align-items: baseline; }
.nnreg-quiz-option input { margin: 0; }
.nnreg-quiz-option .nnreg-quiz-why { grid-column: 2; }
.nnreg-quiz-option[data-verdict=right] { border-left: 4px solid
  var(--pst-color-success, green); padding-left: 0.5em; }
.nnreg-quiz-option[data-verdict=wrong] { border-left: 4px dashed
  var(--pst-color-danger, red); padding-left: 0.5em; }
.nnreg-quiz-why { margin: 0.2em 0 0 0; }
.nnreg-quiz-check { margin: 0.5em 0; padding: 0.2em 1em;
  border: 1px solid currentColor; border-radius: 0.3em;
  background: transparent; color: inherit; font: inherit; cursor: pointer; }
.nnreg-quiz-verdict { font-weight: bold; }
.nnreg-quiz input[type=text] { font: inherit; color: inherit;
  background: transparent; border: 1px solid currentColor;
  border-radius: 0.2em; padding: 0.1em 0.4em; }
"""


def _assets() -> str:
    return f"<style>{_STYLE}</style><script>{_SCRIPT}</script>"


def _uid(kind: str, *parts: object) -> str:
    # Stable across builds (a merged site must equal a single build), and
    # distinct for distinct content.
    digest = hashlib.sha1(repr((kind, parts)).encode()).hexdigest()[:10]
    return f"nnreg-{kind}-{digest}"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class _Run:
    png: str  # base64
    text: str
    alt: str


class Sweep:
    """The runs of one experiment over several values, behind a slider.

    Parameters
    ----------
    name : str
        What the slider changes, as the learner should read it
        (``"GP metric"``, ``"hidden units"``).
    values : sequence
        The values, in slider order. At least two, all distinct.
    start : object, optional
        The value shown first; default the first value.
    fmt : str, optional
        How a value is written next to the slider, a :meth:`str.format`
        pattern with one field; default ``"{}"``.

    Notes
    -----
    Call :meth:`record` once per value, with that run's figure and printed
    numbers; then let the object be the last expression of a cell. The
    figure is closed once stored, so the page shows it only behind the
    slider.
    """

    def __init__(
        self,
        name: str,
        values: Sequence[object],
        *,
        start: object = None,
        fmt: str = "{}",
    ) -> None:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise TypeError(
                f"values must be a sequence such as a list, got {type(values).__name__}"
            )
        values = tuple(values)
        if len(values) < 2:
            raise ValueError(f"a sweep needs at least two values, got {list(values)}")
        if len(set(values)) != len(values):
            raise ValueError(f"the values must be distinct, got {list(values)}")
        try:
            fmt.format(values[0])
        except (IndexError, KeyError, ValueError) as err:
            raise ValueError(
                f"fmt must format one value, like '{{:g}}', got {fmt!r}: {err}"
            ) from None
        if start is not None and start not in values:
            raise ValueError(f"start {start!r} is not one of the values {list(values)}")
        self.name = name
        self.values = values
        self.fmt = fmt
        self.start = values[0] if start is None else start
        self._runs: dict[object, _Run] = {}

    def label(self, value: object) -> str:
        """How ``value`` is written next to the slider: ``"name = value"``."""
        return f"{self.name} = {self.fmt.format(value)}"

    def record(
        self,
        value: object,
        figure: object = None,
        text: str = "",
        *,
        alt: str | None = None,
        dpi: float = 80,
    ) -> None:
        """Store the run for ``value``: its figure and its printed numbers.

        Parameters
        ----------
        value : object
            One of :attr:`values`, not recorded before.
        figure : matplotlib.figure.Figure, optional
            The run's figure. It is saved as PNG and closed.
        text : str, optional
            The numbers printed for this run, shown under the figure.
        alt : str, optional
            The figure's text alternative; default says which run it is.
        dpi : float, optional
            Resolution of the stored PNG (80 keeps a page light).
        """
        if value not in self.values:
            raise ValueError(
                f"{value!r} is not one of this sweep's values {list(self.values)}"
            )
        if value in self._runs:
            raise ValueError(f"the run for {self.label(value)} is already recorded")
        if figure is None and not text:
            raise ValueError("record needs a figure, a text or both")
        if not isinstance(text, str):
            raise TypeError(f"text must be a string, got {type(text).__name__}")
        png = ""
        if figure is not None:
            if not hasattr(figure, "savefig"):
                raise TypeError(
                    f"figure must be a matplotlib Figure, got {type(figure).__name__}"
                )
            import matplotlib.pyplot as plt

            buf = io.BytesIO()
            figure.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
            plt.close(figure)
            png = base64.b64encode(buf.getvalue()).decode("ascii")
        alt = alt if alt is not None else f"The run with {self.label(value)}"
        self._runs[value] = _Run(png=png, text=text, alt=alt)

    @property
    def recorded(self) -> tuple[object, ...]:
        """The values whose run is recorded, in slider order."""
        return tuple(v for v in self.values if v in self._runs)

    def text(self, value: object) -> str:
        """The numbers printed for ``value``'s run."""
        if value not in self._runs:
            raise KeyError(f"no run recorded for {value!r}")
        return self._runs[value].text

    def __repr__(self) -> str:
        return (
            f"Sweep({self.name!r}, {list(self.values)}, "
            f"{len(self._runs)} of {len(self.values)} runs recorded)"
        )

    def _repr_html_(self) -> str:
        missing = [v for v in self.values if v not in self._runs]
        if missing:
            raise ValueError(
                f"sweep {self.name!r} has no run for {missing}: call record() "
                "for every value before showing it"
            )
        runs = [self._runs[v] for v in self.values]
        uid = _uid("sweep", self.name, self.values, [r.png + r.text for r in runs])
        first = self.values.index(self.start)
        steps = []
        for i, (value, run) in enumerate(zip(self.values, runs, strict=True)):
            label = _esc(self.label(value))
            parts = [f'<p class="nnreg-sweep-caption">{label}</p>']
            if run.png:
                parts.append(
                    f'<img src="data:image/png;base64,{run.png}" alt="{_esc(run.alt)}">'
                )
            if run.text:
                parts.append(f"<pre>{_esc(run.text)}</pre>")
            steps.append(
                f'<div class="nnreg-sweep-step" data-index="{i}" '
                f'data-value="{_esc(value)}" data-label="{label}" '
                f'data-shown="{_esc(self.fmt.format(value))}">'
                + "".join(parts)
                + "</div>"
            )
        label0 = _esc(self.label(self.start))
        control = (
            f'<div class="nnreg-sweep-control" hidden>'
            f'<label for="{uid}-range">{_esc(self.name)}</label>'
            f'<input type="range" id="{uid}-range" min="0" '
            f'max="{len(self.values) - 1}" step="1" value="{first}" '
            f'aria-valuetext="{label0}">'
            f'<output for="{uid}-range">{_esc(self.fmt.format(self.start))}'
            "</output></div>"
        )
        return (
            f'<div class="nnreg-sweep" id="{uid}">'
            + control
            + "".join(steps)
            + _assets()
            + "</div>"
        )


_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?", re.IGNORECASE)


def _numbers(text: str) -> list[float]:
    return [float(m.group(0)) for m in _NUMBER.finditer(text)]


class Question:
    """A question the learner answers in the page, with a check that explains.

    Parameters
    ----------
    prompt : str
        The question, as the form's legend (plain text).
    options : mapping of str to str, optional
        Option label (``"A"``) to option text, in display order. Leave out
        for a numeric question, answered in a text field.
    answer : str, collection of str, number or sequence of numbers
        For a choice question, the right label, or the right labels when
        ``multiple``. For a numeric question, the number, or the numbers
        in order (``[1, 1, 10]``).
    why : mapping of str to str, optional
        For a choice question, one reason for every option, shown after
        the check next to that option: say where on the page the evidence
        is.
    explanation : str, optional
        Shown after the check and in the folded answer.
    multiple : bool, optional
        Checkboxes (pick all that apply) instead of radio buttons.
    tolerance : float, optional
        For a numeric question, how far a typed number may be from the
        answer.

    Examples
    --------
    >>> q = Question(
    ...     "How many hidden layers?", answer=5,
    ...     explanation="Every Linear layer but the last makes one.")
    >>> q.check("5"), q.check("6")
    (True, False)
    """

    def __init__(
        self,
        prompt: str,
        options: Mapping[str, str] | None = None,
        *,
        answer: object,
        why: Mapping[str, str] | None = None,
        explanation: str = "",
        multiple: bool = False,
        tolerance: float = 0.0,
    ) -> None:
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError(f"prompt must be a non-empty string, got {prompt!r}")
        if not isinstance(explanation, str):
            raise TypeError("explanation must be a string")
        self.prompt = prompt
        self.explanation = explanation
        self.multiple = bool(multiple)
        if options is None:
            self.kind = "number"
            if why:
                raise ValueError(
                    "why gives reasons per option; a numeric question has none"
                )
            if multiple:
                raise ValueError("multiple applies to choice questions only")
            numbers = [answer] if isinstance(answer, (int, float)) else answer
            if isinstance(numbers, (str, bytes)) or not isinstance(numbers, Sequence):
                raise TypeError(
                    "a numeric answer must be a number or a list of numbers, "
                    f"got {answer!r}"
                )
            numbers = [float(n) for n in numbers]
            if not numbers or not all(math.isfinite(n) for n in numbers):
                raise ValueError(
                    f"a numeric answer must be finite numbers, got {answer!r}"
                )
            if not tolerance >= 0:
                raise ValueError(f"tolerance must be >= 0, got {tolerance!r}")
            if not explanation:
                raise ValueError("a numeric question needs an explanation")
            self.options: dict[str, str] = {}
            self.answer: tuple = tuple(numbers)
            self.why: dict[str, str] = {}
            self.tolerance = float(tolerance)
            return
        self.kind = "choice"
        self.options = dict(options)
        if len(self.options) < 2:
            raise ValueError(
                f"a choice question needs two options or more, got {options!r}"
            )
        picks = [answer] if isinstance(answer, str) else answer
        if not isinstance(picks, Collection):
            raise TypeError(f"answer must be an option label or labels, got {answer!r}")
        picks = list(picks)
        unknown = [p for p in picks if p not in self.options]
        if not picks or unknown:
            raise ValueError(
                f"answer {answer!r} must name options among {list(self.options)}"
            )
        if not multiple and len(picks) != 1:
            raise ValueError(
                f"answer {answer!r} has {len(picks)} labels; pass multiple=True "
                "for a pick-all-that-apply question"
            )
        why = dict(why or {})
        if set(why) != set(self.options):
            raise ValueError(
                f"why must give a reason for every option {list(self.options)}, "
                f"got {sorted(why)}"
            )
        self.answer = tuple(label for label in self.options if label in picks)
        self.why = why
        self.tolerance = 0.0

    def check(self, response: object) -> bool:
        """Whether ``response`` is right: labels for a choice, text for a number."""
        if self.kind == "number":
            got = _numbers(str(response))
            return len(got) == len(self.answer) and all(
                abs(g - a) <= self.tolerance
                for g, a in zip(got, self.answer, strict=True)
            )
        picks = {response} if isinstance(response, str) else set(response)
        return picks == set(self.answer)

    def answer_text(self) -> str:
        """The answer in words, as the check and the folded answer say it."""
        if self.kind == "number":
            shown = [f"{n:g}" for n in self.answer]
            return (
                "The answer is "
                + (shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]")
                + "."
            )
        labels = list(self.answer)
        joined = (
            labels[0]
            if len(labels) == 1
            else ", ".join(labels[:-1]) + " and " + labels[-1]
        )
        return f"The answer is {joined}."

    def __repr__(self) -> str:
        return f"Question({self.prompt!r}, answer={self.answer!r})"

    def _repr_html_(self) -> str:
        uid = _uid("quiz", self.prompt, self.options, self.answer)
        right = self.answer_text()
        if self.kind == "number":
            answer = json.dumps(list(self.answer))
            body = (
                f'<label for="{uid}-in">Your answer</label> '
                f'<input type="text" id="{uid}-in" inputmode="decimal" '
                'autocomplete="off">'
            )
            folded = f"<p>{_esc(right)}</p>"
        else:
            answer = json.dumps(list(self.answer))
            kind = "checkbox" if self.multiple else "radio"
            rows = []
            items = []
            for label, text in self.options.items():
                oid = f"{uid}-{label}"
                good = label in self.answer
                rows.append(
                    f'<div class="nnreg-quiz-option">'
                    f'<input type="{kind}" id="{oid}" name="{uid}" '
                    f'value="{_esc(label)}"> '
                    f'<label for="{oid}"><b>({_esc(label)})</b> {_esc(text)}</label>'
                    '<p class="nnreg-quiz-why" hidden>'
                    '<span class="nnreg-quiz-mark"></span>'
                    f"{_esc(self.why[label])}</p></div>"
                )
                items.append(
                    f"<li><b>({_esc(label)}) {'right' if good else 'wrong'}.</b> "
                    f"{_esc(self.why[label])}</li>"
                )
            hint = "Pick all that apply." if self.multiple else "Pick one."
            body = f'<p class="nnreg-quiz-hint">{hint}</p>' + "".join(rows)
            folded = f"<p>{_esc(right)}</p><ul>{''.join(items)}</ul>"
        explain = (
            f'<p class="nnreg-quiz-explain" hidden>{_esc(self.explanation)}</p>'
            if self.explanation
            else ""
        )
        extra = f"<p>{_esc(self.explanation)}</p>" if self.explanation else ""
        return (
            f'<div class="nnreg-quiz" id="{uid}" data-kind="{self.kind}" '
            f'data-answer="{_esc(answer)}" data-tolerance="{self.tolerance}" '
            f'data-right-text="{_esc(right)}">'
            f"<fieldset><legend>{_esc(self.prompt)}</legend>{body}</fieldset>"
            f'<button type="button" class="nnreg-quiz-check" hidden>Check</button>'
            f'<p class="nnreg-quiz-verdict" role="status" aria-live="polite"></p>'
            f"{explain}"
            f"<details><summary>Answer</summary>{folded}{extra}</details>"
            + _assets()
            + "</div>"
        )
