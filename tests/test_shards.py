"""The build in parallel and in shards (docs/_ext/nnreg_parallel.py): a
lesson's own processes start as in a serial build; each shard executes its
share of the pages, balanced by their recorded run times, and a merge of the
shards' packs builds the same site as one build, executing nothing.

The build tests use the small Sphinx project of tests/sphinx_project.py; what
may differ between two builds by nature (running times, the table of them) is
listed there.
"""

import json
import sys
from pathlib import Path

import pytest

EXT_DIR = Path(__file__).resolve().parents[1] / "docs" / "_ext"
# the extension and the test project, as the freshness and scraper tests
# reach them, without a loader of this file's own
sys.path[:0] = [str(EXT_DIR), str(Path(__file__).parent)]

import nnreg_parallel as parallel  # noqa: E402
import sphinx_project as project  # noqa: E402

ALL = ["first", "notebook", "plain", "second"]


def test_shares_are_balanced_by_recorded_times():
    pages = ["a", "b", "c", "d", "e"]
    durations = {"a": 10.0, "b": 6.0, "c": 5.0, "d": 1.0}  # "e": the mean, 5.5
    shares = parallel.assign(pages, durations, 2)
    assert sorted(sum(shares, [])) == pages
    times = parallel.estimate(pages, durations)
    totals = [sum(times[p] for p in share) for share in shares]
    assert shares == [["a", "c"], ["b", "d", "e"]]
    assert max(totals) - min(totals) <= max(times.values())
    # the same records give every machine the same split
    assert parallel.assign(list(reversed(pages)), durations, 2) == shares
    assert parallel.assign(pages, {}, 3) == [["a", "d"], ["b", "e"], ["c"]]
    assert parallel.assign(pages, durations, 1) == [pages]


@pytest.mark.parametrize(("text", "expected"), [("1/2", (1, 2)), (" 3 / 3 ", (3, 3))])
def test_parse_shard(text, expected):
    assert parallel.parse_shard(text) == expected


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", ""])
def test_parse_shard_refuses(text):
    with pytest.raises(ValueError, match="K/N"):
        parallel.parse_shard(text)


def test_jobs_from_env():
    assert parallel.jobs_from_env("3") == 3
    assert parallel.jobs_from_env("auto") == parallel.usable_cores()
    assert parallel.jobs_from_env("") == parallel.usable_cores()
    with pytest.raises(ValueError):
        parallel.jobs_from_env("-1")


@pytest.fixture
def sites(tmp_path):
    for module in ("sphinx", "sphinx_gallery", "myst_nb", "ipykernel", "PIL"):
        pytest.importorskip(module)
    return lambda name: project.Site(tmp_path / name)


def test_two_shards_merged_build_the_same_site_as_one_build(sites, tmp_path):
    single = sites("single")
    assert single.build() == ALL
    want = single.snapshot()
    # what is compared: pages, images and GIFs, downloads (scripts, notebooks)
    names = [Path(k).name for k in want]
    for name in ("plot_1_first.html", "exercise.html", "plot_1_first.ipynb"):
        assert name in names
    assert "sphx_glr_plot_2_second_001.gif" in names
    assert b"value 1" in want["exercise.html"]

    packs = [tmp_path / "pack-1", tmp_path / "pack-2"]
    ran = []
    for i, pack in enumerate(packs, 1):
        shard = sites(f"shard-{i}")  # a machine of its own
        ran.append(shard.tool("execute", "--shard", f"{i}/2", "--pack", str(pack)))
        assert not (shard.html / "index.html").exists()  # executes, writes no site
    # each page ran once, in one shard, and each shard ran some
    assert sorted(ran[0] + ran[1]) == ALL
    assert ran[0] and ran[1]

    merged = sites("merged")
    merged.tool("merge", *map(str, packs))
    # the merged build executes nothing, and builds the same site
    assert merged.build() == []
    assert project.differences(merged.snapshot(), want) == []
    assert merged.build() == []
    # the freshness rule still holds in the merged tree
    merged.edit(merged.package, "VALUE = 1", "VALUE = 2")
    assert merged.build() == ["first", "notebook", "second"]


POOL_LESSON = '''\
"""
Lesson with processes
=====================
"""

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

import fakepkg


def imported(name):
    return name in sys.modules


with ProcessPoolExecutor(2) as pool:
    inherited = list(pool.map(imported, ["fakepkg", "fakepkg"]))
print("start method:", multiprocessing.get_start_method())
print("workers inherit the imports:", all(inherited))
'''


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "parallel"])
def test_a_lesson_starts_its_processes_as_a_serial_build_does(sites, jobs):
    # In a joblib worker the default start method was loky's: this lesson
    # failed in a parallel build only, and 15.6's training processes
    # imported torch again (nnreg_site.before_example).
    import multiprocessing

    site = sites("pool")
    site.jobs = jobs
    (site.gallery / "plot_4_pool.py").write_text(POOL_LESSON, encoding="utf-8")
    site.build()
    page = (site.html / "auto_examples" / "plot_4_pool.html").read_text("utf-8")
    default = multiprocessing.get_context().get_start_method()
    assert f"start method: {default}" in page
    if default == "fork":
        assert "workers inherit the imports: True" in page


def test_merge_refuses_an_incomplete_split(sites, tmp_path):
    shard = sites("shard")
    shard.tool("execute", "--shard", "1/2", "--pack", str(tmp_path / "pack"))
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text())
    assert manifest["shard"] == "1/2"
    merged = sites("merged")
    with pytest.raises(AssertionError, match="not every shard"):
        merged.tool("merge", str(tmp_path / "pack"))


def test_plan_shards_above_the_threshold_only(tmp_path):
    durations = tmp_path / "durations.json"
    durations.write_text(json.dumps({"seconds": {"a": 100.0, "b": 300.0}}))
    # 2 recorded pages and 2 new ones (each the mean, 200 s): 800 s in all
    plan = parallel.plan(durations, 4, threshold=1000, per_shard=300, most=8)
    assert plan["total_seconds"] == 800 and plan["shards"] == 1
    plan = parallel.plan(durations, 4, threshold=600, per_shard=300, most=8)
    assert plan["shards"] == 3  # 800 s in shards of about 300 s
    assert parallel.plan(durations, 4, 600, 100, most=4)["shards"] == 4
    # no records at all: one job
    assert parallel.plan(tmp_path / "none.json", 12, 600, 300, 8)["shards"] == 1
