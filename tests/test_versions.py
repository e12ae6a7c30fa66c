import io
import subprocess
import sys
from pathlib import Path

import pytest

import nnreg
from nnreg import _versions
from nnreg.__main__ import main

REPO = Path(__file__).resolve().parents[1]


def test_build_date_honours_source_date_epoch():
    # 2000-01-01T00:00:00Z, a reproducible build's fixed clock
    assert _versions.build_date({"SOURCE_DATE_EPOCH": "946684800"}) == "2000-01-01"


def test_build_date_rejects_a_malformed_epoch():
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        _versions.build_date({"SOURCE_DATE_EPOCH": "yesterday"})


def test_build_date_without_epoch_is_today_in_utc():
    import datetime as dt

    today = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d")
    assert _versions.build_date({}) == today


def test_git_commit_names_the_checked_out_commit():
    expected = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    if not expected:
        pytest.skip("the tests do not run from a git checkout")
    commit = _versions.git_commit(REPO)
    assert len(commit) == 12 and expected.startswith(commit)


def test_git_commit_outside_git_is_unknown(tmp_path):
    assert _versions.git_commit(tmp_path) == "unknown"


def test_git_commit_checks_its_argument(tmp_path):
    with pytest.raises(TypeError, match="path"):
        _versions.git_commit(3)
    with pytest.raises(ValueError, match="existing folder"):
        _versions.git_commit(tmp_path / "missing")


def test_library_versions_reports_missing_distributions():
    found = _versions.library_versions(("numpy", "no-such-distribution-xyz"))
    assert found["numpy"] == np_version()
    assert found["no-such-distribution-xyz"] == "not installed"
    with pytest.raises(TypeError, match="names"):
        _versions.library_versions("numpy")


def np_version():
    import numpy

    return numpy.__version__


def test_show_versions_prints_the_footer_facts(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    out = io.StringIO()
    _versions.show_versions(file=out)
    lines = dict(line.split(": ", 1) for line in out.getvalue().strip().splitlines())
    lines = {k.strip(): v for k, v in lines.items()}
    assert lines["nnreg"] == nnreg.__version__
    assert lines["date"] == "2000-01-01"
    assert lines["commit"] == _versions.git_commit()
    assert lines["torch"] == _versions.library_versions(("torch",))["torch"]
    with pytest.raises(TypeError, match="file"):
        _versions.show_versions(file=42)


def test_python_m_nnreg_version():
    out = subprocess.run(
        [sys.executable, "-m", "nnreg", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert f"nnreg: {nnreg.__version__}" in out.stdout
    assert "commit: " in out.stdout and "torch: " in out.stdout


def test_main_without_arguments_prints_help(capsys):
    assert main([]) == 0
    assert "--version" in capsys.readouterr().out


def test_version_is_written_once():
    """pyproject.toml reads the version from nnreg.__version__."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert "version" not in project["project"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "nnreg.__version__"


def test_package_is_marked_typed():
    assert (Path(nnreg.__file__).parent / "py.typed").is_file()
