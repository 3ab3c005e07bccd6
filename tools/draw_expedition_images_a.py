#!/usr/bin/env python3
"""Draw the illustrations of engineer A's four reportages in "Expedition Clusterinitiative".

Same calm, flat editorial style as the "Clusterreportagen" images: the drawing
primitives (supersampled ``Canvas``, hills, clouds, trees, houses) and the palette
come from ``tools/draw_sample_images.py``. Every "random" detail comes from a
``random.Random`` with a fixed seed, the PNGs carry no metadata and no text.

If you change a drawing, update the alt texts in
``sources/expedition-clusterinitiative/reportages/<id>.{de,en}.md``.

Usage::

    python tools/draw_expedition_images_a.py [output_dir]

The default output directory is ``sources/expedition-clusterinitiative/images``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
import draw_sample_images as base  # noqa: E402
from draw_sample_images import (  # noqa: E402
    AMBER,
    BRICK,
    CLOUD,
    CORAL,
    CORAL_DARK,
    CREAM,
    FOREST,
    GOLD,
    INK,
    LEAF,
    LEAF_DARK,
    LEAF_LIGHT,
    MIST,
    NAVY,
    SKY_LOW,
    SKY_TOP,
    SLATE,
    STEEL,
    TEAL,
    TEAL_LIGHT,
    WHITE,
    WOOD,
    WOOD_DARK,
    WOOD_LIGHT,
    Canvas,
    cloud,
    mix,
    tree_round,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "sources" / "expedition-clusterinitiative" / "images"
W, H = 1600, 1000  # drawing grid; saved 1.5 times as large (2400 x 1500)

GLASS = mix(TEAL_LIGHT, SKY_TOP, 0.4)
ALU = (196, 202, 208)
ALU_DARK = (150, 158, 166)
SCREEN = (24, 36, 56)


# --------------------------------------------------------------------------
# Small motifs shared by several scenes
# --------------------------------------------------------------------------

def wheel(cv: Canvas, x: float, y: float, r: float) -> None:
    cv.circle(x, y, r, INK)
    cv.circle(x, y, r * 0.45, MIST)


def bicycle(cv: Canvas, x: float, base_y: float, s: float, frame=CORAL_DARK) -> None:
    r = 34 * s
    for wx in (x, x + 110 * s):
        cv.circle(wx, base_y - r, r, None, outline=INK, width=4 * s)
    hub_l, hub_r = (x, base_y - r), (x + 110 * s, base_y - r)
    crank = (x + 50 * s, base_y - r)
    seat = (x + 38 * s, base_y - r - 60 * s)
    head = (x + 96 * s, base_y - r - 58 * s)
    cv.line([hub_l, crank, seat, hub_l], frame, 5 * s)
    cv.line([crank, head, hub_r], frame, 5 * s)
    cv.line([seat, (x + 92 * s, base_y - r - 54 * s)], frame, 5 * s)
    cv.rect(seat[0] - 14 * s, seat[1] - 8 * s, seat[0] + 12 * s, seat[1] - 2 * s, INK, r=3)
    cv.line([head, (head[0] + 4 * s, head[1] - 14 * s), (head[0] + 22 * s, head[1] - 16 * s)], INK, 4 * s)


def ceiling_light(cv: Canvas, x0: float, x1: float, y: float) -> None:
    cv.rect(x0, y, x1, y + 14, WHITE, r=4)
    cv.rect(x0 + 6, y + 10, x1 - 6, y + 16, (255, 250, 230), r=3)


def window_view(cv: Canvas, x0: float, y0: float, x1: float, y1: float, rng: random.Random,
                frame=WHITE, sky=(188, 214, 226), green=(120, 166, 108)) -> None:
    """A window onto trees: sky gradient, a band of tree crowns, mullions."""
    cv.vgrad(x0, y0, x1, y1, sky, mix(sky, WHITE, 0.5))
    for _ in range(int((x1 - x0) / 16)):
        r = rng.uniform(24, 46)
        tx = rng.uniform(x0 + r, x1 - r)
        cv.ellipse(tx, y1 - rng.uniform(10, (y1 - y0) * 0.35), r, r * 0.9,
                   rng.choice([green, mix(green, FOREST, 0.4), mix(green, WHITE, 0.15)]))
    cv.rect(x0 - 10, y0 - 10, x1 + 10, y0, frame)
    cv.rect(x0 - 10, y1, x1 + 10, y1 + 14, frame)
    cv.rect(x0 - 10, y0, x0, y1, frame)
    cv.rect(x1, y0, x1 + 10, y1, frame)
    cv.rect((x0 + x1) / 2 - 5, y0, (x0 + x1) / 2 + 5, y1, frame)


# --------------------------------------------------------------------------
# 1 Karlsruhe: automated shuttle, supplier's machining hall
# --------------------------------------------------------------------------

def karlsruhe_shuttle() -> Image.Image:
    """An automated electric shuttle at a tram stop on a tree-lined street."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 620, (134, 178, 208), (232, 238, 232))
    cloud(cv, 320, 120, 0.9)
    cloud(cv, 1180, 170, 0.7)
    rng = random.Random(101)
    # row of light town houses with flat roofs
    x = -20
    walls = [(236, 226, 206), (222, 214, 200), (242, 234, 218), (214, 206, 196), (230, 214, 190)]
    while x < W:
        w = rng.randint(150, 230)
        h = rng.randint(230, 330)
        wall = rng.choice(walls)
        cv.rect(x, 620 - h, x + w, 620, wall)
        cv.rect(x - 4, 620 - h - 10, x + w + 4, 620 - h, mix(wall, INK, 0.25))
        for row in range(int((h - 60) // 62)):
            for c in range(int((w - 20) // 46)):
                wx, wy = x + 22 + c * 46, 620 - h + 30 + row * 62
                cv.rect(wx, wy, wx + 24, wy + 36, GLASS if rng.random() < 0.7 else mix(GLASS, INK, 0.3))
        x += w + rng.randint(0, 6)
    # street trees behind the tram track
    for tx in (120, 470, 830, 1190, 1530):
        tree_round(cv, tx, 640, 300, rng.choice([LEAF, LEAF_DARK, (96, 150, 92)]))
    # pavement, tram track on a lawn, road
    cv.rect(0, 620, W, 660, (206, 204, 198))
    cv.rect(0, 660, W, 740, (132, 170, 104))
    for ry in (684, 716):
        cv.rect(0, ry, W, ry + 5, STEEL)
    for k in range(0, W, 40):
        cv.rect(k, 680, k + 14, 724, (112, 146, 92))
    cv.rect(0, 740, W, 760, (196, 196, 190))  # kerb strip
    cv.vgrad(0, 760, W, H, (118, 124, 132), (96, 102, 112))
    for k in range(0, W, 160):
        cv.rect(k + 30, 880, k + 110, 888, WHITE)
    # tram-stop shelter on the strip
    sx = 180
    cv.rect(sx, 540, sx + 260, 552, SLATE)
    cv.rect(sx + 8, 552, sx + 252, 740, mix(GLASS, WHITE, 0.45))
    for px in (sx + 8, sx + 126, sx + 246):
        cv.rect(px, 552, px + 6, 740, SLATE)
    cv.rect(sx + 30, 680, sx + 230, 690, WOOD)
    cv.rect(sx + 40, 690, sx + 46, 720, SLATE)
    cv.rect(sx + 214, 690, sx + 220, 720, SLATE)
    # the shuttle: a rounded box without a driver's cab
    bx0, bx1, top, bot = 620, 1220, 560, 860
    cv.rect(bx0, top, bx1, bot, WHITE, r=46)
    cv.rect(bx0, bot - 70, bx1, bot, TEAL, r=30)
    cv.rect(bx0 + 6, bot - 70, bx1 - 6, bot - 40, TEAL)
    for gx0, gx1 in ((bx0 + 40, bx0 + 170), (bx0 + 186, bx0 + 300), (bx1 - 220, bx1 - 40)):
        cv.rect(gx0, top + 40, gx1, top + 150, mix(GLASS, NAVY, 0.15), r=14)
        cv.line([(gx0 + 20, top + 130), (gx0 + 60, top + 60)], (210, 232, 236), 4)
    # sliding double door in the middle
    dx = bx0 + 320
    cv.rect(dx, top + 36, dx + 140, bot - 70, mix(GLASS, NAVY, 0.1), r=10)
    cv.rect(dx + 68, top + 36, dx + 72, bot - 70, WHITE)
    cv.rect(dx + 50, top + 150, dx + 56, top + 200, STEEL)
    cv.rect(dx + 84, top + 150, dx + 90, top + 200, STEEL)
    # sensors: two lidar domes on the roof, a small camera bar front and back
    for lx in (bx0 + 70, bx1 - 70):
        cv.rect(lx - 26, top - 34, lx + 26, top + 4, INK, r=8)
        cv.rect(lx - 22, top - 26, lx + 22, top - 14, (90, 104, 130), r=4)
    cv.rect(bx0 + 200, top - 12, bx1 - 200, top + 4, SLATE, r=6)
    cv.rect(bx0 - 8, top + 180, bx0 + 10, top + 230, INK, r=4)
    cv.rect(bx1 - 10, top + 180, bx1 + 8, top + 230, INK, r=4)
    cv.rect(bx1 - 26, bot - 120, bx1 - 6, bot - 96, GOLD, r=4)
    cv.rect(bx0 + 6, bot - 120, bx0 + 26, bot - 96, CORAL, r=4)
    wheel(cv, bx0 + 130, bot, 48)
    wheel(cv, bx1 - 130, bot, 48)
    cv.ellipse((bx0 + bx1) / 2, bot + 50, 330, 12, (84, 90, 100))
    # parked bicycle and a charging pole on the right
    bicycle(cv, 1330, 750, 1.0)
    cv.rect(1500, 600, 1540, 750, TEAL, r=8)
    cv.rect(1508, 620, 1532, 650, (180, 230, 210), r=4)
    return cv.finish()


def ribbed_housing(cv: Canvas, cx: float, base_y: float, w: float, h: float) -> None:
    """An aluminium electric-motor housing lying on its side: cylinder with cooling ribs."""
    cv.rect(cx - w / 2, base_y - h, cx + w / 2, base_y, ALU)
    cv.rect(cx - w / 2, base_y - h * 0.28, cx + w / 2, base_y, ALU_DARK)
    for k in range(1, 12):
        rx = cx - w / 2 + w * k / 12
        cv.rect(rx - 4, base_y - h - 8, rx + 4, base_y + 2, mix(ALU, WHITE, 0.3), r=3)
    cv.ellipse(cx + w / 2, base_y - h / 2, h * 0.18, h / 2, mix(ALU, WHITE, 0.2))
    cv.ellipse(cx + w / 2, base_y - h / 2, h * 0.10, h * 0.28, STEEL)


def karlsruhe_werkhalle() -> Image.Image:
    """A supplier's machining hall: CNC machine, crates of small turned parts, motor housings."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 660, (214, 220, 222), (236, 236, 230))
    # high windows in the back wall
    for wx in range(60, W, 260):
        cv.rect(wx, 60, wx + 200, 250, GLASS)
        for k in (1, 2, 3):
            cv.rect(wx + k * 50 - 3, 60, wx + k * 50 + 3, 250, SLATE)
        cv.rect(wx, 150, wx + 200, 156, SLATE)
    px: float  # int here, float further down
    for px in range(0, W + 1, 260):
        cv.rect(px + 20, 0, px + 40, 660, STEEL)
    # overhead crane runway
    cv.rect(0, 290, W, 322, AMBER)
    cv.rect(0, 318, W, 326, mix(AMBER, INK, 0.3))
    cv.rect(980, 322, 1040, 360, INK)
    cv.line([(1010, 360), (1010, 470)], INK, 3)
    cv.line([(990, 470), (1010, 490), (1030, 470)], INK, 4)
    # floor with a painted walkway
    cv.vgrad(0, 660, W, H, (176, 182, 184), (146, 152, 158))
    cv.poly([(0, 900), (W, 860), (W, 880), (0, 922)], GOLD)
    # the CNC machining centre
    mx0, mx1, mtop, mbot = 520, 1100, 380, 760
    cv.rect(mx0, mtop, mx1, mbot, (232, 232, 226), r=18)
    cv.rect(mx0, mtop, mx1, mtop + 40, TEAL, r=18)
    cv.rect(mx0, mtop + 24, mx1, mtop + 40, TEAL)
    cv.rect(mx0 + 40, mtop + 80, mx0 + 380, mbot - 90, mix(GLASS, NAVY, 0.25), r=10)
    # inside: spindle, tool and a part on the table
    cv.rect(mx0 + 180, mtop + 80, mx0 + 240, mtop + 200, SLATE)
    cv.rect(mx0 + 198, mtop + 200, mx0 + 222, mtop + 240, STEEL)
    cv.rect(mx0 + 90, mbot - 150, mx0 + 330, mbot - 130, INK)
    cv.rect(mx0 + 150, mbot - 200, mx0 + 270, mbot - 150, ALU)
    cv.line([(mx0 + 60, mbot - 110), (mx0 + 140, mtop + 120)], (214, 234, 238), 5)
    # control panel with an abstract screen (bars and a curve, no text)
    px0 = mx0 + 420
    cv.rect(px0, mtop + 80, px0 + 130, mbot - 110, INK, r=10)
    cv.rect(px0 + 12, mtop + 96, px0 + 118, mtop + 190, SCREEN)
    for k, hgt in enumerate((30, 52, 40, 66)):
        cv.rect(px0 + 22 + k * 24, mtop + 180 - hgt, px0 + 38 + k * 24, mtop + 180, TEAL_LIGHT)
    for r in range(3):
        for c in range(3):
            cv.circle(px0 + 34 + c * 32, mtop + 230 + r * 34, 10,
                      [MIST, MIST, CORAL][c] if r == 2 else MIST)
    cv.rect(mx0 + 20, mbot - 20, mx1 - 20, mbot + 10, SLATE)
    # left: pallet with crates of small turned parts from the old production
    for k, (cx0, ctop) in enumerate(((90, 640), (260, 640), (175, 540))):
        cv.rect(cx0, ctop, cx0 + 160, ctop + 100, (96, 120, 150), r=6)
        cv.rect(cx0 + 8, ctop + 8, cx0 + 152, ctop + 24, (120, 146, 176), r=4)
        rng = random.Random(200 + k)
        for _ in range(14):
            px = rng.uniform(cx0 + 18, cx0 + 138)
            cv.rect(px, ctop - rng.uniform(12, 30), px + 10, ctop + 6, STEEL, r=3)
            cv.circle(px + 5, ctop - 6, 4, MIST)
    cv.rect(80, 740, 430, 760, WOOD)
    for k in range(4):
        cv.rect(86 + k * 110, 760, 120 + k * 110, 780, WOOD_DARK)
    # right: workbench with two ribbed motor housings and a cooling plate
    cv.rect(1160, 700, 1560, 724, WOOD_LIGHT)
    cv.rect(1180, 724, 1200, 880, SLATE)
    cv.rect(1520, 724, 1540, 880, SLATE)
    cv.rect(1180, 840, 1540, 852, SLATE)
    ribbed_housing(cv, 1280, 700, 170, 120)
    ribbed_housing(cv, 1450, 700, 120, 90)
    # flat battery cooling plate leaning against the machine, serpentine channel
    cv.poly([(1120, 860), (1160, 620), (1300, 620), (1260, 860)], ALU)
    for k in range(5):
        y = 650 + k * 42
        t0, t1 = (y - 620) / 240, (y + 20 - 620) / 240
        cv.line([(1160 - 40 * t0 + 16, y), (1300 - 40 * t0 - 16, y)], ALU_DARK, 6)
        if k < 4:
            side = 1300 - 40 * t1 - 16 if k % 2 == 0 else 1160 - 40 * t1 + 16
            cv.line([(side, y), (side, y + 42)], ALU_DARK, 6)
    return cv.finish()


# --------------------------------------------------------------------------
# 2 Erlangen: computed tomography room, children's ward with handheld ultrasound
# --------------------------------------------------------------------------

def erlangen_scanner() -> Image.Image:
    """A calm imaging room with a large ring-shaped scanner and a patient table."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 700, (226, 234, 238), (240, 242, 240))
    for lx in (200, 640, 1080):
        ceiling_light(cv, lx, lx + 300, 40)
    # window to the control room on the left, a plant on the right
    cv.rect(80, 200, 440, 430, SLATE, r=6)
    cv.rect(96, 216, 424, 414, mix(GLASS, NAVY, 0.35))
    for k in range(2):
        cv.rect(130 + k * 150, 330, 250 + k * 150, 400, SCREEN)
        cv.line([(140 + k * 150, 380), (180 + k * 150, 350), (240 + k * 150, 370)], TEAL_LIGHT, 3)
    # wall stripe
    cv.rect(0, 560, W, 580, TEAL_LIGHT)
    # floor
    cv.vgrad(0, 700, W, H, (206, 212, 214), (178, 186, 192))
    # the scanner gantry: a big ring with a tunnel
    gx, gy = 1000, 470
    cv.rect(gx - 300, 660, gx + 300, 740, (214, 220, 224), r=20)
    cv.circle(gx, gy, 300, WHITE)
    cv.circle(gx, gy, 300, None, outline=MIST, width=6)
    cv.circle(gx, gy, 240, (238, 240, 240))
    cv.circle(gx, gy, 150, mix(SLATE, NAVY, 0.3))
    cv.circle(gx, gy, 138, mix(SKY_TOP, INK, 0.45))
    cv.arc(gx, gy, 270, 270, 200, 340, TEAL, 14)
    cv.circle(gx + 200, gy + 190, 12, TEAL_LIGHT)
    # patient table sliding into the tunnel
    cv.poly([(420, 560), (gx - 40, 560), (gx - 40, 588), (440, 600)], (240, 242, 244))
    cv.rect(420, 588, gx - 60, 604, MIST)
    cv.rect(380, 560, 440, 600, CLOUD, r=10)
    cv.rect(540, 604, 760, 700, (214, 220, 224), r=10)
    cv.rect(520, 700, 780, 724, mix(STEEL, WHITE, 0.2), r=6)
    cv.rect(460, 548, 560, 562, (186, 214, 226), r=7)  # pillow
    # folded blanket
    cv.rect(640, 552, 760, 564, TEAL_LIGHT, r=4)
    # plant in a pot
    cv.poly([(1400, 700), (1480, 700), (1470, 780), (1410, 780)], WOOD_LIGHT)
    for k, ang in enumerate((-150, -120, -95, -70, -40, -110, -60)):
        base.leaf(cv, 1440, 700, 110 + (k % 3) * 20, ang, 20, LEAF if k % 2 else LEAF_DARK)
    return cv.finish()


def teddy(cv: Canvas, x: float, y: float, s: float) -> None:
    fur, muzzle = (190, 140, 96), (226, 196, 160)
    cv.circle(x - 34 * s, y - 96 * s, 16 * s, fur)
    cv.circle(x + 34 * s, y - 96 * s, 16 * s, fur)
    cv.ellipse(x, y - 20 * s, 50 * s, 56 * s, fur)
    cv.circle(x, y - 80 * s, 40 * s, fur)
    cv.ellipse(x, y - 70 * s, 18 * s, 13 * s, muzzle)
    cv.circle(x, y - 75 * s, 5 * s, INK)
    cv.circle(x - 15 * s, y - 92 * s, 4.5 * s, INK)
    cv.circle(x + 15 * s, y - 92 * s, 4.5 * s, INK)
    cv.ellipse(x - 34 * s, y + 28 * s, 22 * s, 16 * s, fur)
    cv.ellipse(x + 34 * s, y + 28 * s, 22 * s, 16 * s, fur)
    cv.ellipse(x, y - 14 * s, 28 * s, 30 * s, muzzle)


def ultrasound_picture(cv: Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    """An abstract ultrasound image: a grey fan on black with a dark round vessel."""
    cv.rect(x0, y0, x1, y1, (16, 20, 26))
    cx = (x0 + x1) / 2
    top = y0 + 10
    r = (y1 - y0) - 20
    cv.d.pieslice(cv._box(cx - r, top - r, cx + r, top + r), 55, 125, fill=(88, 92, 98))
    for k, shade in enumerate(((120, 124, 128), (104, 108, 112), (132, 136, 138))):
        rr = r * (0.35 + 0.2 * k)
        cv.arc(cx, top, rr, rr, 60, 120, shade, 5)
    cv.ellipse(cx + r * 0.06, top + r * 0.62, r * 0.11, r * 0.08, (26, 30, 36))


def erlangen_kinderstation() -> Image.Image:
    """A children's ward room: bed with a teddy bear, a tablet showing an ultrasound image."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 680, (246, 236, 214), (242, 238, 228))
    rng = random.Random(202)
    window_view(cv, 940, 110, 1460, 460, rng)
    # a paper mobile of three circles and a star-free kite shape, hung from the ceiling
    for k, (mx, col) in enumerate(((260, CORAL), (380, GOLD), (500, TEAL_LIGHT))):
        cv.line([(mx, 0), (mx, 150 + k * 30)], SLATE, 2)
        cv.circle(mx, 180 + k * 30, 30, col)
    cv.line([(240, 0), (520, 0)], SLATE, 4)
    # floor
    cv.vgrad(0, 680, W, H, (208, 192, 164), (186, 168, 140))
    # bed
    cv.rect(80, 520, 860, 700, (250, 250, 248), r=20)
    cv.rect(80, 540, 860, 560, (186, 214, 226))
    cv.rect(60, 420, 90, 820, SLATE, r=8)
    cv.rect(850, 500, 880, 820, SLATE, r=8)
    cv.rect(60, 700, 880, 730, STEEL, r=6)
    for wx in (110, 830):
        wheel(cv, wx, 830, 18)
    cv.rect(110, 470, 330, 540, WHITE, r=30)  # pillow
    cv.rect(380, 500, 860, 620, mix(TEAL_LIGHT, WHITE, 0.35), r=16)  # blanket
    for k in range(5):
        cv.line([(420 + k * 90, 510), (420 + k * 90, 610)], mix(TEAL_LIGHT, WHITE, 0.1), 3)
    teddy(cv, 250, 500, 1.05)
    # bedside table with the handheld probe and its cable
    cv.rect(960, 600, 1160, 624, WOOD_LIGHT, r=4)
    cv.rect(976, 624, 1144, 820, WOOD, r=4)
    cv.rect(990, 660, 1130, 700, WOOD_LIGHT, r=4)
    cv.rect(1040, 674, 1080, 684, WOOD_DARK, r=3)
    cv.rect(1000, 576, 1080, 600, WHITE, r=10)
    cv.rect(1072, 570, 1096, 606, TEAL, r=8)
    cv.line([(1000, 590), (970, 560), (1000, 520), (1160, 500), (1230, 470)], SLATE, 4)
    # tablet on a rolling stand, showing the ultrasound picture
    sx = 1290
    cv.rect(sx - 6, 470, sx + 6, 880, STEEL)
    cv.line([(sx - 70, 890), (sx + 70, 890)], SLATE, 10)
    for wx in (sx - 70, sx + 70):
        wheel(cv, wx, 896, 10)
    cv.rect(sx - 150, 260, sx + 150, 480, INK, r=16)
    ultrasound_picture(cv, sx - 134, 276, sx + 134, 464)
    # a child's drawing pinned to the wall: a house and a sun, no letters
    cv.rect(520, 170, 760, 350, WHITE)
    cv.circle(700, 215, 24, GOLD)
    cv.rect(560, 270, 650, 330, CORAL)
    cv.poly([(550, 270), (605, 220), (660, 270)], BRICK)
    cv.line([(520, 340), (760, 340)], LEAF, 6)
    return cv.finish()


# --------------------------------------------------------------------------
# 3 Berlin: courtyard of a commercial building, rehabilitation gym
# --------------------------------------------------------------------------

def berlin_hinterhof() -> Image.Image:
    """A Berlin brick courtyard with a tree and bicycles; the TV tower beyond the roofs."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 400, (142, 182, 212), (228, 232, 226))
    cloud(cv, 1280, 90, 0.8)
    # TV tower in the distance, above the roofs
    tv = (150, 164, 180)
    tx = 1120
    cv.poly([(tx - 14, 400), (tx - 6, 60), (tx + 6, 60), (tx + 14, 400)], tv)
    cv.circle(tx, 110, 34, tv)
    cv.rect(tx - 3, 10, tx + 3, 80, tv)
    cv.ellipse(tx, 150, 16, 8, tv)
    brick_l, brick_r = (170, 92, 70), (156, 84, 66)

    def facade(x0: float, x1: float, top: float, color, cols: int) -> None:
        cv.rect(x0, top, x1, 800, color)
        cv.rect(x0, top, x1, top + 18, mix(color, INK, 0.25))
        for fl in range(4):
            y = top + 50 + fl * 150
            cv.rect(x0, y + 104, x1, y + 112, mix(color, WHITE, 0.15))
            for c in range(cols):
                wx = x0 + 30 + c * (x1 - x0 - 60) / cols
                ww = (x1 - x0 - 60) / cols - 24
                cv.rect(wx, y, wx + ww, y + 96, GLASS, r=ww * 0.5 if fl == 0 else 0)
                for k in (1, 2):
                    cv.rect(wx + ww * k / 3 - 2, y, wx + ww * k / 3 + 2, y + 96, WHITE)
                cv.rect(wx, y + 44, wx + ww, y + 48, WHITE)

    facade(-20, 560, 170, brick_l, 3)
    facade(1040, 1620, 170, brick_l, 3)
    facade(560, 1040, 230, brick_r, 3)
    # gateway at the back
    cv.rect(740, 640, 860, 800, (90, 60, 52))
    cv.d.pieslice(cv._box(740, 580, 860, 700), 180, 360, fill=(90, 60, 52))
    # cobbled courtyard
    cv.vgrad(0, 800, W, H, (170, 168, 162), (140, 138, 134))
    rng = random.Random(303)
    for row in range(8):
        y = 810 + row * 24
        off = (row % 2) * 20
        for c in range(-1, 42):
            x = c * 40 + off
            cv.rect(x + 2, y, x + 36, y + 18,
                    rng.choice([(160, 158, 152), (176, 172, 166), (150, 148, 144)]), r=5)
    # a plane tree in a round bed
    cv.ellipse(800, 880, 120, 26, (110, 96, 80))
    cv.rect(788, 560, 812, 880, WOOD_DARK)
    for _ in range(26):
        cv.circle(800 + rng.uniform(-190, 190), 470 + rng.uniform(-90, 110), rng.uniform(50, 80),
                  rng.choice([LEAF, LEAF_DARK, LEAF_LIGHT, (96, 150, 92)]))
    # bicycle rack with three bicycles, bench
    cv.line([(150, 880), (520, 880)], SLATE, 6)
    for k, col in enumerate((CORAL_DARK, TEAL, NAVY)):
        bicycle(cv, 170 + k * 120, 900, 0.9, col)
    cv.rect(1110, 820, 1390, 836, WOOD)
    cv.rect(1110, 790, 1390, 802, WOOD)
    cv.rect(1130, 836, 1140, 880, SLATE)
    cv.rect(1360, 836, 1370, 880, SLATE)
    # flower box on the ground floor
    cv.rect(1460, 770, 1560, 800, WOOD)
    for k in range(6):
        cv.circle(1470 + k * 17, 764, 10, [CORAL, GOLD, LEAF][k % 3])
    return cv.finish()


def tablet_figure(cv: Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    """A tablet screen with a stick figure doing a knee bend; joints as dots, an angle arc."""
    cv.rect(x0, y0, x1, y1, SCREEN)
    cx = (x0 + x1) / 2
    sy = y0 + (y1 - y0) * 0.2
    hip = (cx, sy + 110)
    knee = (cx + 50, sy + 170)
    ankle = (cx + 10, sy + 240)
    shoulder = (cx - 10, sy + 30)
    cv.circle(cx - 14, sy - 6, 22, TEAL_LIGHT)
    cv.line([shoulder, hip, knee, ankle], TEAL_LIGHT, 7)
    cv.line([shoulder, (cx + 60, sy + 60)], TEAL_LIGHT, 7)
    cv.line([(ankle[0] - 10, ankle[1]), (ankle[0] + 30, ankle[1])], TEAL_LIGHT, 7)
    for p in (shoulder, hip, knee, ankle):
        cv.circle(p[0], p[1], 9, GOLD)
    cv.arc(knee[0], knee[1], 34, 34, 120, 230, CORAL, 5)
    cv.rect(x0 + 20, y1 - 30, x1 - 20, y1 - 18, (52, 66, 92), r=6)
    cv.rect(x0 + 20, y1 - 30, x0 + 20 + (x1 - x0 - 40) * 0.7, y1 - 18, LEAF_LIGHT, r=6)


def berlin_reha() -> Image.Image:
    """A rehabilitation gym: parallel bars, wall bars, exercise balls, a tablet on a stand."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 660, (236, 240, 236), (244, 242, 234))
    rng = random.Random(304)
    window_view(cv, 80, 120, 560, 440, rng, sky=(176, 206, 224), green=(112, 160, 110))
    # a band of lake water in the window
    cv.rect(80, 380, 555, 440, (110, 160, 184))
    cv.line([(120, 405), (220, 405)], (190, 220, 230), 3)
    cv.line([(330, 420), (450, 420)], (190, 220, 230), 3)
    cv.rect(75, 440, 565, 454, WHITE)
    cv.rect((80 + 560) / 2 - 5, 120, (80 + 560) / 2 + 5, 440, WHITE)
    # wall bars
    for k in range(5):
        cv.rect(680 + k * 60, 140, 692 + k * 60, 660, WOOD)
    for k in range(12):
        cv.rect(680, 170 + k * 42, 932, 178 + k * 42, WOOD_LIGHT, r=3)
    # wooden floor
    cv.vgrad(0, 660, W, H, (214, 176, 128), (192, 150, 104))
    for k in range(0, W, 120):
        cv.line([(k, 660), (k - 80, H)], (196, 156, 110), 2)
    # mats and exercise balls
    cv.poly([(60, 880), (520, 880), (560, 960), (20, 960)], TEAL)
    cv.circle(1020, 790, 90, CORAL)
    cv.arc(1020, 790, 70, 70, 200, 260, mix(CORAL, WHITE, 0.4), 8)
    cv.circle(1170, 830, 54, GOLD)
    cv.arc(1170, 830, 40, 40, 200, 260, mix(GOLD, WHITE, 0.5), 6)
    # parallel bars
    for y, x0, x1 in ((700, 200, 760), (740, 240, 820)):
        cv.rect(x0, y, x1, y + 14, STEEL, r=7)
    for px in (230, 700, 270, 760):
        y = 714 if px in (230, 700) else 754
        cv.rect(px, y, px + 12, 880 if px in (230, 700) else 900, SLATE)
    # small stepping box
    cv.rect(600, 870, 800, 930, WOOD_LIGHT, r=6)
    cv.rect(600, 870, 800, 884, WOOD, r=6)
    # tablet on a tripod showing the exercise
    tx = 1380
    cv.line([(tx, 560), (tx - 80, 900)], SLATE, 6)
    cv.line([(tx, 560), (tx + 80, 900)], SLATE, 6)
    cv.line([(tx, 560), (tx, 910)], SLATE, 6)
    cv.rect(tx - 150, 180, tx + 150, 580, INK, r=18)
    tablet_figure(cv, tx - 134, 198, tx + 134, 562)
    # towel and water bottle on a stool
    cv.rect(1210, 610, 1310, 626, WOOD)
    cv.rect(1226, 626, 1236, 720, SLATE)
    cv.rect(1284, 626, 1294, 720, SLATE)
    cv.rect(1224, 590, 1286, 610, TEAL_LIGHT, r=6)
    cv.rect(1290, 540, 1310, 610, (180, 214, 230), r=6)
    return cv.finish()


# --------------------------------------------------------------------------
# 4 Bremen: clean room with a small satellite, the Weser at dusk
# --------------------------------------------------------------------------

def cubesat(cv: Canvas, x: float, base_y: float, s: float) -> None:
    """A small box satellite: gold foil body, blue solar cells, a folded panel, antenna."""
    w, h, d = 150 * s, 300 * s, 60 * s
    cv.poly([(x, base_y - h), (x + d, base_y - h - d * 0.6), (x + w + d, base_y - h - d * 0.6),
             (x + w, base_y - h)], (212, 180, 96))
    cv.poly([(x + w, base_y - h), (x + w + d, base_y - h - d * 0.6), (x + w + d, base_y - d * 0.6),
             (x + w, base_y)], (188, 150, 74))
    cv.rect(x, base_y - h, x + w, base_y, (226, 196, 112))
    for r in range(3):
        for c in range(2):
            cx0 = x + 12 * s + c * (w - 24 * s) / 2
            cy0 = base_y - h + 14 * s + r * (h - 28 * s) / 3
            cv.rect(cx0 + 2, cy0 + 2, cx0 + (w - 24 * s) / 2 - 4, cy0 + (h - 28 * s) / 3 - 4,
                    (44, 70, 128))
            cv.line([(cx0 + 6, cy0 + (h - 28 * s) / 6), (cx0 + (w - 24 * s) / 2 - 8, cy0 + (h - 28 * s) / 6)],
                    (86, 116, 170), 1.5)
    for k in range(5):
        cv.rect(x - 4, base_y - h + k * h / 4 - 4, x + 4, base_y - h + k * h / 4 + 4, ALU_DARK)
    # folded-out solar panel on a hinge
    cv.poly([(x + w + d, base_y - h - d * 0.6), (x + w + d + 170 * s, base_y - h - d * 0.6 + 40 * s),
             (x + w + d + 170 * s, base_y - d * 0.6 + 40 * s), (x + w + d, base_y - d * 0.6)], (44, 70, 128))
    for k in range(1, 4):
        yy = base_y - h - d * 0.6 + k * h / 4
        cv.line([(x + w + d, yy), (x + w + d + 170 * s, yy + 40 * s)], (86, 116, 170), 2)
    cv.line([(x + d / 2, base_y - h - d * 0.3), (x + d / 2 - 30 * s, base_y - h - 70 * s)], ALU_DARK, 3)


def bremen_reinraum() -> Image.Image:
    """A clean room: a small satellite on an antistatic bench under a clean-air hood."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 700, (232, 238, 240), (244, 246, 244))
    # ceiling filter panels
    for k in range(0, W, 200):
        cv.rect(k + 10, 10, k + 190, 70, (222, 228, 232), outline=MIST, width=3)
        for j in range(1, 6):
            cv.line([(k + 10 + j * 30, 14), (k + 10 + j * 30, 66)], MIST, 2)
    # glass wall to the corridor at the back, with a corridor wall behind
    cv.rect(60, 150, 700, 560, mix(GLASS, WHITE, 0.55))
    for k in range(1, 4):
        cv.rect(60 + k * 160 - 4, 150, 60 + k * 160 + 4, 560, ALU_DARK)
    cv.rect(60, 150, 700, 160, ALU_DARK)
    cv.rect(60, 550, 700, 560, ALU_DARK)
    # shelf with storage boxes on the right wall
    for sy in (220, 360):
        cv.rect(1200, sy, 1540, sy + 10, ALU_DARK)
        for k in range(4):
            cv.rect(1214 + k * 82, sy - 70, 1280 + k * 82, sy, [TEAL_LIGHT, MIST, TEAL_LIGHT, WHITE][k], r=6)
    # floor
    cv.vgrad(0, 700, W, H, (214, 222, 226), (190, 200, 206))
    for k in range(0, W, 100):
        cv.line([(k, 700), (k - 60, H)], (204, 212, 216), 2)
    # clean-air hood above the bench
    cv.rect(520, 170, 1160, 250, WHITE, r=10)
    cv.rect(540, 250, 1140, 262, MIST)
    for k in range(9):
        cv.line([(560 + k * 70, 270), (560 + k * 70, 300)], mix(SKY_LOW, SKY_TOP, 0.3), 3)
    # bench with a grey antistatic mat
    cv.rect(440, 640, 1240, 670, ALU, r=6)
    cv.rect(460, 620, 1220, 640, (92, 110, 120), r=4)
    for lx in (470, 1190):
        cv.rect(lx, 670, lx + 20, 900, ALU_DARK)
    cv.rect(470, 860, 1210, 874, ALU_DARK)
    # the satellite on a small stand
    cv.rect(640, 600, 800, 620, SLATE, r=4)
    cubesat(cv, 640, 600, 1.0)
    # tool tray and a pair of gloves
    cv.rect(1000, 596, 1180, 620, (214, 218, 220), r=4)
    for k, col in enumerate((CORAL, TEAL, STEEL, GOLD)):
        cv.rect(1012 + k * 40, 600, 1040 + k * 40, 606, col, r=2)
        cv.line([(1026 + k * 40, 606), (1026 + k * 40, 616)], SLATE, 3)
    cv.ellipse(520, 610, 40, 12, (130, 170, 206))
    cv.ellipse(560, 606, 36, 11, (130, 170, 206))
    # a trolley with a shipping container for the satellite
    cv.rect(1280, 720, 1520, 820, (232, 232, 226), r=10)
    cv.rect(1280, 720, 1520, 740, AMBER, r=10)
    cv.rect(1290, 820, 1510, 832, SLATE)
    for wx in (1300, 1500):
        wheel(cv, wx, 850, 18)
    return cv.finish()


def bremen_weser() -> Image.Image:
    """The Weser at dusk: gabled houses, an old harbour crane, a modern hall, a passing satellite."""
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 600, (38, 56, 96), (238, 170, 120))
    rng = random.Random(404)
    for _ in range(40):
        sx, sy = rng.uniform(0, W), rng.uniform(10, 260)
        cv.circle(sx, sy, rng.uniform(1.5, 3.2), (236, 236, 240))
    # the satellite: a bright dot with a faint trail across the sky
    trail = [(300 + 60 * k, 140 - 6 * k) for k in range(10)]
    for k in range(len(trail) - 1):
        cv.line([trail[k], trail[k + 1]], mix((60, 80, 120), WHITE, 0.15 + 0.07 * k), 2.5)
    cv.circle(*trail[-1], 6, WHITE)
    cv.circle(*trail[-1], 12, None, outline=mix(WHITE, NAVY, 0.5), width=2)
    # a church tower behind the houses
    cv.rect(420, 260, 470, 420, (120, 92, 86))
    cv.poly([(420, 260), (445, 180), (470, 260)], (70, 94, 92))
    # left bank: gabled old houses
    x = -10
    walls = [(196, 150, 122), (214, 184, 150), (170, 112, 92), (226, 206, 176), (184, 132, 108)]
    while x < 640:
        w = rng.randint(80, 120)
        h = rng.randint(150, 220)
        wall = rng.choice(walls)
        cv.rect(x, 600 - h, x + w, 600, wall)
        # stepped gable
        for k in range(4):
            cv.rect(x + k * w / 8, 600 - h - (k + 1) * 16, x + w - k * w / 8, 600 - h - k * 16, wall)
        for r in range(int((h - 30) // 50)):
            for c in range(2):
                wx = x + w * 0.2 + c * w * 0.4
                wy = 600 - h + 20 + r * 50
                cv.rect(wx, wy, wx + w * 0.2, wy + 28, GOLD if rng.random() < 0.5 else mix(wall, INK, 0.4))
        x += w + 2
    # right bank: a modern hall with a large gate, and an old harbour crane
    cv.rect(980, 400, 1560, 600, (210, 214, 220))
    cv.rect(970, 390, 1570, 402, SLATE)
    cv.rect(1120, 460, 1340, 600, mix(SLATE, NAVY, 0.2))
    for gy in range(470, 600, 16):
        cv.line([(1120, gy), (1340, gy)], mix(SLATE, WHITE, 0.2), 2)
    for wx in range(1380, 1540, 50):
        cv.rect(wx, 440, wx + 34, 480, GOLD)
    crane = (150, 60, 48)
    cv.rect(740, 380, 800, 600, crane)
    cv.rect(720, 330, 840, 390, crane)
    cv.line([(820, 340), (960, 250)], crane, 12)
    cv.line([(790, 330), (960, 250)], crane, 4)
    cv.line([(960, 250), (960, 420)], INK, 2)
    cv.rect(950, 420, 970, 432, INK)
    # quay and river
    cv.rect(0, 600, W, 624, (120, 104, 96))
    base.water(cv, 0, 624, W, H, (200, 148, 122), (44, 60, 96), rng, (240, 190, 150), n=70)
    for i in range(8):
        y = 650 + i * 32
        for sx in (90, 250, 1420):
            cv.line([(sx - 20 + i * 3, y), (sx + 20 - i * 3, y)], GOLD, 3)
    # a small ship with a navy hull
    sx, sy = 1000, 800
    cv.poly([(sx - 180, sy), (sx + 200, sy), (sx + 170, sy + 30), (sx - 160, sy + 30)], NAVY)
    cv.rect(sx - 40, sy - 70, sx + 80, sy, CREAM)
    cv.rect(sx - 30, sy - 60, sx + 70, sy - 44, mix(GLASS, NAVY, 0.2))
    cv.rect(sx + 10, sy - 110, sx + 30, sy - 70, CORAL_DARK)
    for lx in (sx - 150, sx + 180):
        cv.circle(lx, sy - 8, 5, GOLD)
    return cv.finish()


SCENES: dict[str, Callable[[], Image.Image]] = {
    "karlsruhe-mobilitaet-shuttle.png": karlsruhe_shuttle,
    "karlsruhe-mobilitaet-werkhalle.png": karlsruhe_werkhalle,
    "erlangen-medizintechnik-scanner.png": erlangen_scanner,
    "erlangen-medizintechnik-kinderstation.png": erlangen_kinderstation,
    "berlin-digitalgesundheit-hinterhof.png": berlin_hinterhof,
    "berlin-digitalgesundheit-reha.png": berlin_reha,
    "bremen-raumfahrt-reinraum.png": bremen_reinraum,
    "bremen-raumfahrt-weser.png": bremen_weser,
}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    only = set(argv[1:])
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in SCENES.items():
        if only and name not in only:
            continue
        img = draw().convert("RGB")
        path = out / name
        img.save(path, format="PNG", optimize=True)  # Pillow adds no tIME/tEXt chunks
        print(f"{path}: {img.size[0]}x{img.size[1]}, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
