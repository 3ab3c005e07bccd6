#!/usr/bin/env python3
"""Draw the sample illustrations for the "Clusterreportagen" edition.

Flat, vector-style editorial illustrations drawn with Pillow primitives only
(gradients, polygons, ellipses, lines). The output is deterministic: every
"random" detail comes from a ``random.Random`` with a fixed seed, and the PNGs
are written without any metadata (no timestamps, no text chunks).

The images deliberately contain no text (text in images is an accessibility
problem). Every image is described by an alt text in the reportage sources;
if you change a drawing here, update the alt texts in
``sources/clusterreportagen/reportages/*.md`` and ``edition.yaml``.

Usage::

    python tools/draw_sample_images.py [output_dir]

The default output directory is ``sources/clusterreportagen/images``.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "sources" / "clusterreportagen" / "images"

# Supersampling factor: draw large, then downscale for smooth edges.
SS = 2
# The scenes are drawn on a 1600 x 1000 (cover 1800 x 1200) grid and saved 1.5 times as
# large, so that the figures (150 mm wide) have 400 ppi and the full-bleed cover (216 mm)
# 317 ppi in the print profile, which asks for at least 300.
OUTPUT_SCALE = 1.5

# --------------------------------------------------------------------------
# Palette (calm, consistent across the edition)
# --------------------------------------------------------------------------
NAVY = (31, 45, 72)
INK = (44, 58, 84)
SLATE = (86, 100, 122)
STEEL = (132, 146, 162)
MIST = (196, 206, 214)
CLOUD = (246, 244, 238)
CREAM = (249, 244, 232)
SAND = (232, 211, 168)
SAND_DARK = (212, 184, 136)
TEAL = (40, 122, 128)
TEAL_LIGHT = (104, 170, 172)
SEA = (70, 140, 160)
SEA_DEEP = (44, 98, 128)
SKY_TOP = (150, 188, 210)
SKY_LOW = (226, 234, 232)
CORAL = (222, 106, 80)
CORAL_DARK = (184, 78, 62)
AMBER = (238, 172, 70)
GOLD = (242, 204, 110)
LEAF = (104, 156, 96)
LEAF_LIGHT = (150, 190, 112)
LEAF_DARK = (58, 104, 74)
FOREST = (44, 84, 66)
WOOD = (170, 118, 74)
WOOD_LIGHT = (206, 160, 108)
WOOD_DARK = (124, 82, 52)
BRICK = (168, 74, 56)
BRICK_DARK = (128, 56, 46)
SANDSTONE = (176, 96, 78)
WHITE = (252, 252, 250)


def mix(c1, c2, t):
    """Linear interpolation between two RGB colours."""
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2, strict=False))


class Canvas:
    """A supersampled drawing surface; coordinates are in final pixels."""

    def __init__(self, w, h, bg=WHITE, oy=0):
        self.w, self.h = w, h
        self.oy = oy  # vertical offset applied to every coordinate
        self.img = Image.new("RGB", (w * SS, h * SS), bg)
        self.d = ImageDraw.Draw(self.img)

    def _pts(self, pts):
        return [(x * SS, (y + self.oy) * SS) for x, y in pts]

    def _box(self, x0, y0, x1, y1):
        return [x0 * SS, (y0 + self.oy) * SS, x1 * SS, (y1 + self.oy) * SS]

    def poly(self, pts, fill, outline=None, width=1):
        self.d.polygon(self._pts(pts), fill=fill)
        if outline is not None:
            pp = list(pts) + [pts[0]]
            self.line(pp, outline, width)

    def rect(self, x0, y0, x1, y1, fill, r=0, outline=None, width=1):
        box = self._box(x0, y0, x1, y1)
        if r:
            self.d.rounded_rectangle(box, radius=r * SS, fill=fill,
                                     outline=outline,
                                     width=int(width * SS) if outline else 0)
        else:
            self.d.rectangle(box, fill=fill, outline=outline,
                             width=int(width * SS) if outline else 0)

    def ellipse(self, cx, cy, rx, ry, fill=None, outline=None, width=1):
        box = self._box(cx - rx, cy - ry, cx + rx, cy + ry)
        self.d.ellipse(box, fill=fill, outline=outline,
                       width=int(width * SS) if outline else 0)

    def circle(self, cx, cy, r, fill=None, outline=None, width=1):
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def line(self, pts, fill, width=1):
        self.d.line(self._pts(pts), fill=fill, width=max(1, int(round(width * SS))),
                    joint="curve")

    def arc(self, cx, cy, rx, ry, start, end, fill, width=1):
        box = self._box(cx - rx, cy - ry, cx + rx, cy + ry)
        self.d.arc(box, start, end, fill=fill, width=max(1, int(round(width * SS))))

    def chord(self, cx, cy, r, start, end, fill):
        self.d.chord(self._box(cx - r, cy - r, cx + r, cy + r), start, end, fill=fill)

    def vgrad(self, x0, y0, x1, y1, top, bottom):
        ya, yb = int((y0 + self.oy) * SS), int((y1 + self.oy) * SS)
        for y in range(ya, yb):
            t = (y - ya) / max(1, (yb - ya - 1))
            self.d.line([(x0 * SS, y), (x1 * SS - 1, y)], fill=mix(top, bottom, t))

    def finish(self):
        return self.img.resize((round(self.w * OUTPUT_SCALE), round(self.h * OUTPUT_SCALE)),
                               Image.LANCZOS)


# --------------------------------------------------------------------------
# Reusable motifs
# --------------------------------------------------------------------------

def hill(cv, x0, x1, base, height, fill, phase=0.0, waves=1.5, steps=80):
    pts = [(x0, base + 400)]
    for i in range(steps + 1):
        x = x0 + (x1 - x0) * i / steps
        y = base - height * (0.55 + 0.45 * math.sin(phase + waves * math.pi * i / steps))
        pts.append((x, y))
    pts.append((x1, base + 400))
    cv.poly(pts, fill)


def cloud(cv, cx, cy, s, fill=CLOUD):
    cv.ellipse(cx, cy, 120 * s, 34 * s, fill)
    cv.ellipse(cx - 50 * s, cy - 20 * s, 56 * s, 40 * s, fill)
    cv.ellipse(cx + 30 * s, cy - 34 * s, 66 * s, 50 * s, fill)
    cv.ellipse(cx + 90 * s, cy - 6 * s, 50 * s, 30 * s, fill)


def wind_turbine(cv, x, base, height, angle, color=WHITE, shade=MIST):
    """A three-bladed wind turbine; `angle` in degrees for the first blade."""
    hub_y = base - height
    bw, tw = height * 0.045, height * 0.022
    cv.poly([(x - bw, base), (x + bw, base), (x + tw, hub_y), (x - tw, hub_y)], color)
    cv.poly([(x + bw * 0.15, base), (x + bw, base), (x + tw, hub_y), (x + tw * 0.1, hub_y)], shade)
    # nacelle
    cv.rect(x - tw * 1.6, hub_y - tw * 1.3, x + tw * 3.6, hub_y + tw * 1.1, color, r=tw * 0.8)
    blade = height * 0.62
    for k in range(3):
        a = math.radians(angle + k * 120)
        dx, dy = math.cos(a), math.sin(a)
        px, py = -dy, dx
        w1, w2 = height * 0.030, height * 0.040
        pts = [
            (x + px * w1, hub_y + py * w1),
            (x + dx * blade * 0.25 + px * w2, hub_y + dy * blade * 0.25 + py * w2),
            (x + dx * blade, hub_y + dy * blade),
            (x - px * w1 * 0.4, hub_y - py * w1 * 0.4),
        ]
        cv.poly(pts, color)
    cv.circle(x, hub_y, tw * 1.5, shade)
    cv.circle(x, hub_y, tw * 1.0, color)


def lattice_pylon(cv, x, base, height, color=SLATE, width=2.2):
    """A steel lattice transmission tower (simplified). Returns arm tip points."""
    half_b, half_t = height * 0.16, height * 0.035
    top = base - height
    left = [(x - half_b + (half_b - half_t) * t, base - height * t) for t in [i / 6 for i in range(7)]]
    right = [(x + half_b - (half_b - half_t) * t, base - height * t) for t in [i / 6 for i in range(7)]]
    cv.line(left, color, width * 1.4)
    cv.line(right, color, width * 1.4)
    for i in range(6):
        cv.line([left[i], right[i + 1]], color, width * 0.8)
        cv.line([right[i], left[i + 1]], color, width * 0.8)
        cv.line([left[i], right[i]], color, width * 0.8)
    # peak
    cv.line([left[6], (x, top - height * 0.08), right[6]], color, width)
    tips = []
    for frac, span in [(0.72, 0.33), (0.88, 0.26)]:
        y = base - height * frac
        cv.line([(x - height * span, y), (x + height * span, y)], color, width * 1.2)
        cv.line([(x - height * span, y), (x - half_t * 2, y - height * 0.06)], color, width * 0.8)
        cv.line([(x + height * span, y), (x + half_t * 2, y - height * 0.06)], color, width * 0.8)
        for s in (-1, 1):
            tx = x + s * height * span * 0.92
            cv.line([(tx, y), (tx, y + height * 0.05)], INK, width * 1.2)
            tips.append((tx, y + height * 0.05))
    return tips


def catenary(cv, p0, p1, sag, color, width=1.6, steps=40):
    pts = []
    for i in range(steps + 1):
        t = i / steps
        x = p0[0] + (p1[0] - p0[0]) * t
        y = p0[1] + (p1[1] - p0[1]) * t + sag * 4 * t * (1 - t)
        pts.append((x, y))
    cv.line(pts, color, width)


def tree_round(cv, x, base, h, crown=LEAF, trunk=WOOD_DARK):
    cv.rect(x - h * 0.05, base - h * 0.45, x + h * 0.05, base, trunk)
    cv.ellipse(x, base - h * 0.66, h * 0.30, h * 0.36, crown)
    cv.ellipse(x - h * 0.10, base - h * 0.72, h * 0.17, h * 0.20, mix(crown, WHITE, 0.15))


def tree_poplar(cv, x, base, h, crown=LEAF_DARK, trunk=WOOD_DARK):
    cv.rect(x - h * 0.03, base - h * 0.2, x + h * 0.03, base, trunk)
    cv.ellipse(x, base - h * 0.58, h * 0.12, h * 0.44, crown)


def house(cv, x, base, w, h, wall, roof, roof_h=None, windows=None, win_color=CREAM):
    roof_h = roof_h if roof_h is not None else w * 0.45
    cv.rect(x, base - h, x + w, base, wall)
    cv.poly([(x - w * 0.06, base - h), (x + w / 2, base - h - roof_h), (x + w * 1.06, base - h)], roof)
    if windows:
        cols, rows = windows
        ww, wh = w / (cols * 2 + 1), h / (rows * 2 + 1.4)
        for r in range(rows):
            for c in range(cols):
                wx = x + ww * (1 + 2 * c)
                wy = base - h + wh * (1 + 2 * r)
                cv.rect(wx, wy, wx + ww, wy + wh, win_color)


def tank(cv, x, base, w, h, body=MIST, shade=STEEL, top=CLOUD):
    """Vertical cylindrical tank."""
    ry = w * 0.12
    cv.rect(x, base - h, x + w, base, body)
    cv.rect(x + w * 0.68, base - h, x + w, base, shade)
    cv.ellipse(x + w / 2, base, w / 2, ry, shade)
    cv.ellipse(x + w / 2, base - h, w / 2, ry, top)
    for k in range(1, 4):
        y = base - h * k / 4
        cv.arc(x + w / 2, y, w / 2, ry, 0, 180, mix(shade, INK, 0.25), 1.5)


def erlenmeyer(cv, cx, base, w, h, liquid, glass=WHITE, edge=STEEL, fill_frac=0.45):
    neck_w = w * 0.22
    neck_h = h * 0.32
    body = [(cx - neck_w / 2, base - h), (cx + neck_w / 2, base - h),
            (cx + neck_w / 2, base - h + neck_h), (cx + w / 2, base - 6),
            (cx + w / 2 - 6, base), (cx - w / 2 + 6, base), (cx - w / 2, base - 6),
            (cx - neck_w / 2, base - h + neck_h)]
    cv.poly(body, glass)
    body_h = h - neck_h
    ly = base - body_h * fill_frac
    t = (ly - (base - h + neck_h)) / body_h
    half = neck_w / 2 + (w / 2 - neck_w / 2) * t
    cv.poly([(cx - half, ly), (cx + half, ly), (cx + w / 2, base - 6),
             (cx + w / 2 - 6, base), (cx - w / 2 + 6, base), (cx - w / 2, base - 6)], liquid)
    cv.line(body + [body[0]], edge, 3)
    cv.rect(cx - neck_w / 2 - 4, base - h - 8, cx + neck_w / 2 + 4, base - h + 4, edge, r=3)
    # highlight
    cv.line([(cx - neck_w / 2 + 6, base - h + neck_h + 10), (cx - w / 2 + 22, base - 24)], CLOUD, 4)


def sailboat(cv, x, y, s, hull=NAVY, sail=WHITE):
    cv.poly([(x - 40 * s, y), (x + 44 * s, y), (x + 30 * s, y + 12 * s), (x - 30 * s, y + 12 * s)], hull)
    cv.line([(x, y), (x, y - 96 * s)], INK, 2 * s)
    cv.poly([(x + 3 * s, y - 92 * s), (x + 3 * s, y - 6 * s), (x + 40 * s, y - 6 * s)], sail)
    cv.poly([(x - 3 * s, y - 80 * s), (x - 3 * s, y - 6 * s), (x - 32 * s, y - 6 * s)], mix(sail, MIST, 0.6))


def gull(cv, x, y, s, color=INK):
    cv.arc(x - 12 * s, y, 12 * s, 8 * s, 200, 340, color, 2.5 * s)
    cv.arc(x + 12 * s, y, 12 * s, 8 * s, 200, 340, color, 2.5 * s)


def water(cv, x0, y0, x1, y1, top, bottom, rng, streak, n=60, max_len=160):
    cv.vgrad(x0, y0, x1, y1, top, bottom)
    for _ in range(n):
        y = rng.uniform(y0 + 6, y1 - 4)
        x = rng.uniform(x0, x1 - 20)
        ln = rng.uniform(30, max_len) * (0.4 + 0.6 * (y - y0) / max(1, (y1 - y0)))
        cv.line([(x, y), (min(x + ln, x1 - 2), y)], streak, 2.5)


# --------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------

def optence_laser():
    """Laser application lab: optical table, beam over three mirrors and a lens."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 640, (214, 224, 230), (236, 238, 234))
    # back wall shelves with optical parts
    for sy in (170, 330):
        cv.rect(80, sy, 900, sy + 14, WOOD)
        cv.rect(80, sy + 14, 900, sy + 20, WOOD_DARK)
    rng = random.Random(11)
    x = 110
    while x < 860:
        kind = rng.randrange(4)
        if kind == 0:  # lens holder on post
            cv.rect(x + 20, 120, x + 26, 170, SLATE)
            cv.circle(x + 23, 108, 26, SLATE)
            cv.circle(x + 23, 108, 17, (190, 222, 232))
            x += 70
        elif kind == 1:  # box
            hgt = rng.randint(50, 90)
            cv.rect(x, 170 - hgt, x + 70, 170, (92, 110, 136), r=4)
            cv.rect(x + 10, 170 - hgt + 10, x + 60, 170 - hgt + 18, TEAL_LIGHT)
            x += 90
        elif kind == 2:  # cylinder optics
            cv.rect(x, 110, x + 34, 170, STEEL, r=6)
            cv.rect(x + 22, 110, x + 34, 170, SLATE, r=6)
            x += 52
        else:  # prism
            cv.poly([(x, 170), (x + 60, 170), (x + 30, 118)], (176, 214, 226))
            cv.line([(x, 170), (x + 30, 118), (x + 60, 170)], SLATE, 2)
            x += 80
    x = 120
    while x < 860:
        w = rng.randint(40, 80)
        cv.rect(x, 330 - rng.randint(40, 100), x + w, 330, rng.choice([STEEL, MIST, (92, 110, 136), TEAL]),
                r=5)
        x += w + rng.randint(16, 40)
    # monitor with a measurement curve
    cv.rect(1040, 110, 1460, 370, INK, r=14)
    cv.rect(1058, 128, 1442, 352, (24, 36, 56))
    pts = []
    for i in range(121):
        t = i / 120
        y = 320 - 170 * math.exp(-((t - 0.55) ** 2) / 0.012)
        pts.append((1075 + 350 * t, y))
    for gy in (180, 240, 300):
        cv.line([(1075, gy), (1425, gy)], (50, 66, 92), 1.5)
    cv.line(pts, CORAL, 4)
    cv.rect(1235, 370, 1265, 420, INK)
    cv.rect(1180, 418, 1320, 430, INK, r=4)
    # back bench under monitor
    cv.rect(960, 430, 1560, 450, WOOD)
    cv.rect(980, 450, 1540, 600, (206, 212, 214))
    # floor
    cv.vgrad(0, 640, W, H, (190, 196, 200), (160, 168, 176))
    # optical table (perspective)
    top_back, top_front = 560, 760
    cv.poly([(140, top_back), (1460, top_back), (1560, top_front), (40, top_front)], (72, 82, 98))
    cv.rect(40, top_front, 1560, 810, (52, 60, 74))
    cv.rect(40, top_front, 1560, 768, (96, 108, 126))
    for lx in (110, 1450):
        cv.rect(lx, 810, lx + 60, 980, (58, 66, 80))
        cv.rect(lx - 14, 970, lx + 74, 990, (44, 50, 62))
    # hole grid
    rows = 9
    for r in range(rows):
        t = r / (rows - 1)
        y = top_back + 10 + (top_front - top_back - 20) * t
        xl = 140 - 100 * t + 30
        xr = 1460 + 100 * t - 30
        n = 34
        rad = 2.2 + 1.6 * t
        for c in range(n):
            cx = xl + (xr - xl) * c / (n - 1)
            cv.circle(cx, y, rad, (56, 64, 80))

    def post(px, py, h):
        cv.rect(px - 7, py - h, px + 7, py, (176, 184, 192))
        cv.rect(px + 2, py - h, px + 7, py, STEEL)
        cv.ellipse(px, py, 20, 6, (40, 46, 58))

    def mirror(px, my, ang, r=34):
        # a mirror seen obliquely: a narrow tilted ellipse in a holder
        a = math.radians(ang)
        ca, sa = math.cos(a), math.sin(a)
        pts = []
        for i in range(40):
            th = 2 * math.pi * i / 40
            ex, ey = 10 * math.cos(th), r * math.sin(th)
            pts.append((px + ex * ca - ey * sa, my + ex * sa + ey * ca))
        cv.poly(pts, (70, 78, 92))
        pts2 = [(px + (x - px) * 0.8 + 3, my + (y - my) * 0.8) for x, y in pts]
        cv.poly(pts2, (200, 230, 240))

    # laser source
    cv.rect(150, 560, 470, 650, (236, 238, 240), r=10)
    cv.rect(150, 632, 470, 650, (200, 206, 212), r=6)
    cv.rect(180, 580, 260, 596, CORAL)
    cv.rect(470, 588, 500, 612, SLATE)
    beam_y = 600
    # mirror 1 (front), mirror 2 (back), mirror 3 (front-right), lens, plate
    m1 = (720, beam_y)
    m2 = (860, 500)
    m3 = (1060, 620)
    lens = (1230, 580)
    plate = (1400, 556)
    beam = [(500, beam_y), m1, m2, m3, lens, plate]
    # glow then core
    cv.line(beam, (246, 178, 160), 14)
    cv.line(beam, (238, 120, 96), 7)
    cv.line(beam, (255, 228, 214), 2.5)
    post(m1[0], 700, 100)
    mirror(m1[0] + 4, m1[1], 35)
    post(m2[0], 610, 110)
    mirror(m2[0] + 2, m2[1], -15, 28)
    post(m3[0], 720, 100)
    mirror(m3[0] + 4, m3[1], -30)
    post(lens[0], 700, 120)
    cv.ellipse(lens[0], lens[1], 12, 46, (70, 78, 92))
    cv.ellipse(lens[0], lens[1], 8, 40, (186, 224, 236))
    cv.line([(lens[0] - 2, lens[1] - 30), (lens[0] - 2, lens[1] - 8)], WHITE, 3)
    # measurement plate with spot
    post(plate[0], 700, 60)
    cv.rect(plate[0] - 36, 450, plate[0] + 36, 642, (84, 94, 110), r=6)
    cv.rect(plate[0] - 28, 460, plate[0] + 28, 632, (228, 232, 226))
    for rr, col in ((30, (250, 206, 190)), (19, (244, 150, 120)), (9, (230, 90, 66)), (4, WHITE)):
        cv.circle(plate[0], plate[1], rr, col)
    # small cables from the laser
    cv.line([(150, 620), (100, 640), (80, 720), (60, 760)], INK, 5)
    return cv.finish()


def optence_mainz():
    """Mainz at dusk: Rhine, bridge, cathedral towers, vineyard hills."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 560, (122, 146, 186), (246, 206, 168))
    cv.circle(1220, 420, 70, (250, 222, 176))
    cv.circle(1220, 420, 52, (252, 234, 196))
    cloud(cv, 320, 150, 0.9, (232, 214, 206))
    cloud(cv, 980, 110, 0.7, (226, 212, 210))
    # vineyard hills
    hill(cv, 0, W, 560, 150, (150, 150, 128), phase=0.6, waves=1.2)
    hill(cv, 0, W, 580, 110, (118, 132, 104), phase=2.2, waves=1.6)
    # vine rows on the front hill only
    for x0 in range(0, W + 60, 34):
        ytop = 580 - 110 * (0.55 + 0.45 * math.sin(2.2 + 1.6 * math.pi * x0 / W)) + 8
        cv.line([(x0, ytop), (x0 - 70, 640)], (102, 118, 92), 2)
    # city: row of houses
    rng = random.Random(5)
    x = -10
    roofs = [(120, 86, 80), (96, 74, 72), (140, 100, 88)]
    walls = [(226, 210, 186), (214, 196, 176), (238, 226, 204), (204, 190, 178)]
    while x < W:
        w = rng.randint(50, 110)
        h = rng.randint(70, 150)
        wall = rng.choice(walls)
        house(cv, x, 640, w, h, wall, rng.choice(roofs), roof_h=rng.randint(14, 40))
        for r in range(max(1, h // 40)):
            for c in range(max(1, w // 30)):
                wx = x + 10 + c * 28
                wy = 640 - h + 16 + r * 38
                if wx + 12 < x + w - 6 and rng.random() < 0.8:
                    cv.rect(wx, wy, wx + 12, wy + 18, GOLD if rng.random() < 0.45 else (150, 140, 130))
        x += w + rng.randint(0, 8)
    # cathedral (sandstone red)
    cx = 700
    sh = mix(SANDSTONE, NAVY, 0.25)
    cv.rect(cx - 260, 470, cx + 220, 640, SANDSTONE)
    cv.poly([(cx - 270, 470), (cx - 20, 420), (cx + 230, 470)], sh)
    for k in range(9):
        ax = cx - 230 + k * 50
        cv.rect(ax, 520, ax + 18, 580, sh, r=9)
    # main crossing tower
    cv.rect(cx - 60, 300, cx + 60, 480, SANDSTONE)
    cv.rect(cx - 44, 230, cx + 44, 300, mix(SANDSTONE, WHITE, 0.08))
    cv.poly([(cx - 44, 230), (cx, 120), (cx + 44, 230)], sh)
    cv.poly([(cx - 8, 130), (cx, 86), (cx + 8, 130)], sh)
    for k in range(3):
        cv.rect(cx - 36 + k * 28, 330, cx - 24 + k * 28, 380, sh, r=6)
        cv.rect(cx - 30 + k * 24, 250, cx - 22 + k * 24, 285, sh, r=4)
    # side towers
    for tx in (cx - 230, cx + 190):
        cv.rect(tx - 26, 360, tx + 26, 520, SANDSTONE)
        cv.poly([(tx - 26, 360), (tx, 290), (tx + 26, 360)], sh)
        cv.rect(tx - 8, 390, tx + 8, 430, sh, r=8)
    # riverbank
    cv.rect(0, 636, W, 660, (150, 140, 128))
    # Rhine
    rng2 = random.Random(7)
    water(cv, 0, 660, W, H, (150, 156, 176), (70, 96, 132), rng2, (214, 196, 184), n=70)
    # sun reflection
    for i in range(10):
        y = 680 + i * 26
        wdt = 120 - i * 8
        cv.line([(1220 - wdt / 2, y), (1220 + wdt / 2, y)], (250, 222, 176), 4)
    # bridge with arches
    deck = 560
    cv.rect(0, deck, 620, deck + 18, (108, 96, 96))
    cv.rect(0, deck - 10, 620, deck - 4, (108, 96, 96))
    for k in range(5):
        ax = 40 + k * 120
        cv.arc(ax + 60, deck + 18 + 100, 58, 100, 180, 360, (108, 96, 96), 9)
        cv.rect(ax - 6, deck + 18, ax + 6, 690, (108, 96, 96))
    cv.rect(614, deck + 18, 626, 690, (108, 96, 96))
    # cargo ship
    sx, sy = 930, 800
    cv.poly([(sx - 260, sy), (sx + 240, sy), (sx + 210, sy + 34), (sx - 250, sy + 34)], NAVY)
    cv.rect(sx - 240, sy - 8, sx + 220, sy, CORAL_DARK)
    for k in range(5):
        cv.rect(sx - 220 + k * 74, sy - 46, sx - 154 + k * 74, sy - 8,
                [TEAL, CORAL, AMBER, SEA_DEEP, TEAL_LIGHT][k])
    cv.rect(sx + 160, sy - 70, sx + 220, sy - 8, CREAM)
    cv.rect(sx + 170, sy - 60, sx + 210, sy - 50, NAVY)
    cv.line([(sx - 240, sy + 46), (sx + 240, sy + 46)], (120, 130, 160), 3)
    return cv.finish()


def biocon_coast():
    """Baltic coast: beach, dunes, research building, distant brick tower, sailboat."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 430, SKY_TOP, SKY_LOW)
    cloud(cv, 260, 120, 0.8)
    cloud(cv, 820, 190, 0.6)
    cloud(cv, 1350, 90, 0.9)
    rng = random.Random(3)
    water(cv, 0, 430, W, H, (120, 172, 184), SEA_DEEP, rng, (176, 212, 216), n=90)
    # distant island strip with brick tower
    cv.poly([(0, 432), (120, 418), (420, 414), (560, 430)], (112, 140, 140))
    tx = 240
    cv.rect(tx - 16, 330, tx + 16, 420, BRICK)
    cv.rect(tx - 11, 296, tx + 11, 330, BRICK)
    cv.ellipse(tx, 292, 13, 10, (90, 110, 104))
    cv.rect(tx - 4, 250, tx + 4, 290, (90, 110, 104))
    cv.poly([(tx - 4, 252), (tx, 230), (tx + 4, 252)], (90, 110, 104))
    for k in range(3):
        cv.rect(tx - 60 - k * 40, 400 - k * 6, tx - 30 - k * 40, 420, (150, 120, 110))
    # land on the right
    land = [(760, H), (960, 560), (1080, 500), (W, 480), (W, H)]
    cv.poly(land, (150, 176, 138))
    # research building
    bx0, bx1, base = 1060, 1540, 560
    cv.rect(bx0, 400, bx1, base, WHITE)
    cv.rect(1300, 320, 1480, 400, WHITE)
    for gx in range(bx0 + 16, bx1 - 20, 44):
        for gy in (416, 488):
            cv.rect(gx, gy, gx + 34, gy + 56, mix(TEAL_LIGHT, SKY_TOP, 0.4))
            cv.line([(gx + 6, gy + 48), (gx + 28, gy + 8)], (200, 228, 230), 2)
    for gx in range(1314, 1470, 40):
        cv.rect(gx, 334, gx + 30, 388, mix(TEAL_LIGHT, SKY_TOP, 0.4))
    cv.rect(bx0 - 10, 392, bx1 + 10, 402, SLATE)
    cv.rect(1290, 312, 1490, 322, SLATE)
    # dunes in front of the building
    for dx, dw, dh, col in ((1180, 460, 190, SAND_DARK), (1420, 480, 210, SAND), (1070, 400, 150, SAND)):
        pts = [(dx - dw / 2, 760)]
        for i in range(41):
            t = i / 40
            pts.append((dx - dw / 2 + dw * t, 720 - dh * math.sin(math.pi * t) ** 1.4))
        pts.append((dx + dw / 2, 760))
        cv.poly(pts, col)
    # beach
    beach = [(0, 820)]
    for i in range(41):
        t = i / 40
        beach.append((W * t, 820 - 260 * t ** 1.6 + 10 * math.sin(t * 18)))
    beach += [(W, H), (0, H)]
    cv.poly([(0, 830)] + beach[1:], (236, 244, 240))
    cv.poly(beach, SAND)
    cv.poly([(0, 900), (W * 0.5, 820), (W, 700), (W, H), (0, H)], mix(SAND, SAND_DARK, 0.35))
    # dune grass
    for _ in range(170):
        gx = rng.uniform(860, W)
        gy = rng.uniform(590, 680) if gx > 980 else rng.uniform(650, 700)
        if rng.random() < 0.5:
            gy = 820 - 260 * ((gx / W) ** 1.6) - rng.uniform(0, 30)
        ln = rng.uniform(20, 48)
        ang = math.radians(rng.uniform(-120, -60))
        cv.line([(gx, gy), (gx + ln * math.cos(ang), gy + ln * math.sin(ang))],
                rng.choice([LEAF, LEAF_DARK, (140, 150, 90)]), 2.5)
    # fence posts along the beach
    for k in range(7):
        fx = 1040 + k * 80
        fy = 820 - 260 * ((fx / W) ** 1.6) + 40
        cv.rect(fx, fy - 46, fx + 8, fy, WOOD_DARK)
    sailboat(cv, 520, 560, 1.3)
    sailboat(cv, 820, 470, 0.6, sail=CREAM)
    gull(cv, 600, 220, 1.2)
    gull(cv, 680, 260, 0.9)
    gull(cv, 1120, 200, 1.0)
    return cv.finish()


def biocon_lab():
    """Lab bench: pipette stand, well plate, test tubes, microscope, sea through window."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 640, (230, 236, 236), (214, 224, 226))
    # window with sea view
    wx0, wy0, wx1, wy1 = 90, 70, 640, 500
    cv.rect(wx0 - 18, wy0 - 18, wx1 + 18, wy1 + 18, WHITE)
    cv.vgrad(wx0, wy0, wx1, 300, SKY_TOP, SKY_LOW)
    rng = random.Random(21)
    water(cv, wx0, 300, wx1, wy1, (120, 172, 184), SEA_DEEP, rng, (176, 212, 216), n=26, max_len=90)
    cloud(cv, 260, 150, 0.5)
    sailboat(cv, 470, 330, 0.55)
    cv.rect(wx0 + (wx1 - wx0) / 2 - 7, wy0, wx0 + (wx1 - wx0) / 2 + 7, wy1, WHITE)
    cv.rect(wx0, 290, wx1, 302, WHITE)
    # wall cabinet
    cv.rect(760, 60, 1520, 300, (238, 240, 238), r=6)
    for k in range(4):
        cv.rect(770 + k * 188, 70, 944 + k * 188, 290, (226, 230, 230), r=4)
        cv.rect(930 + k * 188, 160, 936 + k * 188, 210, STEEL, r=3)
    # bench
    cv.rect(0, 640, W, 670, (236, 226, 206))
    cv.rect(0, 670, W, H, (92, 112, 130))
    for k in range(4):
        cv.rect(30 + k * 400, 700, 390 + k * 400, 980, (104, 126, 146), r=6)
        cv.rect(180 + k * 400, 720, 240 + k * 400, 734, MIST, r=4)
    # pipette stand with three pipettes
    sx = 330
    cv.rect(sx - 110, 628, sx + 110, 646, SLATE, r=6)
    cv.rect(sx - 8, 330, sx + 8, 640, STEEL)
    cv.rect(sx - 130, 340, sx + 130, 360, SLATE, r=6)
    cols = [CORAL, TEAL, AMBER]
    for k, px in enumerate((sx - 90, sx, sx + 90)):
        c = cols[k]
        cv.rect(px - 5, 300, px + 5, 330, c, r=4)  # plunger
        cv.rect(px - 16, 326, px + 16, 350, c, r=8)  # button
        cv.rect(px - 14, 356, px + 14, 470, WHITE, r=12)  # grip
        cv.rect(px - 14, 380, px + 14, 400, mix(c, WHITE, 0.3))
        cv.poly([(px - 11, 470), (px + 11, 470), (px + 5, 520), (px - 5, 520)], MIST)
        cv.poly([(px - 5, 520), (px + 5, 520), (px + 1.5, 600), (px - 1.5, 600)], (236, 240, 244))
        cv.line([(px - 5, 520), (px - 1.5, 600)], STEEL, 1.2)
        cv.line([(px + 5, 520), (px + 1.5, 600)], STEEL, 1.2)
    # well plate
    px0, py0 = 520, 596
    cv.poly([(px0 + 20, py0), (px0 + 440, py0), (px0 + 460, py0 + 44), (px0, py0 + 44)], (240, 244, 246))
    cv.rect(px0, py0 + 44, px0 + 460, py0 + 60, MIST)
    well_cols = [CORAL, AMBER, TEAL_LIGHT, (236, 240, 244), (180, 200, 220)]
    for r in range(4):
        t = r / 3
        y = py0 + 7 + 30 * t
        for c in range(12):
            x = px0 + 36 + c * 35 - 8 * t + c * 1.2 * t
            col = well_cols[(r * 3 + c * 2) % 5] if (r + c) % 4 else (220, 226, 232)
            cv.ellipse(x, y, 11 + 1.5 * t, 4 + 1.2 * t, col)
    # test tube rack
    rx0 = 1040
    cv.rect(rx0, 560, rx0 + 300, 580, WHITE, r=4)
    cv.rect(rx0, 620, rx0 + 300, 640, WHITE, r=4)
    cv.rect(rx0 + 6, 560, rx0 + 18, 640, MIST)
    cv.rect(rx0 + 282, 560, rx0 + 294, 640, MIST)
    tube_cols = [CORAL, AMBER, TEAL, LEAF, SEA, CORAL_DARK]
    for k in range(6):
        tx = rx0 + 40 + k * 44
        cv.rect(tx - 13, 440, tx + 13, 622, (240, 244, 246), r=13)
        cv.rect(tx - 13, 540, tx + 13, 622, tube_cols[k], r=13)
        cv.rect(tx - 15, 430, tx + 15, 448, STEEL, r=4)
        cv.line([(tx - 6, 460), (tx - 6, 530)], WHITE, 3)
    cv.rect(rx0, 560, rx0 + 300, 580, WHITE, r=4)
    # microscope
    mx = 1450
    cv.rect(mx - 90, 612, mx + 60, 642, INK, r=10)
    cv.poly([(mx + 20, 612), (mx + 44, 612), (mx + 50, 420), (mx + 10, 380), (mx - 8, 400), (mx + 24, 440)],
            INK)
    cv.rect(mx - 80, 520, mx + 30, 536, SLATE, r=4)
    cv.circle(mx + 36, 560, 16, SLATE)
    a = math.radians(-28)
    tube_pts = []
    for (u, v) in ((-16, 0), (16, 0), (16, 170), (-16, 170)):
        tube_pts.append((mx - 40 + u * math.cos(a) - v * math.sin(a),
                         500 - u * math.sin(a) - v * math.cos(a)))
    cv.poly(tube_pts, (60, 74, 100))
    cv.rect(mx - 56, 484, mx - 28, 514, SLATE)
    cv.poly([(mx - 50, 514), (mx - 34, 514), (mx - 38, 528), (mx - 46, 528)], STEEL)
    ey = tube_pts[2][1]
    cv.circle((tube_pts[2][0] + tube_pts[3][0]) / 2, (ey + tube_pts[3][1]) / 2, 20, INK)
    # notebook
    cv.poly([(120, 690 - 40), (400, 690 - 40), (420, 664), (100, 664)], (250, 248, 240))
    return cv.finish()


def olec_wind():
    """Flat Oldenburg fields, wind turbines, red-brick farmhouse, town on the horizon."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 640, (126, 170, 204), (228, 236, 234))
    cloud(cv, 300, 130, 1.1)
    cloud(cv, 900, 90, 0.8)
    cloud(cv, 1340, 200, 1.0)
    cloud(cv, 620, 300, 0.5)
    horizon = 620
    # fields converging to a vanishing point
    vp = (820, horizon - 60)
    field_cols = [(118, 164, 96), (220, 196, 92), (96, 146, 88), (150, 180, 102),
                  (230, 210, 110), (104, 152, 92), (172, 190, 108), (126, 170, 96)]
    xs = [-2400, -1400, -700, -150, 400, 900, 1500, 2300, 3400]
    cv.rect(0, horizon - 30, W, H, field_cols[0])
    for i in range(len(xs) - 1):
        def at(y, bx):
            t = (y - vp[1]) / (H - vp[1])
            return vp[0] + (bx - vp[0]) * t
        cv.poly([(at(horizon, xs[i]), horizon), (at(horizon, xs[i + 1]), horizon),
                 (xs[i + 1], H), (xs[i], H)], field_cols[i % len(field_cols)])
    # horizon strip of trees and town
    rng = random.Random(8)
    x = -20
    while x < W + 20:
        r = rng.uniform(14, 30)
        cv.ellipse(x, horizon - r * 0.5, r * 1.3, r, rng.choice([LEAF_DARK, FOREST, (78, 120, 84)]))
        x += rng.uniform(20, 44)
    # town silhouette with church tower
    town = (86, 104, 120)
    for hx, hw, hh in [(880, 60, 40), (938, 50, 56), (984, 70, 44),
                       (1050, 56, 60), (1104, 64, 38), (1160, 48, 50)]:
        cv.rect(hx, horizon - 10 - hh, hx + hw, horizon - 6, town)
        cv.poly([(hx, horizon - 10 - hh), (hx + hw / 2, horizon - 30 - hh), (hx + hw, horizon - 10 - hh)],
                town)
    cv.rect(1030, horizon - 150, 1056, horizon - 20, town)
    cv.poly([(1030, horizon - 150), (1043, horizon - 230), (1056, horizon - 150)], town)
    # turbines
    wind_turbine(cv, 280, horizon - 4, 190, 80)
    wind_turbine(cv, 520, horizon - 2, 240, 20)
    wind_turbine(cv, 760, horizon - 2, 170, 100)
    wind_turbine(cv, 1510, horizon + 2, 200, 50)
    wind_turbine(cv, 1290, 860, 560, 12)
    # farmhouse (Lower Saxon hall house)
    fx, fb = 150, 820
    cv.rect(fx, fb - 120, fx + 300, fb, BRICK)
    cv.poly([(fx - 20, fb - 120), (fx + 150, fb - 280), (fx + 320, fb - 120)], (96, 72, 64))
    cv.poly([(fx + 40, fb - 120), (fx + 150, fb - 230), (fx + 260, fb - 120)], BRICK_DARK)
    cv.rect(fx + 110, fb - 100, fx + 190, fb, (226, 214, 190))
    cv.line([(fx + 110, fb - 100), (fx + 190, fb)], WOOD_DARK, 3)
    cv.line([(fx + 190, fb - 100), (fx + 110, fb)], WOOD_DARK, 3)
    for wx in (fx + 30, fx + 230):
        cv.rect(wx, fb - 90, wx + 44, fb - 50, CREAM)
        cv.line([(wx + 22, fb - 90), (wx + 22, fb - 50)], WHITE, 3)
    tree_round(cv, 520, 820, 230, LEAF_DARK)
    tree_round(cv, 70, 800, 190, (78, 120, 84))
    # a path
    cv.poly([(300, 820), (360, 820), (620, H), (420, H)], (214, 196, 160))
    return cv.finish()


def olec_grid():
    """Substation with transformers, pylons and lines to houses with solar roofs."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 700, (140, 178, 206), (232, 236, 228))
    cloud(cv, 1100, 110, 0.9)
    cloud(cv, 380, 80, 0.6)
    ground = 700
    cv.vgrad(0, ground, W, H, (150, 182, 120), (112, 152, 98))
    hill(cv, 0, W, ground, 60, (132, 168, 112), phase=1.0, waves=1.0)
    cv.rect(0, ground, W, H, (138, 174, 112))
    cv.poly([(0, 900), (W, 820), (W, H), (0, H)], (124, 162, 104))
    # substation yard (gravel + fence)
    cv.poly([(40, 760), (660, 760), (700, 900), (0, 900)], (202, 200, 190))
    # gantry
    for gx in (90, 330, 570):
        lattice_pylon(cv, gx, 780, 250, SLATE, 1.6)
    cv.line([(60, 560), (600, 560)], SLATE, 5)
    # transformers
    for tx in (120, 380):
        cv.rect(tx, 680, tx + 170, 800, (118, 132, 116), r=6)
        for k in range(9):
            cv.rect(tx + 10 + k * 17, 694, tx + 18 + k * 17, 790, (96, 110, 96))
        cv.rect(tx + 20, 654, tx + 150, 680, (96, 110, 96), r=4)
        for b in range(3):
            bx = tx + 40 + b * 45
            for s in range(5):
                cv.ellipse(bx, 640 - s * 14, 11, 5, (196, 150, 120))
            cv.rect(bx - 3, 580, bx + 3, 650, (170, 130, 110))
            cv.line([(bx, 580), (bx + 20 - b * 10, 560)], INK, 2)
    # fence
    for fx in range(10, 700, 34):
        cv.line([(fx, 900), (fx, 836)], STEEL, 3)
    cv.line([(0, 840), (700, 840)], STEEL, 2)
    cv.line([(0, 870), (700, 870)], STEEL, 2)
    for fx in range(10, 680, 17):
        cv.line([(fx, 840), (fx + 17, 870)], MIST, 1.2)
        cv.line([(fx + 17, 840), (fx, 870)], MIST, 1.2)
    # pylons and lines towards the houses
    tips_a = lattice_pylon(cv, 860, 740, 380, SLATE, 2.4)
    tips_b = lattice_pylon(cv, 1180, 720, 300, SLATE, 2.0)
    for i in range(4):
        catenary(cv, (600, 560), tips_a[i], 30, INK, 1.6)
        catenary(cv, tips_a[i], tips_b[i], 40, INK, 1.6)
        catenary(cv, tips_b[i], (W + 10, tips_b[i][1] + 30), 30, INK, 1.6)
    # distribution pole and houses with solar roofs
    cv.rect(1000, 600, 1010, 860, WOOD_DARK)
    cv.rect(970, 610, 1040, 618, WOOD_DARK)
    for hx in (1130, 1300, 1460):
        catenary(cv, (1035, 616), (hx + 50, 760), 30, INK, 1.4)
    for hx, wall, roofc in ((1060, CREAM, BRICK_DARK), (1240, (236, 222, 200), (96, 80, 80)),
                            (1410, (228, 230, 226), BRICK_DARK)):
        w, h = 150, 110
        base = 880
        cv.rect(hx, base - h, hx + w, base, wall)
        rh = 80
        roof = [(hx - 14, base - h), (hx + 22, base - h - rh), (hx + w - 22, base - h - rh),
                (hx + w + 14, base - h)]
        cv.poly(roof, roofc)
        # solar panels: 2 rows x 4 columns on the roof face
        for r in range(2):
            ya = base - h - 10 - r * 32
            yb = ya - 26
            for c in range(4):
                def xat(y, frac, base=base, h=h, rh=rh, hx=hx, w=w):
                    t = (base - h - y) / rh
                    left = hx - 14 + 36 * t + 10
                    right = hx + w + 14 - 36 * t - 10
                    return left + (right - left) * frac
                f0, f1 = c / 4 + 0.01, (c + 1) / 4 - 0.01
                cv.poly([(xat(ya, f0), ya), (xat(yb, f0), yb), (xat(yb, f1), yb), (xat(ya, f1), ya)],
                        (40, 62, 104))
                cv.line([(xat(ya - 13, f0), ya - 13), (xat(ya - 13, f1), ya - 13)], (96, 124, 170), 1.2)
        cv.rect(hx + 20, base - 70, hx + 60, base - 30, SKY_TOP)
        cv.rect(hx + 90, base - 70, hx + 126, base, WOOD)
    # heat pump box at second house
    cv.rect(1200, 836, 1236, 880, MIST, r=3)
    cv.circle(1218, 858, 12, STEEL)
    # battery storage container
    cv.rect(760, 810, 960, 900, TEAL, r=4)
    for k in range(8):
        cv.rect(772 + k * 23, 822, 786 + k * 23, 888, mix(TEAL, WHITE, 0.2))
    cv.rect(750, 900, 970, 908, SLATE)
    # EV charger and car
    cv.rect(1360, 890, 1380, 960, TEAL, r=4)
    cv.rect(1364, 900, 1376, 914, (180, 230, 210))
    cv.line([(1370, 930), (1400, 960), (1440, 950)], INK, 3)
    cx, cy = 1480, 960
    cv.rect(cx - 60, cy - 30, cx + 110, cy + 4, CORAL, r=14)
    cv.poly([(cx - 30, cy - 30), (cx - 6, cy - 62), (cx + 60, cy - 62), (cx + 86, cy - 30)], CORAL)
    cv.poly([(cx - 18, cy - 32), (cx, cy - 56), (cx + 24, cy - 56), (cx + 24, cy - 32)], SKY_TOP)
    cv.poly([(cx + 32, cy - 32), (cx + 32, cy - 56), (cx + 56, cy - 56), (cx + 74, cy - 32)], SKY_TOP)
    cv.circle(cx - 24, cy + 4, 18, INK)
    cv.circle(cx + 76, cy + 4, 18, INK)
    cv.circle(cx - 24, cy + 4, 7, MIST)
    cv.circle(cx + 76, cy + 4, 7, MIST)
    return cv.finish()


def logs(cv, x0, base, cols, rows, r):
    rng = random.Random(42)
    for row in range(rows):
        n = cols - row
        for c in range(n):
            cx = x0 + r + c * 2 * r + row * r
            cy = base - r - row * r * 1.72
            rr = r * rng.uniform(0.9, 1.0)
            cv.circle(cx, cy, rr, WOOD_DARK)
            cv.circle(cx, cy, rr * 0.86, WOOD_LIGHT)
            cv.circle(cx, cy, rr * 0.55, (220, 180, 128), outline=WOOD, width=1.5)
            cv.circle(cx, cy, rr * 0.22, WOOD, )


def bioeconomy_plant():
    """Biorefinery by the Saale: tanks, column, pipes, stacked logs, town towers."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 560, (160, 190, 206), (240, 230, 206))
    cloud(cv, 1250, 120, 0.9)
    cloud(cv, 420, 90, 0.6)
    # distant town towers (four church towers + a single tall tower)
    tc = (150, 160, 170)
    for tx in (150, 186, 260, 296):
        cv.rect(tx - 12, 360, tx + 12, 500, tc)
        cv.poly([(tx - 12, 360), (tx, 318), (tx + 12, 360)], tc)
    cv.rect(180, 420, 270, 500, tc)
    cv.rect(360, 330, 390, 500, tc)
    cv.poly([(360, 330), (375, 290), (390, 330)], tc)
    # wooded hills
    hill(cv, 0, W, 560, 120, (124, 158, 120), phase=0.3, waves=1.3)
    rng = random.Random(19)
    for _ in range(80):
        x = rng.uniform(0, W)
        cv.ellipse(x, rng.uniform(500, 560), rng.uniform(20, 36), rng.uniform(18, 30),
                   rng.choice([LEAF_DARK, FOREST, (86, 130, 90)]))
    # ground strip
    cv.rect(0, 560, W, 740, (170, 186, 132))
    # factory hall with sawtooth roof
    hx0, hx1, hb = 560, 1000, 700
    cv.rect(hx0, 560, hx1, hb, (226, 222, 210))
    for k in range(6):
        sx = hx0 + k * (hx1 - hx0) / 6
        cv.poly([(sx, 560), (sx + 40, 510), (sx + 40, 560)], (186, 188, 186))
        cv.poly([(sx + 40, 510), (sx + (hx1 - hx0) / 6, 560), (sx + 40, 560)], (160, 166, 170))
        cv.rect(sx + 6, 516 + 40 * 0.2, sx + 36, 556, (160, 200, 210))
    for k in range(7):
        cv.rect(hx0 + 20 + k * 60, 600, hx0 + 56 + k * 60, 640, (160, 200, 210))
    cv.rect(hx0 + 160, 650, hx0 + 260, hb, SLATE)
    # distillation column with platforms
    cx = 1080
    cv.rect(cx - 28, 200, cx + 28, 700, MIST)
    cv.rect(cx + 10, 200, cx + 28, 700, STEEL)
    cv.ellipse(cx, 200, 28, 14, CLOUD)
    for py in (300, 420, 540):
        cv.rect(cx - 60, py, cx + 60, py + 6, SLATE)
        cv.line([(cx - 60, py - 24), (cx + 60, py - 24)], SLATE, 2)
        for k in range(7):
            cv.line([(cx - 60 + k * 20, py - 24), (cx - 60 + k * 20, py)], SLATE, 1.5)
    cv.line([(cx - 70, 200), (cx - 70, 700)], SLATE, 3)
    for k in range(22):
        cv.line([(cx - 78, 220 + k * 22), (cx - 62, 220 + k * 22)], SLATE, 2)
    # steam
    for sx, sy, r in ((cx, 170, 26), (cx + 20, 140, 32), (cx + 50, 110, 38)):
        cv.circle(sx, sy, r, (244, 242, 236))
    # tanks
    tank(cv, 1160, 700, 130, 260)
    tank(cv, 1310, 700, 130, 220, body=(210, 222, 206), shade=(160, 180, 160))
    tank(cv, 1460, 700, 110, 180)
    # pipes
    pipe = (196, 120, 70)
    cv.line([(1000, 600), (1160, 600)], pipe, 10)
    cv.line([(1108, 260), (1140, 260), (1140, 480), (1225, 480), (1225, 440)], pipe, 9)
    cv.line([(1290, 640), (1310, 640)], pipe, 9)
    cv.line([(1290, 520), (1375, 520), (1375, 480)], LEAF_DARK, 9)
    cv.line([(1440, 600), (1515, 600), (1515, 520)], pipe, 9)
    cv.line([(940, 560), (940, 470), (1052, 470)], SLATE, 8)
    # stacked logs and wood pile in front
    cv.rect(0, 700, W, 740, (148, 164, 116))
    logs(cv, 120, 730, 9, 4, 26)
    cv.poly([(600, 730), (700, 650), (780, 630), (860, 660), (940, 730)], WOOD_LIGHT)
    for _ in range(90):
        x = rng.uniform(640, 900)
        y = rng.uniform(660, 726)
        cv.rect(x, y, x + rng.uniform(8, 18), y + rng.uniform(3, 6),
                rng.choice([WOOD, WOOD_DARK, (226, 190, 140)]))
    # trees at the bank
    tree_poplar(cv, 40, 740, 260)
    tree_poplar(cv, 1560, 740, 240)
    tree_round(cv, 1000, 740, 150, LEAF)
    # river
    cv.rect(0, 738, W, 760, (124, 138, 104))
    rng2 = random.Random(23)
    water(cv, 0, 760, W, H, (146, 180, 186), (72, 116, 134), rng2, (200, 224, 222), n=70)
    # reflection of tanks
    for tx, tw in ((1160, 130), (1310, 130), (1460, 110)):
        for k in range(6):
            y = 780 + k * 18
            cv.line([(tx + 10 + k * 3, y), (tx + tw - 10 - k * 3, y)], (170, 198, 200), 4)
    return cv.finish()


def leaf(cv, x, y, length, ang, width, color):
    a = math.radians(ang)
    dx, dy = math.cos(a), math.sin(a)
    px, py = -dy, dx
    pts = []
    for i in range(21):
        t = i / 20
        w = width * math.sin(math.pi * t)
        pts.append((x + dx * length * t + px * w, y + dy * length * t + py * w))
    for i in range(20, -1, -1):
        t = i / 20
        w = width * math.sin(math.pi * t)
        pts.append((x + dx * length * t - px * w * 0.9, y + dy * length * t - py * w * 0.9))
    cv.poly(pts, color)
    cv.line([(x, y), (x + dx * length * 0.9, y + dy * length * 0.9)], mix(color, WHITE, 0.3), 2)


def bioeconomy_flasks():
    """Lab table: flasks with green and amber liquid, seedlings, wood chips."""
    W, H = 1600, 1000
    cv = Canvas(W, H, oy=130)
    cv.vgrad(0, -130, W, 660, (232, 226, 208), (214, 222, 206))
    # shelf with jars
    cv.rect(880, 230, 1520, 246, WOOD)
    rng = random.Random(31)
    x = 900
    for _ in range(8):
        w = rng.randint(46, 66)
        h = rng.randint(70, 110)
        cv.rect(x, 230 - h, x + w, 230, (240, 240, 234), r=6)
        cv.rect(x, 230 - h * 0.55, x + w, 230, rng.choice([WOOD_LIGHT, LEAF_LIGHT, GOLD, (200, 170, 120)]),
                r=6)
        cv.rect(x + 4, 230 - h - 10, x + w - 4, 230 - h + 4, WOOD_DARK, r=3)
        x += w + 18
    # big leaf branch decoration on wall (beech twig)
    cv.line([(120, 120), (300, 220), (520, 260)], WOOD_DARK, 6)
    for i, (lx, ly, ang) in enumerate(((170, 150, -60), (230, 188, 60), (300, 220, -40),
                                       (380, 240, 70), (450, 252, -30))):
        leaf(cv, lx, ly, 90, ang, 24, (120, 164, 96) if i % 2 else (96, 146, 86))
    # table
    cv.rect(0, 660, W, 700, WOOD_LIGHT)
    cv.rect(0, 700, W, H, (178, 138, 96))
    cv.rect(0, 700, W, 712, WOOD_DARK)
    # seedlings in terracotta pots
    for k, px in enumerate((140, 300, 460)):
        cv.poly([(px - 56, 560), (px + 56, 560), (px + 42, 672), (px - 42, 672)], (198, 112, 76))
        cv.rect(px - 62, 548, px + 62, 572, (214, 128, 90), r=4)
        cv.ellipse(px, 552, 54, 8, (100, 72, 56))
        h = 120 + k * 40
        cv.line([(px, 552), (px + 4, 552 - h)], LEAF_DARK, 5)
        for j in range(2 + k):
            yy = 552 - h * (0.35 + 0.6 * j / (2 + k))
            leaf(cv, px + 2, yy, 60 + k * 6, -150 if j % 2 else -30, 18, LEAF if j % 2 else LEAF_LIGHT)
        leaf(cv, px + 4, 552 - h, 50, -100, 14, LEAF_LIGHT)
    # erlenmeyer flasks
    erlenmeyer(cv, 720, 668, 180, 300, (122, 176, 96))
    erlenmeyer(cv, 930, 668, 150, 250, AMBER, fill_frac=0.55)
    # round-bottom flask on stand
    sx = 1200
    cv.rect(sx - 90, 650, sx + 90, 668, SLATE, r=4)
    cv.rect(sx + 60, 260, sx + 72, 660, STEEL)
    cv.rect(sx - 10, 350, sx + 70, 362, SLATE, r=3)
    cv.rect(sx - 30, 300, sx + 30, 440, WHITE)
    cv.circle(sx - 0, 520, 90, WHITE, outline=STEEL, width=3)
    cv.rect(sx - 26, 290, sx + 26, 446, WHITE)
    cv.line([(sx - 26, 290), (sx - 26, 440)], STEEL, 3)
    cv.line([(sx + 26, 290), (sx + 26, 440)], STEEL, 3)
    cv.chord(sx, 520, 86, 10, 170, (214, 160, 72))
    cv.line([(sx - 50, 470), (sx - 64, 520)], CLOUD, 5)
    cv.rect(sx - 34, 350, sx + 34, 364, SLATE, r=3)
    cv.rect(sx - 90, 620, sx + 90, 630, SLATE)
    # dish with wood chips
    dx, dy = 1420, 640
    cv.ellipse(dx, dy, 130, 34, (236, 238, 236), outline=STEEL, width=3)
    cv.rect(dx - 130, dy, dx + 130, dy + 16, (236, 238, 236))
    cv.ellipse(dx, dy + 16, 130, 30, (236, 238, 236), outline=STEEL, width=3)
    cv.ellipse(dx, dy, 126, 30, (224, 228, 226))
    rngc = random.Random(77)
    for _ in range(70):
        a = rngc.uniform(0, 2 * math.pi)
        r = math.sqrt(rngc.uniform(0, 1))
        cx = dx + 100 * r * math.cos(a)
        cy = dy - 8 + 22 * r * math.sin(a) - rngc.uniform(0, 16) * (1 - r)
        ln, w2 = rngc.uniform(12, 24), rngc.uniform(4, 8)
        ang = rngc.uniform(0, math.pi)
        ca, sa = math.cos(ang), math.sin(ang)
        pts = [(cx - ln * ca - w2 * sa, cy - ln * sa * 0.4 + w2 * ca),
               (cx + ln * ca - w2 * sa, cy + ln * sa * 0.4 + w2 * ca),
               (cx + ln * ca + w2 * sa, cy + ln * sa * 0.4 - w2 * ca),
               (cx - ln * ca + w2 * sa, cy - ln * sa * 0.4 - w2 * ca)]
        cv.poly(pts, rngc.choice([WOOD_LIGHT, (226, 190, 140), WOOD, (236, 206, 156)]))
    return cv.finish()


def cover():
    """Composition of the four themes: prism light, coast, wind turbines, biorefinery."""
    W, H = 1800, 1200
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 700, (92, 130, 176), (240, 226, 200))
    # light beam and prism (optics)
    prism = [(330, 180), (440, 370), (220, 370)]
    cv.line([(0, 330), (300, 280)], (252, 246, 226), 16)
    cv.line([(0, 330), (300, 280)], WHITE, 6)
    spread = [CORAL, AMBER, GOLD, LEAF_LIGHT, TEAL_LIGHT, (140, 150, 210)]
    for k, col in enumerate(spread):
        cv.poly([(380 + k * 2, 290 + k * 8), (1800, 120 + k * 34), (1800, 150 + k * 34),
                 (380 + k * 2, 296 + k * 8)], col)
    cv.poly(prism, (210, 232, 240))
    cv.poly([(330, 180), (440, 370), (330, 370)], (180, 212, 226))
    cv.line(prism + [prism[0]], WHITE, 4)
    cloud(cv, 1350, 360, 0.9)
    cloud(cv, 800, 470, 0.6)
    # background hills
    hill(cv, 0, W, 700, 160, (150, 176, 132), phase=2.0, waves=1.4)
    hill(cv, 600, W, 760, 150, (124, 164, 108), phase=0.2, waves=1.2)
    # sea on the left
    rng = random.Random(2)
    water(cv, 0, 640, 820, 1200, (120, 172, 184), SEA_DEEP, rng, (176, 212, 216), n=0)

    def shore(y):  # right edge of the beach
        return 600 + (820 - 600) * (y - 640) / 560

    # fields right of the beach, in bands
    ys = [636, 700, 745, 795, 855, 925, 1005, 1095, 1250]
    cols = [(132, 170, 110), (150, 182, 112), (214, 198, 110), (118, 162, 100),
            (160, 188, 116), (110, 156, 96), (206, 192, 112), (126, 168, 104)]
    for i in range(len(ys) - 1):
        cv.poly([(shore(ys[i]), ys[i]), (W, ys[i] - 40), (W, ys[i + 1] - 40),
                 (shore(ys[i + 1]), ys[i + 1])], cols[i])
    # beach
    cv.poly([(520, 640), (shore(640), 640), (shore(1200), 1200), (700, 1200)], SAND)
    cv.poly([(600, 900), (shore(900), 900), (shore(1200), 1200), (700, 1200)], SAND_DARK)
    # streaks only in open water
    for i in range(14):
        y = 700 + i * 34
        x0 = 40 + (i * 97) % 300
        cv.line([(x0, y), (x0 + 50 + i * 4, y)], (176, 212, 216), 2.5)
    sailboat(cv, 250, 830, 1.4)
    gull(cv, 420, 560, 1.2)
    gull(cv, 480, 600, 0.9)
    # research building on the coast
    cv.rect(560, 560, 760, 650, WHITE)
    for gx in range(572, 750, 30):
        cv.rect(gx, 574, gx + 22, 606, mix(TEAL_LIGHT, SKY_TOP, 0.4))
        cv.rect(gx, 616, gx + 22, 640, mix(TEAL_LIGHT, SKY_TOP, 0.4))
    cv.rect(552, 552, 768, 560, SLATE)
    # wind turbines in the middle
    wind_turbine(cv, 860, 690, 180, 110)
    wind_turbine(cv, 1180, 690, 240, 10)
    wind_turbine(cv, 1000, 740, 320, 70)
    # biorefinery on the right
    cv.rect(1440, 400, 1476, 760, MIST)
    cv.rect(1462, 400, 1476, 760, STEEL)
    cv.ellipse(1458, 400, 18, 8, CLOUD)
    for py in (480, 580):
        cv.rect(1420, py, 1496, py + 5, SLATE)
    tank(cv, 1520, 760, 120, 200)
    tank(cv, 1660, 760, 110, 160, body=(210, 222, 206), shade=(160, 180, 160))
    cv.line([(1476, 520), (1580, 520), (1580, 560)], (196, 120, 70), 8)
    cv.line([(1640, 660), (1660, 660)], (196, 120, 70), 8)
    for tx, h in ((1370, 220), (1530, 170), (1790, 240)):
        tree_round(cv, tx, 790, h, LEAF_DARK)
    # river winding through the fields
    left, right = [], []
    for i in range(41):
        t = i / 40
        cx = 1480 - 260 * t + 110 * math.sin(t * 5)
        half = 18 + 130 * t
        y = 770 + 430 * t
        left.append((cx - half, y))
        right.append((cx + half, y))
    cv.poly(left + right[::-1], (112, 164, 182))
    for i in range(7):
        t = (i + 0.6) / 8
        cx = 1480 - 260 * t + 110 * math.sin(t * 5)
        y = 770 + 430 * t
        cv.line([(cx - 40 * t, y), (cx + 40 * t + 10, y)], (190, 220, 224), 3)
    logs(cv, 1540, 1160, 5, 3, 24)
    tree_poplar(cv, 1020, 1120, 280)
    tree_round(cv, 900, 1150, 200, (78, 120, 84))
    return cv.finish()


SCENES = {
    "cover.png": cover,
    "optence-laser.png": optence_laser,
    "optence-mainz.png": optence_mainz,
    "biocon-valley-coast.png": biocon_coast,
    "biocon-valley-lab.png": biocon_lab,
    "olec-wind.png": olec_wind,
    "olec-grid.png": olec_grid,
    "bioeconomy-biorefinery.png": bioeconomy_plant,
    "bioeconomy-lab.png": bioeconomy_flasks,
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, fn in SCENES.items():
        img = fn().convert("RGB")
        path = out / name
        # No metadata: Pillow writes no tIME/tEXt chunks unless asked to.
        img.save(path, format="PNG", optimize=True)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{img.size[0]}x{img.size[1]}, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
