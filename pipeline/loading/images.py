"""Image checks: inside the edition folder, a real image, not absurdly large."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from .paths import confined
from .problems import Problems

MAX_PIXELS = 40_000_000  # 40 megapixels: far more than a printed A4 page needs at 300 ppi


def check_image_path(root: Path, src: str, file: Path, line: int | None,
                     problems: Problems) -> Path | None:
    path = confined(root, src, file, line, problems, "image path")
    if path is None:
        return None
    if not path.is_file():
        problems.add(file, f"image {src!r} not found", line)
        return None
    try:
        with Image.open(path) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                problems.add(file, f"image {src!r} is {width}x{height} pixels, more than "
                             f"{MAX_PIXELS // 1_000_000} megapixels", line)
                return None
            img.verify()
    except Image.DecompressionBombError as exc:  # Pillow refuses to open it at all
        problems.add(file, f"image {src!r} is far more than {MAX_PIXELS // 1_000_000} megapixels "
                     f"(a decompression bomb? {exc})", line)
        return None
    except (OSError, SyntaxError, ValueError) as exc:
        problems.add(file, f"image {src!r} is not a readable image ({exc.__class__.__name__})", line)
        return None
    return path
