"""carelab/lib holds pure domain code: every module imports with Django absent."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import carelab.lib

LIB = Path(carelab.lib.__file__).parent


def lib_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages([str(LIB)], prefix="carelab.lib.") if ".tests" not in info.name
    )


def test_every_lib_module_imports_without_django():
    modules = lib_modules()
    assert "carelab.lib.markdown" in modules and "carelab.lib.expressions" in modules
    program = "import sys; sys.modules['django'] = None\n" + "".join(f"import {name}\n" for name in modules)
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
