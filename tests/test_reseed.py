"""Every lesson's and exercise page's conclusions survive other seeds.

Each lesson, and each exercise page (its code cells run as one script),
runs again with every seed literal shifted by three offsets
(``tools/reseed.py``). A lesson's hidden guards name the sentence they
protect, so a failure here says which claim flipped. Slow (several times
the lessons' own run time): ``nox -s reseed`` runs it, the default test
session leaves it out.
"""

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import reseed  # noqa: E402

SCRIPTS = sorted((ROOT / "gallery").glob("plot_*.py"))
EXERCISES = sorted((ROOT / "docs" / "exercises").glob("ex_*.md"))

pytestmark = pytest.mark.reseed


@pytest.mark.parametrize(
    "script", SCRIPTS + EXERCISES, ids=[s.stem for s in SCRIPTS + EXERCISES]
)
def test_page_holds_for_shifted_seeds(script):
    source = reseed.script_source(script)
    if script.suffix == ".md" and reseed.shift_seeds(source, 1)[1] == 0:
        pytest.skip(f"{script.name} has no random run")
    # two runs at once: one per core, each with one torch thread
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda o: reseed.run_shifted(script, o), reseed.OFFSETS))
    assert runs[0].shifted > 0, f"{script.name} has no seed literal to shift"
    failed = [f"+{r.offset}: {r.error}" for r in runs if not r.ok]
    assert not failed, f"{script.name} with shifted seeds:\n" + "\n".join(failed)
