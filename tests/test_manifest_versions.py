"""The manifest's code fingerprint follows the installed versions of the libraries that shape
an output, however they were installed: a ``.dist-info`` folder (pip's wheels) or an
``.egg-info`` one (setuptools' older installs and ``setup.py develop``)."""
from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest

from pipeline import manifest


def _egg_info(site: Path, name: str, version: str) -> None:
    folder = site / f"{name}-{version}-py3.11.egg-info"
    folder.mkdir(parents=True)
    (folder / "PKG-INFO").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
                                     encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site folder searched before every other one, and a fingerprint computed afresh."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.setattr(sys, "path", [str(folder), *sys.path])
    monkeypatch.setattr(manifest, "_code", None)
    return folder


def test_versions_are_the_installed_ones() -> None:
    versions = manifest.library_versions()
    assert set(versions) == set(manifest.LIBRARIES)
    assert versions["reportlab"] == importlib.metadata.version("reportlab")
    assert versions["pikepdf"] == importlib.metadata.version("pikepdf")
    assert all(v != "-" for v in versions.values()), versions  # all are dependencies


def test_an_upgraded_egg_info_library_makes_outputs_stale(site: Path) -> None:
    _egg_info(site, "reportlab", "5.0.0")
    assert manifest.library_versions()["reportlab"] == "5.0.0"
    before = manifest.code_fingerprint()
    # the upgrade: the installer replaces the old record with the new one
    for old in site.glob("reportlab-*.egg-info"):
        for f in old.iterdir():
            f.unlink()
        old.rmdir()
    _egg_info(site, "reportlab", "5.0.1")
    manifest._code = None  # a new build process
    assert manifest.library_versions()["reportlab"] == "5.0.1"
    assert manifest.code_fingerprint() != before


def test_a_missing_library_is_named_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(manifest, "LIBRARIES", (*manifest.LIBRARIES, "no-such-library-xyz"))
    assert manifest.library_versions()["no-such-library-xyz"] == "-"


def test_versions_read_from_folder_names_agree_with_importlib_metadata() -> None:
    """The fast reading (installation records' folder names) gives what importlib.metadata
    gives, for every library."""
    assert manifest.library_versions() == {lib: manifest._metadata_version(lib)
                                           for lib in manifest.LIBRARIES}


def test_a_record_without_a_version_in_its_name_is_asked_of_importlib_metadata(site: Path) -> None:
    # setup.py develop writes NAME.egg-info: the folder name has no version, its PKG-INFO has
    folder = site / "reportlab.egg-info"
    folder.mkdir()
    (folder / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: reportlab\nVersion: 9.9.9\n",
                                     encoding="utf-8")
    assert manifest.library_versions()["reportlab"] == "9.9.9"
