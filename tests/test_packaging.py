"""The package as pip installs it: the content travels inside, so it is found wherever
pip puts the package (``--user``, ``--prefix``, ``--target``), from any working folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ("scenarios", "scenes", "schemas", "assets")


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "simulator").rglob("__init__.py")
    }
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"


def _tracked(*folders: str) -> list[str]:
    """The files git tracks (in ``folders``, or all): what a clean checkout holds."""
    return subprocess.run(
        ["git", "ls-files", "-z", *folders], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")[:-1]


def _clean_copy(target: Path) -> Path:
    """The tracked files copied to ``target``, so no build folder of earlier runs is reused."""
    for name in _tracked():
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


@pytest.mark.slow
def test_an_installed_wheel_finds_its_content_outside_the_prefix(tmp_path: Path) -> None:
    """Installed under a prefix the interpreter does not know (as ``pip install --user``
    does), ``validate car_park`` and ``play --text`` work from an unrelated folder."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(_clean_copy(tmp_path / "source"))],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("weerbaar_simulator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    content = {f"simulator/_content/{path}" for path in _tracked(*CONTENT)}
    assert content <= names, f"not in the wheel: {sorted(content - names)[:5]}"
    assert not any(
        name.startswith(("tests/", "docs/", "simulator/_content/tests")) for name in names
    )

    # --ignore-installed: without it pip uninstalls the checkout's editable install from this
    # environment while installing under the prefix, and later tests lose the package.
    prefix = tmp_path / "prefix"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
         "--ignore-installed", "--prefix", str(prefix), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    installed = Path(sysconfig.get_path("purelib", vars={"base": str(prefix)}))
    # A fresh interpreter that sees the installed package and this environment's
    # dependencies, but not the checkout's editable install.
    fresh = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True)
    fresh_python = fresh / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    fresh_site = subprocess.run(
        [fresh_python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    dependencies = sysconfig.get_path("purelib")
    Path(fresh_site, "deps.pth").write_text(f"{installed}\n{dependencies}\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def simulator(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [fresh_python, "-m", "simulator", *arguments],
            cwd=elsewhere, capture_output=True, text=True, timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )  # fmt: skip

    located = subprocess.run(
        [fresh_python, "-c", "import simulator; print(simulator.__file__)"],
        cwd=elsewhere, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert located.startswith(str(installed)), located
    validated = simulator("validate", "car_park")
    assert validated.returncode == 0, validated.stderr
    assert "1 file OK." in validated.stdout
    played = simulator("play", "--text", "--no-record", "--autoplay", "random", "--lang", "en")
    assert played.returncode == 0, played.stderr
