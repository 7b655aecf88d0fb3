"""Draw the MedCode Browser icon (an original SVG) and render it to the sizes desktops ask for.

    .venv/bin/python packaging/make_icons.py

Writes, under packaging/icons/ (committed; run again only after changing the drawing):
  org.medcode.MedCodeBrowser.svg                      the scalable icon
  hicolor/NxN/apps/org.medcode.MedCodeBrowser.png     16, 24, 32, 48, 64, 128, 256 px (freedesktop layout)
  medcode.ico                                         Windows (PNG-compressed entries 16-256 px)
  medcode.icns                                        macOS (PNG entries 16-512 px)
Rendering uses Qt's own SVG renderer (QtSvg, part of PySide6-Essentials), offscreen.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

APP_ID = "org.medcode.MedCodeBrowser"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent / "icons"

# A teal rounded tile; a white index card with a code tab and three text lines; a magnifying glass over it.
SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>MedCode Browser</title>
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1c8c8c"/>
      <stop offset="1" stop-color="#11606b"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="48" fill="url(#tile)"/>
  <rect x="44" y="40" width="132" height="164" rx="14" fill="#ffffff"/>
  <rect x="60" y="58" width="64" height="26" rx="6" fill="#e8913a"/>
  <rect x="60" y="100" width="100" height="12" rx="6" fill="#9fb7bd"/>
  <rect x="60" y="124" width="84" height="12" rx="6" fill="#9fb7bd"/>
  <rect x="60" y="148" width="64" height="12" rx="6" fill="#9fb7bd"/>
  <circle cx="164" cy="160" r="38" fill="#ffffff" fill-opacity="0.35" stroke="#0b3d45" stroke-width="14"/>
  <line x1="192" y1="188" x2="222" y2="218" stroke="#0b3d45" stroke-width="20" stroke-linecap="round"/>
</svg>
"""


def render_png(renderer, size: int) -> bytes:  # noqa: ANN001 - a QSvgRenderer
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNGs (supported since Vista); 256 is written as 0 in the directory."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns with PNG entries (the types macOS reads PNG data from)."""
    body = b"".join(ICNS_TYPES[s] + struct.pack(">I", 8 + len(pngs[s])) + pngs[s] for s in sorted(pngs))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    ICONS.mkdir(parents=True, exist_ok=True)
    svg_path = ICONS / f"{APP_ID}.svg"
    svg_path.write_text(SVG, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(SVG.encode("utf-8")))
    if not renderer.isValid():
        print("make_icons: the SVG did not parse", file=sys.stderr)
        return 1
    pngs = {size: render_png(renderer, size) for size in (*SIZES, 512)}
    for size in SIZES:
        path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
    (ICONS / "medcode.ico").write_bytes(ico({s: pngs[s] for s in (16, 24, 32, 48, 64, 128, 256)}))
    (ICONS / "medcode.icns").write_bytes(icns({s: pngs[s] for s in ICNS_TYPES}))
    written = sorted(p.relative_to(ICONS.parent) for p in ICONS.rglob("*") if p.is_file())
    print("\n".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
