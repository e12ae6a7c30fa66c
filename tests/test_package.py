import subprocess
import sys


def test_import_is_light():
    """``import nnreg`` loads neither a plotting back-end nor george."""
    code = (
        "import sys, nnreg; "
        "heavy = [m for m in ('matplotlib', 'george', 'imageio', 'uproot') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
