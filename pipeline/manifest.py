"""The build manifest: what each output was made from, so unchanged outputs are skipped.

``output/.build-manifest.json`` records, for every output, the hash of each input file
(edition.yaml, the Markdown of its languages, the images they use, the fonts), the
settings that shape it (variant, profile, SOURCE_DATE_EPOCH) and a fingerprint of the
code that made it (the pipeline's own files and the versions of the libraries it uses).
An output is fresh when all of these are unchanged and the PDF on disk is the one the
manifest recorded.

The check needs no layout code and, when an edition's outputs are all fresh, not even
its Markdown parsed: the manifest lists the files to hash. A file whose size and
modification time match the manifest is taken as unchanged without rehashing it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomically

MANIFEST_NAME = ".build-manifest.json"
FORMAT = 1
# The libraries that shape an output: layout, PDF writing, hyphenation, Markdown and YAML
# parsing, localised dates, images and colour conversion, the font coverage check.
LIBRARIES = ("reportlab", "pikepdf", "pyphen", "markdown-it-py", "mdit-py-plugins", "Babel",
             "pillow", "PyYAML", "numpy", "fonttools")
_PACKAGE = Path(__file__).resolve().parent


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, known: FileState | None = None) -> FileState:
        st = path.stat()
        if known is not None and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
            return known
        return cls(st.st_size, st.st_mtime_ns, sha256_file(path))

    def to_json(self) -> list:
        return [self.size, self.mtime_ns, self.sha256]

    @classmethod
    def from_json(cls, value: list) -> FileState:
        size, mtime_ns, digest = value
        return cls(int(size), int(mtime_ns), str(digest))


_code: str | None = None


def code_fingerprint() -> str:
    """Hash of the pipeline's own files (code, message catalogues) and library versions."""
    global _code
    if _code is None:
        h = hashlib.sha256()
        for path in sorted(_PACKAGE.rglob("*")):
            if path.suffix in (".py", ".po", ".icc") and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
                h.update(path.read_bytes())
        for lib, version in library_versions().items():
            h.update(f"{lib}={version}\0".encode())
        _code = h.hexdigest()
    return _code


def library_versions() -> dict[str, str]:
    """The installed version of each of LIBRARIES ('-' if it is not installed), as
    importlib.metadata would give it: the first installation record on ``sys.path``,
    a ``.dist-info`` or an ``.egg-info`` alike, so that an upgrade makes every output
    stale however the library was installed.

    The records' folder names carry name and version (``reportlab-4.2.0.dist-info``,
    ``reportlab-4.2.0-py3.11.egg-info``): reading the folders on ``sys.path`` takes under
    a millisecond, where importing importlib.metadata and asking it takes about 30 ms of
    every build. A library no folder name gives (an ``.egg-info`` without a version in
    its name, a zipped egg) is asked of importlib.metadata."""
    wanted = {_normal(lib): lib for lib in LIBRARIES}
    versions: dict[str, str | None] = {}  # None: the first record's name has no version
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if kind not in ("dist-info", "egg-info") or not dot:
                continue
            project, _, rest = stem.partition("-")
            lib = wanted.get(_normal(project))
            if lib is not None and lib not in versions:
                versions[lib] = rest.partition("-")[0] or None
        if len(versions) == len(wanted):
            break
    return {lib: versions.get(lib) or _metadata_version(lib) for lib in LIBRARIES}


def _normal(name: str) -> str:
    """A project name as installers spell it in folder names (PEP 503, '_' for the runs)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata_version(lib: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(lib)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _still_inside(inputs: dict[str, FileState], edition: str) -> bool:
    """Whether every recorded input in the edition folder still resolves inside it: an
    unchanged file replaced by a link to one outside (same bytes) is not fresh, so the
    sources are loaded and the link is refused as the loader refuses it."""
    if not edition:
        return True
    root = os.path.realpath(edition) + os.sep
    return all(os.path.realpath(path).startswith(root) for path in inputs
               if path.startswith(edition.rstrip(os.sep) + os.sep))


@dataclass
class Entry:
    """What one output was built from."""
    settings: dict[str, str]
    inputs: dict[str, FileState]
    output: FileState
    pages: int
    code: str

    def to_json(self) -> dict:
        return {"settings": self.settings, "code": self.code, "pages": self.pages,
                "output": self.output.to_json(),
                "inputs": {p: s.to_json() for p, s in sorted(self.inputs.items())}}

    @classmethod
    def from_json(cls, value: dict) -> Entry:
        return cls(settings=dict(value["settings"]), code=str(value["code"]),
                   pages=int(value["pages"]), output=FileState.from_json(value["output"]),
                   inputs={p: FileState.from_json(s) for p, s in value["inputs"].items()})


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)  # output file name -> entry
    editions: dict[str, list[str]] = field(default_factory=dict)  # edition key -> output names
    problem: str | None = None  # why an existing manifest could not be used

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST_NAME
        manifest = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError(f"not a build manifest of format {FORMAT}")
            manifest.entries = {str(k): Entry.from_json(v) for k, v in data["outputs"].items()}
            manifest.editions = {str(k): [str(n) for n in v] for k, v in data["editions"].items()}
        except FileNotFoundError:
            return cls(path)  # the first build in this folder
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # a manifest of any other shape: everything is stale, and rebuilt
            reason = exc.strerror if isinstance(exc, OSError) else (
                str(exc) if isinstance(exc, ValueError) else "not a build manifest")
            return cls(path, problem=f"{path}: cannot be used ({reason}); every output is rebuilt")
        return manifest

    def save(self) -> None:
        data = {"format": FORMAT,
                "editions": dict(sorted(self.editions.items())),
                "outputs": {k: v.to_json() for k, v in sorted(self.entries.items())}}
        write_atomically(self.path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())

    def is_fresh(self, name: str, settings: dict[str, str],
                 inputs: dict[str, FileState] | None = None) -> bool:
        """Whether output ``name`` is up to date.

        ``inputs``: the snapshot of the input files the loaded sources name (see
        ``snapshot``); None to check the files recorded in the manifest instead (valid
        while edition.yaml, which lists the reportages, and the Markdown, which names the
        images, are unchanged: they are among those files)."""
        entry = self.entries.get(name)
        if entry is None or entry.settings != settings or entry.code != code_fingerprint():
            return False
        try:
            if inputs is None:
                unchanged = _still_inside(entry.inputs, settings.get("edition", "")) and all(
                    FileState.of(Path(path), state).sha256 == state.sha256
                    for path, state in entry.inputs.items())
            else:
                unchanged = inputs.keys() == entry.inputs.keys() and all(
                    inputs[path].sha256 == state.sha256 for path, state in entry.inputs.items())
            target = self.path.parent / name
            return unchanged and FileState.of(target, entry.output).sha256 == entry.output.sha256
        except OSError:
            return False

    def snapshot(self, name: str, inputs: list[Path]) -> dict[str, FileState]:
        """The state of ``inputs`` now; take it before building, record it after."""
        entry = self.entries.get(name)
        known = entry.inputs if entry else {}
        return {str(p): FileState.of(p, known.get(str(p))) for p in inputs}

    def record(self, name: str, settings: dict[str, str], inputs: dict[str, FileState],
               pages: int) -> None:
        self.entries[name] = Entry(settings=settings, code=code_fingerprint(), pages=pages,
                                   inputs=dict(inputs),
                                   output=FileState.of(self.path.parent / name))
