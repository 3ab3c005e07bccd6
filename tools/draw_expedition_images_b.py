#!/usr/bin/env python3
"""Draw engineer B's illustrations for the "Expedition Clusterinitiative" edition.

Reportages 5-8 (Hamburg, Darmstadt, Aachen, Dresden), the edition's cover and the
funder's mark. Same calm flat style, palette and primitives as
``tools/draw_sample_images.py`` (imported, not copied): Pillow primitives only,
fixed seeds for every "random" detail, no text in any image, PNGs written
without metadata.

The alt texts in ``sources/expedition-clusterinitiative`` describe these
pictures; if you change a drawing, update them.

Usage::

    python tools/draw_expedition_images_b.py [output_dir]

The default output directory is ``sources/expedition-clusterinitiative/images``.
"""
from __future__ import annotations

import math
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
    BRICK_DARK,
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
    SAND,
    SEA_DEEP,
    SKY_LOW,
    SKY_TOP,
    SLATE,
    STEEL,
    TEAL,
    TEAL_LIGHT,
    WHITE,
    WOOD,
    WOOD_LIGHT,
    Canvas,
    mix,
)

ROOT = base.ROOT
DEFAULT_OUT = ROOT / "sources" / "expedition-clusterinitiative" / "images"

CONTAINER_COLOURS = [CORAL, TEAL, AMBER, SEA_DEEP, (120, 132, 150), BRICK, LEAF_DARK, (196, 150, 70)]


# --------------------------------------------------------------------------
# Motifs of this set
# --------------------------------------------------------------------------

def container(cv: Canvas, x: float, y: float, w: float, h: float, colour) -> None:
    """A shipping container seen from the side, with corrugation lines."""
    cv.rect(x, y, x + w, y + h, colour)
    dark = mix(colour, INK, 0.3)
    step = max(6.0, w / 14)
    gx = x + step
    while gx < x + w - 2:
        cv.line([(gx, y + 3), (gx, y + h - 3)], dark, 1.4)
        gx += step
    cv.rect(x, y, x + w, y + 3, mix(colour, WHITE, 0.25))


def quay_crane(cv: Canvas, x: float, base_y: float, s: float, colour=CORAL) -> None:
    """A ship-to-shore gantry crane: legs on the quay, boom reaching over the water (left)."""
    top = base_y - 430 * s
    dark = mix(colour, INK, 0.35)
    for lx in (x, x + 120 * s):
        cv.rect(lx - 8 * s, top + 40 * s, lx + 8 * s, base_y, colour)
    cv.rect(x - 8 * s, base_y - 150 * s, x + 128 * s, base_y - 136 * s, dark)
    # boom: long over the water, short backreach
    cv.rect(x - 330 * s, top + 40 * s, x + 200 * s, top + 62 * s, colour)
    cv.rect(x + 30 * s, top - 60 * s, x + 90 * s, top + 40 * s, colour)  # apex
    cv.line([(x + 60 * s, top - 60 * s), (x - 300 * s, top + 42 * s)], dark, 3 * s)
    cv.line([(x + 60 * s, top - 60 * s), (x + 190 * s, top + 42 * s)], dark, 3 * s)
    cv.rect(x - 10 * s, top + 62 * s, x + 40 * s, top + 100 * s, WHITE)  # cabin
    cv.rect(x - 4 * s, top + 70 * s, x + 34 * s, top + 86 * s, mix(SKY_TOP, INK, 0.3))
    # trolley with spreader hanging over the ship
    tx = x - 220 * s
    cv.rect(tx - 20 * s, top + 62 * s, tx + 20 * s, top + 78 * s, dark)
    cv.line([(tx - 10 * s, top + 78 * s), (tx - 10 * s, top + 230 * s)], INK, 1.6 * s)
    cv.line([(tx + 10 * s, top + 78 * s), (tx + 10 * s, top + 230 * s)], INK, 1.6 * s)
    cv.rect(tx - 40 * s, top + 230 * s, tx + 40 * s, top + 240 * s, AMBER)


def agv(cv: Canvas, x: float, base_y: float, load=None) -> None:
    """An automated guided vehicle (flat, no cab) carrying an optional container."""
    cv.rect(x, base_y - 30, x + 200, base_y - 8, (226, 228, 222), r=4)
    cv.rect(x, base_y - 14, x + 200, base_y - 8, STEEL)
    for wx in (x + 30, x + 80, x + 120, x + 170):
        cv.circle(wx, base_y - 6, 9, INK)
    cv.rect(x + 8, base_y - 26, x + 20, base_y - 18, TEAL_LIGHT, r=2)
    if load is not None:
        container(cv, x + 4, base_y - 92, 192, 62, load)


def person(cv: Canvas, x: float, base_y: float, h: float, body, head=(226, 186, 150),
           hair=None, hood=None, arms_up: bool = False) -> None:
    """A simple standing figure seen from the front (flat shapes, no face)."""
    hr = h * 0.075
    cv.rect(x - h * 0.09, base_y - h * 0.46, x - h * 0.015, base_y, mix(body, INK, 0.35), r=h * 0.02)
    cv.rect(x + h * 0.015, base_y - h * 0.46, x + h * 0.09, base_y, mix(body, INK, 0.35), r=h * 0.02)
    cv.rect(x - h * 0.14, base_y - h * 0.80, x + h * 0.14, base_y - h * 0.40, body, r=h * 0.05)
    if arms_up:
        cv.rect(x - h * 0.20, base_y - h * 0.78, x - h * 0.13, base_y - h * 0.56, body, r=h * 0.03)
        cv.rect(x + h * 0.13, base_y - h * 0.78, x + h * 0.20, base_y - h * 0.56, body, r=h * 0.03)
    else:
        cv.rect(x - h * 0.20, base_y - h * 0.78, x - h * 0.13, base_y - h * 0.44, body, r=h * 0.03)
        cv.rect(x + h * 0.13, base_y - h * 0.78, x + h * 0.20, base_y - h * 0.44, body, r=h * 0.03)
    if hood is not None:
        cv.ellipse(x, base_y - h * 0.88, hr * 1.45, hr * 1.5, hood)
        cv.rect(x - hr * 0.95, base_y - h * 0.92, x + hr * 0.95, base_y - h * 0.865, (70, 84, 110),
                r=hr * 0.3)
    else:
        cv.circle(x, base_y - h * 0.88, hr, head)
        if hair is not None:
            cv.chord(x, base_y - h * 0.895, hr * 1.02, 180, 360, hair)


def spool(cv: Canvas, x: float, base_y: float, w: float, h: float, yarn) -> None:
    """A yarn cone standing on its base."""
    cv.rect(x - w * 0.12, base_y - h - 8, x + w * 0.12, base_y, WOOD_LIGHT)
    cv.poly([(x - w / 2, base_y), (x + w / 2, base_y), (x + w * 0.32, base_y - h),
             (x - w * 0.32, base_y - h)], yarn)
    for k in range(1, 5):
        yy = base_y - h * k / 5
        half = w / 2 - (w / 2 - w * 0.32) * k / 5
        cv.line([(x - half + 3, yy), (x + half - 3, yy)], mix(yarn, INK, 0.18), 1.5)


# --------------------------------------------------------------------------
# 5. Hamburg: maritime logistics
# --------------------------------------------------------------------------

def hamburg_terminal() -> Image.Image:
    """Automated container terminal: ship at the quay, gantry cranes, AGVs, stacks."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 560, (120, 160, 196), (232, 234, 228))
    base.cloud(cv, 260, 120, 0.9)
    base.cloud(cv, 1200, 90, 0.7)
    base.cloud(cv, 760, 210, 0.45)
    # distant shore with wind turbine and cranes
    cv.rect(0, 500, W, 540, (150, 170, 172))
    for x in (1180, 1260, 1340):
        cv.rect(x, 420, x + 10, 505, (160, 172, 182))
        cv.rect(x - 50, 420, x + 40, 430, (160, 172, 182))
    base.wind_turbine(cv, 1480, 505, 160, 40, color=(220, 226, 230), shade=(190, 198, 206))
    # water (left, in front of the quay)
    rng = random.Random(51)
    base.water(cv, 0, 540, W, 1000, (112, 160, 180), SEA_DEEP, rng, (170, 206, 214), n=40)
    # quay, drawn as a wedge on the right
    cv.poly([(700, 600), (W, 600), (W, 1000), (860, 1000)], (200, 198, 190))
    cv.poly([(700, 600), (716, 600), (876, 1000), (860, 1000)], (150, 148, 142))
    for k in range(7):  # painted lanes
        y = 660 + k * 52
        x0 = 700 + (y - 600) * 0.4 + 40
        cv.line([(x0, y), (W, y)], (232, 230, 222), 2)
    # ship along the quay
    hull = [(0, 640), (720, 640), (760, 600), (830, 600), (800, 760), (0, 760)]
    cv.poly(hull, NAVY)
    cv.poly([(0, 740), (805, 740), (800, 760), (0, 760)], CORAL_DARK)
    cv.rect(40, 520, 160, 640, WHITE)  # bridge house at the stern (left)
    for wx in range(50, 150, 24):
        cv.rect(wx, 534, wx + 16, 548, mix(SKY_TOP, INK, 0.3))
    cv.rect(96, 470, 120, 520, CORAL)
    # containers on deck
    crng = random.Random(52)
    for col in range(9):
        x = 190 + col * 60
        height = crng.randint(2, 4)
        for r in range(height):
            container(cv, x, 640 - (r + 1) * 34, 56, 32, crng.choice(CONTAINER_COLOURS))
    # gantry cranes on the quay
    quay_crane(cv, 760, 640, 1.0, CORAL)
    quay_crane(cv, 1040, 640, 0.9, (226, 124, 96))
    # container stacks in the yard (right back)
    for row in range(3):
        for col in range(6):
            x = 1150 + col * 74
            y = 600 - (row + 1) * 28
            if (row == 2 and col % 2) or x > W - 40:
                continue
            container(cv, x, y, 70, 26, CONTAINER_COLOURS[(row * 3 + col * 5) % len(CONTAINER_COLOURS)])
    # automated guided vehicles on the lanes
    agv(cv, 930, 790, CONTAINER_COLOURS[1])
    agv(cv, 1230, 870, CONTAINER_COLOURS[2])
    agv(cv, 1060, 950, None)
    agv(cv, 1380, 740, CONTAINER_COLOURS[0])
    # bollards
    for bx in (740, 780, 820):
        by = 600 + (bx - 700) * 2.5
        cv.rect(bx - 6, by - 18, bx + 6, by, INK, r=3)
    base.gull(cv, 520, 300, 1.2)
    base.gull(cv, 600, 330, 0.8)
    return cv.finish()


def hamburg_tug() -> Image.Image:
    """Two tugs and a pilot boat with a large ship on the Elbe at dusk."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 560, (70, 96, 140), (244, 196, 150))
    cv.circle(1280, 470, 70, (250, 216, 160))
    base.cloud(cv, 420, 160, 0.8, fill=(232, 214, 206))
    base.cloud(cv, 1000, 110, 0.6, fill=(226, 206, 204))
    # far bank: warehouses with brick gables and harbour cranes
    cv.rect(0, 470, W, 540, (92, 96, 112))
    gx = 0
    grng = random.Random(61)
    while gx < 900:
        w = grng.randint(60, 110)
        h = grng.randint(40, 80)
        cv.rect(gx, 540 - h, gx + w, 540, mix(BRICK_DARK, (92, 96, 112), 0.45))
        cv.poly([(gx, 540 - h), (gx + w / 2, 540 - h - 26), (gx + w, 540 - h)],
                mix(BRICK_DARK, (92, 96, 112), 0.6))
        gx += w + 4
    for x in (980, 1100, 1420, 1520):
        cv.rect(x, 380, x + 12, 540, (84, 88, 104))
        cv.rect(x - 70, 380, x + 50, 392, (84, 88, 104))
        cv.line([(x + 6, 380), (x - 60, 392)], (84, 88, 104), 2)
    # river
    rng = random.Random(62)
    base.water(cv, 0, 540, W, H, (150, 140, 150), (52, 82, 112), rng, (236, 200, 170), n=70, max_len=200)
    # big container ship, bow to the right, seen at an angle
    cv.poly([(120, 520), (1160, 520), (1250, 560), (1180, 700), (160, 700)], (40, 52, 76))
    cv.poly([(160, 680), (1190, 680), (1180, 700), (160, 700)], CORAL_DARK)
    cv.rect(180, 420, 300, 520, (236, 232, 224))
    for wx in range(190, 290, 22):
        cv.rect(wx, 436, wx + 14, 448, (250, 214, 150))
    cv.rect(226, 370, 250, 420, (60, 70, 90))
    crng = random.Random(63)
    for col in range(13):
        x = 320 + col * 62
        for r in range(crng.randint(2, 4)):
            container(cv, x, 520 - (r + 1) * 30, 58, 28,
                      mix(crng.choice(CONTAINER_COLOURS), (80, 80, 110), 0.25))
    # tug at the bow, pushing (right)
    tx, ty = 1270, 720
    cv.poly([(tx - 130, ty), (tx + 120, ty), (tx + 100, ty + 60), (tx - 110, ty + 60)], CORAL)
    cv.poly([(tx - 130, ty), (tx + 120, ty), (tx + 116, ty + 12), (tx - 128, ty + 12)], INK)
    cv.rect(tx - 60, ty - 70, tx + 40, ty, WHITE)
    cv.rect(tx - 40, ty - 110, tx + 20, ty - 70, WHITE)
    for wx in (tx - 34, tx - 10):
        cv.rect(wx, ty - 100, wx + 18, ty - 84, mix(SKY_TOP, INK, 0.4))
    cv.rect(tx + 50, ty - 60, tx + 66, ty, INK)
    cv.line([(tx - 130, ty + 4), (1195, 650)], INK, 2.5)  # line to the ship
    for k in range(4):  # tyre fenders
        cv.circle(tx - 110 + k * 60, ty + 20, 10, (34, 38, 46))
    # second tug astern (left), smaller
    sx, sy = 110, 760
    cv.poly([(sx - 90, sy), (sx + 90, sy), (sx + 74, sy + 44), (sx - 80, sy + 44)], CORAL)
    cv.rect(sx - 40, sy - 50, sx + 30, sy, WHITE)
    cv.rect(sx - 26, sy - 78, sx + 14, sy - 50, WHITE)
    cv.line([(sx + 80, sy + 2), (170, 690)], INK, 2)
    # pilot boat alongside, black hull, orange superstructure
    px, py = 720, 800
    cv.poly([(px - 120, py), (px + 130, py), (px + 170, py - 20), (px + 100, py + 40), (px - 110, py + 40)],
            (30, 34, 44))
    cv.rect(px - 60, py - 56, px + 60, py, AMBER)
    cv.rect(px - 48, py - 46, px + 48, py - 30, mix(SKY_TOP, INK, 0.4))
    cv.line([(px, py - 56), (px, py - 110)], INK, 3)
    # wakes
    for k in range(5):
        cv.line([(px - 130 - k * 60, py + 44 + k * 6), (px - 170 - k * 70, py + 48 + k * 6)],
                (236, 222, 208), 3)
        cv.line([(tx + 110 + k * 20, ty + 66 + k * 10), (tx + 180 + k * 40, ty + 70 + k * 10)],
                (236, 222, 208), 3)
    base.gull(cv, 1380, 300, 1.1, color=(60, 64, 84))
    return cv.finish()


# --------------------------------------------------------------------------
# 6. Darmstadt: chemistry and coatings
# --------------------------------------------------------------------------

def darmstadt_lab() -> Image.Image:
    """Coatings lab: rack of coated test panels, drawdown on a card, stirrer, beakers."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 620, (228, 232, 230), (212, 220, 222))
    # window on the left with trees outside
    cv.rect(60, 60, 520, 440, WHITE)
    cv.vgrad(76, 76, 504, 424, SKY_TOP, SKY_LOW)
    base.hill(cv, 76, 504, 424, 90, (120, 160, 110), phase=1.0, waves=1.0)
    for tx, h in ((140, 200), (260, 150), (420, 220)):
        base.tree_round(cv, tx, 424, h, LEAF_DARK)
    cv.rect(76, 420, 504, 440, WHITE)
    cv.rect(284, 76, 296, 424, WHITE)
    cv.vgrad(40, 440, 540, 620, mix((228, 232, 230), (212, 220, 222), 0.71), (212, 220, 222))  # wall under it
    # rack of test panels (left-middle): sheets in graded tones
    rx0 = 620
    cv.rect(rx0, 90, rx0 + 820, 104, SLATE)
    colours = [(40, 122, 128), (70, 140, 160), (104, 170, 172), (150, 196, 190),
               (238, 172, 70), (242, 204, 110), (222, 106, 80), (184, 78, 62),
               (196, 206, 214), (132, 146, 162)]
    for k, col in enumerate(colours):
        x = rx0 + 16 + k * 80
        cv.line([(x + 30, 104), (x + 30, 124)], INK, 2)
        cv.rect(x, 124, x + 60, 360, col, r=3)
        cv.rect(x, 124, x + 60, 140, mix(col, WHITE, 0.35), r=3)  # uncoated top strip
        cv.line([(x + 8, 160), (x + 8, 340)], mix(col, WHITE, 0.45), 3)  # sheen
    # shelf with bottles
    cv.rect(620, 430, 1440, 444, WOOD)
    brng = random.Random(71)
    bx = 640
    while bx < 1400:
        w = brng.randint(40, 70)
        h = brng.randint(60, 120)
        col = brng.choice([(140, 96, 60), MIST, (220, 226, 232), TEAL_LIGHT, (200, 170, 110)])
        cv.rect(bx, 430 - h, bx + w, 430, col, r=8)
        cv.rect(bx + w * 0.3, 430 - h - 18, bx + w * 0.7, 430 - h + 2, SLATE, r=3)
        cv.rect(bx + 6, 430 - h * 0.6, bx + w - 6, 430 - h * 0.3, WHITE)  # blank label
        bx += w + brng.randint(14, 30)
    # bench
    cv.rect(0, 620, W, 652, (236, 226, 206))
    cv.rect(0, 652, W, H, (98, 118, 134))
    for k in range(4):
        cv.rect(30 + k * 400, 690, 390 + k * 400, 980, (110, 130, 148), r=6)
        cv.rect(180 + k * 400, 710, 240 + k * 400, 724, MIST, r=4)
    # drawdown: white card on bench, applicator bar, wet coating band behind it
    cv.poly([(120, 600), (560, 600), (600, 640), (90, 640)], WHITE)
    cv.poly([(210, 602), (330, 602), (336, 638), (200, 638)], TEAL)
    cv.poly([(330, 602), (340, 602), (346, 638), (336, 638)], mix(TEAL, WHITE, 0.5))
    cv.rect(328, 590, 372, 646, (176, 184, 192), r=6)
    cv.rect(358, 590, 372, 646, STEEL, r=6)
    cv.ellipse(450, 618, 40, 10, mix(TEAL, INK, 0.2))  # pool of coating in front of the bar
    # magnetic stirrer with beaker
    sx = 820
    cv.rect(sx - 110, 560, sx + 110, 640, (236, 238, 240), r=12)
    cv.rect(sx - 110, 620, sx + 110, 640, (204, 208, 212), r=8)
    cv.circle(sx + 70, 600, 14, SLATE)
    cv.rect(sx - 70, 410, sx + 70, 560, (236, 242, 246))
    cv.rect(sx - 70, 470, sx + 70, 560, (236, 196, 120))
    cv.ellipse(sx, 470, 70, 10, (244, 214, 150))
    cv.line([(sx - 70, 410), (sx - 70, 560), (sx + 70, 560), (sx + 70, 410)], STEEL, 3)
    cv.rect(sx - 20, 546, sx + 20, 554, WHITE, r=4)
    cv.arc(sx, 470, 40, 6, 10, 170, (214, 170, 96), 3)  # vortex
    # erlenmeyer flasks and a viscosity cup on a stand
    base.erlenmeyer(cv, 1030, 630, 130, 180, CORAL)
    base.erlenmeyer(cv, 1170, 630, 100, 140, LEAF)
    vx = 1360
    cv.rect(vx - 70, 620, vx + 70, 636, SLATE, r=4)
    cv.rect(vx + 44, 380, vx + 54, 626, STEEL)
    cv.rect(vx - 20, 420, vx + 54, 430, STEEL)
    cv.poly([(vx - 50, 430), (vx + 10, 430), (vx - 14, 500), (vx - 26, 500)], (214, 220, 226))
    cv.line([(vx - 20, 500), (vx - 20, 600)], AMBER, 3)  # thin stream
    cv.rect(vx - 44, 590, vx + 4, 622, (236, 242, 246))
    cv.rect(vx - 44, 606, vx + 4, 622, AMBER)
    return cv.finish()


def darmstadt_works() -> Image.Image:
    """A medium-sized coatings works: sawtooth hall, tanks, pipe bridge, Odenwald hills."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 600, (136, 176, 206), (236, 236, 228))
    base.cloud(cv, 360, 150, 1.0)
    base.cloud(cv, 1180, 110, 0.8)
    base.hill(cv, 0, W, 560, 170, (120, 152, 118), phase=0.6, waves=1.3)
    base.hill(cv, 0, W, 600, 120, (96, 136, 100), phase=2.4, waves=1.8)
    frng = random.Random(81)
    for _ in range(40):  # forest texture on the hills
        x = frng.uniform(0, W)
        y = frng.uniform(500, 600)
        cv.ellipse(x, y, 22, 30, mix(FOREST, LEAF_DARK, frng.random()))
    cv.rect(0, 600, W, H, (150, 180, 120))
    # yard
    cv.poly([(0, 700), (W, 680), (W, H), (0, H)], (196, 194, 186))
    # sawtooth-roof production hall (left)
    hx0, hx1, hb = 60, 860, 720
    cv.rect(hx0, hb - 200, hx1, hb, (226, 222, 212))
    n = 8
    for k in range(n):
        x = hx0 + (hx1 - hx0) * k / n
        xe = hx0 + (hx1 - hx0) * (k + 1) / n
        cv.poly([(x, hb - 200), (x, hb - 270), (xe, hb - 200)], (170, 176, 184))
        cv.poly([(x, hb - 200), (x, hb - 270), (x + 14, hb - 256), (x + 14, hb - 200)],
                mix(SKY_TOP, WHITE, 0.3))
    for k in range(6):
        x = hx0 + 40 + k * 130
        cv.rect(x, hb - 150, x + 90, hb - 100, mix(SKY_TOP, INK, 0.25))
    cv.rect(hx0 + 320, hb - 110, hx0 + 440, hb, (150, 156, 164))  # loading door
    for k in range(1, 6):
        cv.line([(hx0 + 320, hb - 110 + k * 18), (hx0 + 440, hb - 110 + k * 18)], (130, 136, 146), 2)
    cv.rect(hx0, hb - 200, hx1, hb - 186, TEAL)  # facade band
    # solar panels on the office block
    cv.rect(880, hb - 160, 1060, hb, (236, 232, 222))
    for r in range(3):
        for c in range(4):
            cv.rect(896 + c * 42, hb - 140 + r * 44, 926 + c * 42, hb - 112 + r * 44, mix(SKY_TOP, INK, 0.3))
    cv.poly([(876, hb - 160), (1064, hb - 160), (1040, hb - 190), (900, hb - 190)], NAVY)
    # tank farm (right) with pipe bridge to the hall
    for k, (x, w, h) in enumerate(((1120, 110, 260), (1250, 110, 230), (1380, 130, 300))):
        base.tank(cv, x, hb, w, h, body=(222, 226, 228) if k != 1 else (214, 228, 216), shade=STEEL)
    cv.rect(860, hb - 240, 1500, hb - 228, SLATE)
    for px in (900, 1080, 1240, 1370):
        cv.rect(px - 4, hb - 228, px + 4, hb, SLATE)
    cv.line([(860, hb - 234), (1500, hb - 234)], AMBER, 5)
    cv.line([(860, hb - 246), (1510, hb - 246)], (196, 120, 70), 6)
    # bicycle shelter and trees in front
    for tx, h in ((120, 220), (980, 180), (1540, 240)):
        base.tree_round(cv, tx, 800, h, LEAF_DARK)
    base.tree_poplar(cv, 300, 820, 260)
    # a tanker truck at the gate
    tx = 560
    cv.rect(tx, 770, tx + 220, 850, (230, 232, 234), r=30)
    cv.rect(tx + 225, 780, tx + 300, 860, TEAL, r=8)
    cv.rect(tx + 250, 790, tx + 290, 820, mix(SKY_TOP, INK, 0.3), r=4)
    for wx in (tx + 40, tx + 90, tx + 260):
        cv.circle(wx, 862, 20, INK)
        cv.circle(wx, 862, 8, STEEL)
    return cv.finish()


# --------------------------------------------------------------------------
# 7. Aachen: technical textiles
# --------------------------------------------------------------------------

def aachen_loom() -> Image.Image:
    """A weaving machine: creel of cones, warp sheet, fabric with conductive threads."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 640, (232, 230, 222), (216, 218, 214))
    # high windows of an old brick weaving shed
    cv.rect(0, 0, W, 220, mix(BRICK, (232, 230, 222), 0.55))
    for k in range(5):
        x = 80 + k * 310
        cv.rect(x, 40, x + 200, 190, WHITE)
        cv.vgrad(x + 10, 50, x + 190, 180, SKY_TOP, SKY_LOW)
        cv.rect(x + 96, 50, x + 104, 180, WHITE)
        cv.arc(x + 100, 52, 100, 40, 180, 360, WHITE, 10)
    cv.rect(0, 640, W, H, (170, 168, 160))
    # creel with yarn cones on the left
    cv.rect(40, 300, 52, 700, SLATE)
    cv.rect(360, 300, 372, 700, SLATE)
    yarns = [TEAL, MIST, TEAL, GOLD, TEAL, MIST]
    y: float  # int here, float further down
    for r, y in enumerate((380, 500, 620)):
        cv.rect(40, y + 4, 372, y + 12, SLATE)
        for c in range(5):
            spool(cv, 80 + c * 64, y, 46, 60, yarns[(r + c) % len(yarns)])
    # warp threads running from the creel into the machine
    tops = [(90 + c * 64, y - 40) for y in (380, 500, 620) for c in range(5)]
    for k, (x, y) in enumerate(tops):
        tgt_y = 420 + k * 8
        cv.line([(x, y), (560, tgt_y)], GOLD if k % 6 == 3 else mix(TEAL, WHITE, 0.3), 1.4)
    # machine body
    cv.rect(560, 360, 1180, 720, (226, 230, 232), r=18)
    cv.rect(560, 640, 1180, 720, (196, 202, 208), r=12)
    cv.rect(600, 400, 1140, 440, STEEL, r=6)  # heald frames
    cv.rect(600, 460, 1140, 500, SLATE, r=6)
    for gx in range(612, 1132, 10):
        cv.line([(gx, 440), (gx, 460)], INK, 1.2)
    cv.rect(1190, 380, 1290, 560, INK, r=10)  # control panel (no text)
    cv.rect(1204, 396, 1276, 470, (40, 110, 120))
    for k in range(3):
        cv.circle(1218 + k * 24, 500, 8, [LEAF_LIGHT, AMBER, CORAL][k])
    cv.rect(1230, 560, 1250, 700, INK)
    # woven fabric coming out towards the viewer (perspective band)
    fab = [(640, 520), (1100, 520), (1500, 960), (240, 960)]
    cv.poly(fab, mix(TEAL, WHITE, 0.2))
    for k in range(1, 22):  # weft texture
        t = k / 22
        y = 520 + 440 * t
        xl = 640 - 400 * t
        xr = 1100 + 400 * t
        cv.line([(xl, y), (xr, y)], mix(TEAL, WHITE, 0.35), 1.2 + 2 * t)
    for k in range(1, 6):  # conductive threads, gold, running lengthwise
        u = k / 6
        cv.line([(640 + 460 * u, 520), (240 + 1260 * u, 960)], GOLD, 3)
    # small sensor patch woven in, with a lead to the edge
    cv.poly([(830, 760), (930, 760), (950, 830), (820, 830)], (40, 92, 100))
    cv.circle(885, 795, 14, AMBER)
    cv.line([(950, 795), (1290, 795)], GOLD, 3)
    cv.rect(600, 500, 1140, 524, (150, 156, 164), r=6)  # front beam
    return cv.finish()


def aachen_recycling() -> Image.Image:
    """Textile recycling: bales of old textiles, sorting belt, fibre, new yarn cones."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 620, (222, 226, 224), (206, 212, 212))
    # steel hall frame
    x: float  # int here, float further down
    for x in range(0, W + 1, 320):
        cv.rect(x - 10, 0, x + 10, 620, (176, 184, 192))
    cv.rect(0, 60, W, 80, (176, 184, 192))
    for x in range(40, W, 320):  # skylights
        cv.rect(x + 40, 0, x + 240, 40, mix(SKY_TOP, WHITE, 0.3))
    cv.rect(0, 620, W, H, (176, 174, 166))
    # bales of mixed old textiles (left)
    rng = random.Random(91)
    mixed = [CORAL, SEA_DEEP, AMBER, (120, 132, 150), LEAF, (200, 120, 150), CREAM, NAVY, TEAL]
    for bx, by, bw, bh in ((40, 420, 200, 210), (250, 450, 190, 180), (80, 250, 180, 170)):
        cv.rect(bx, by, bx + bw, by + bh, (150, 146, 140))
        for _ in range(70):
            x = rng.uniform(bx + 4, bx + bw - 30)
            y = rng.uniform(by + 4, by + bh - 14)
            cv.rect(x, y, x + rng.uniform(14, 30), y + rng.uniform(6, 14), rng.choice(mixed), r=3)
        for k in (0.33, 0.66):
            cv.line([(bx, by + bh * k), (bx + bw, by + bh * k)], INK, 3)
    # sorting conveyor with scanner hood
    cv.rect(460, 560, 1100, 590, INK, r=8)
    cv.rect(460, 590, 1100, 606, SLATE)
    for lx in (500, 780, 1060):
        cv.rect(lx - 8, 606, lx + 8, 700, SLATE)
    cv.rect(660, 420, 860, 520, (236, 238, 240), r=12)
    cv.poly([(680, 520), (840, 520), (820, 556), (700, 556)], (250, 232, 180))  # light curtain
    cv.rect(672, 436, 848, 456, TEAL)
    for _ in range(14):  # garment pieces on the belt
        x = rng.uniform(480, 1060)
        cv.rect(x, 540, x + rng.uniform(24, 50), 560, rng.choice(mixed), r=4)
    # three sorted piles of a single colour at the end of the belt
    for k, col in enumerate((SEA_DEEP, CORAL, CREAM)):
        cx = 1140 + k * 140
        cv.chord(cx, 700, 70, 180, 360, col)
        cv.chord(cx - 20, 700, 36, 180, 360, mix(col, WHITE, 0.2))
    cv.rect(1060, 696, 1540, 706, (150, 146, 140))
    # fibre tufts and new yarn cones in front
    for k in range(9):
        x = 520 + k * 110
        col = (SEA_DEEP, CORAL, CREAM)[k % 3]
        spool(cv, x, 900, 70, 110, col)
    for k in range(5):
        x = 120 + k * 70
        cv.ellipse(x, 880, 44, 22, mix(CREAM, SAND, 0.4))
        cv.ellipse(x + 14, 866, 26, 16, mix(CREAM, WHITE, 0.4))
    # a worker in overalls at the belt
    person(cv, 960, 720, 260, (52, 84, 120), hair=(70, 52, 40), arms_up=True)
    return cv.finish()


# --------------------------------------------------------------------------
# 8. Dresden: microelectronics
# --------------------------------------------------------------------------

def dresden_cleanroom() -> Image.Image:
    """A clean room in yellow light: tool fronts, ceiling filters, two people in suits."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    wall = (236, 228, 190)
    cv.rect(0, 0, W, H, wall)
    # ceiling with filter grid in perspective
    cv.poly([(0, 0), (W, 0), (1120, 200), (480, 200)], (244, 238, 206))
    for k in range(9):
        x = k * W / 8
        cv.line([(x, 0), (480 + (1120 - 480) * k / 8, 200)], (210, 200, 150), 2)
    for y in (50, 110, 160):
        t = y / 200
        cv.line([(0 + 480 * t, y), (W - 480 * t, y)], (210, 200, 150), 2)
    # floor (perforated raised floor)
    cv.poly([(480, 760), (1120, 760), (W, H), (0, H)], (222, 214, 180))
    for k in range(12):
        u = k / 11
        cv.line([(480 + 640 * u, 760), (W * u, H)], (200, 190, 150), 1.5)
    for y in (800, 860, 930):
        t = (y - 760) / 240
        cv.line([(480 - 480 * t, y), (1120 + 480 * t, y)], (200, 190, 150), 1.5)
    # side walls of tools (left and right), in perspective
    def tool_row(side: int) -> None:
        for k in range(4):
            t0, t1 = k / 4, (k + 0.85) / 4
            if side < 0:
                x0, x1 = 0 + 480 * t0, 0 + 480 * t1
            else:
                x0, x1 = W - 480 * t0, W - 480 * t1
            top0, top1 = 200 * t0 + 120 * (1 - t0), 200 * t1 + 120 * (1 - t1)
            bot0, bot1 = H - 240 * t0, H - 240 * t1
            cv.poly([(x0, top0 + 80), (x1, top1 + 60), (x1, bot1), (x0, bot0)], (238, 236, 222))
            cv.poly([(x0, top0 + 80), (x1, top1 + 60), (x1, top1 + 90), (x0, top0 + 120)], (150, 160, 170))
            mid = (top0 + bot0) / 2
            cv.poly([(x0 + (x1 - x0) * 0.2, mid - 20), (x0 + (x1 - x0) * 0.7, mid - 16),
                     (x0 + (x1 - x0) * 0.7, mid + 30), (x0 + (x1 - x0) * 0.2, mid + 40)], (60, 78, 100))
            cv.circle(x0 + (x1 - x0) * 0.45, mid + 90 * (1 - t0 * 0.5), 8, LEAF_LIGHT)
    tool_row(-1)
    tool_row(1)
    # back wall: a long tool front with a load port
    cv.rect(480, 200, 1120, 760, (232, 230, 214))
    cv.rect(520, 260, 1080, 330, (150, 160, 170))
    cv.rect(560, 420, 740, 600, (210, 212, 204), r=8)
    cv.rect(860, 420, 1040, 600, (210, 212, 204), r=8)
    for x in (560, 860):
        cv.rect(x + 30, 440, x + 150, 560, (180, 184, 180), r=6)
    cv.rect(540, 620, 1060, 640, (180, 184, 180))
    for k in range(4):
        cv.circle(620 + k * 120, 300, 10, [LEAF_LIGHT, LEAF_LIGHT, AMBER, LEAF_LIGHT][k])
    # wafer carrier on the load port (pod)
    cv.rect(880, 380, 1020, 420, (120, 130, 140), r=10)
    # two people in clean room suits
    person(cv, 720, 900, 420, (240, 242, 246), hood=(240, 242, 246), arms_up=True)
    cv.rect(655, 540, 785, 580, (124, 134, 146), r=8)  # the carrier they hold
    cv.rect(665, 548, 775, 572, (96, 106, 120), r=4)
    person(cv, 1180, 960, 460, (226, 232, 242), hood=(226, 232, 242))
    cv.rect(1110, 620, 1250, 640, (150, 170, 200))  # blue sleeve band of the second suit
    return cv.finish()


def dresden_wafer() -> Image.Image:
    """A training desk: wafer in the foreground, chip layout on a monitor, Elbe view."""
    W, H = 1600, 1000
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 600, (232, 232, 226), (220, 222, 220))
    # window with the Elbe meadows and a bridge
    cv.rect(60, 60, 760, 480, WHITE)
    cv.vgrad(76, 76, 744, 464, (150, 186, 212), SKY_LOW)
    base.hill(cv, 76, 744, 380, 60, (140, 170, 120), phase=0.4, waves=1.2)
    cv.rect(76, 380, 744, 464, (150, 180, 118))
    cv.poly([(76, 420), (744, 400), (744, 440), (76, 450)], (112, 156, 176))  # river
    for k in range(5):  # arched bridge
        x: float  # int here, float further down
        x = 300 + k * 80
        cv.arc(x + 40, 430, 40, 30, 180, 360, SANDSTONE_LIGHT, 8)
    cv.rect(290, 396, 700, 404, SANDSTONE_LIGHT)
    for x, h in ((180, 80), (600, 110)):  # two church domes in the distance
        cv.rect(x - 20, 380 - h, x + 20, 380, (186, 170, 150))
        cv.chord(x, 380 - h, 26, 180, 360, (120, 150, 140))
    cv.rect(76, 460, 744, 480, WHITE)
    cv.rect(404, 76, 416, 464, WHITE)
    cv.vgrad(40, 480, 780, 580, mix((232, 232, 226), (220, 222, 220), 0.8), (220, 222, 220))  # wall under it
    # monitor showing an abstract chip layout (coloured rectangles, no text)
    cv.rect(880, 80, 1520, 470, INK, r=16)
    cv.rect(900, 100, 1500, 450, (22, 30, 48))
    lrng = random.Random(101)
    for _ in range(60):
        x = lrng.uniform(910, 1440)
        y = lrng.uniform(110, 420)
        w = lrng.choice([20, 40, 60, 120])
        h = lrng.choice([6, 10, 20, 40])
        col = lrng.choice([(90, 170, 200), (220, 110, 90), (120, 190, 120), (230, 190, 90), (170, 120, 200)])
        cv.rect(x, y, min(x + w, 1490), min(y + h, 440), mix(col, (22, 30, 48), 0.35))
    for k in range(8):
        cv.line([(910, 130 + k * 40), (1490, 130 + k * 40)], (60, 80, 110), 1.2)
    cv.rect(1180, 470, 1220, 530, INK)
    cv.rect(1120, 526, 1280, 540, INK, r=4)
    # desk
    cv.rect(0, 580, W, 610, WOOD_LIGHT)
    cv.rect(0, 610, W, H, (120, 104, 92))
    # wafer on a dark mat, seen slightly from above
    cx, cy, rx, ry = 560, 800, 380, 170
    cv.ellipse(cx, cy + 14, rx + 30, ry + 24, (50, 56, 70))
    cv.ellipse(cx, cy, rx, ry, (190, 196, 214))
    # dies: a grid clipped to the ellipse
    cols, rows = 22, 12
    for r in range(rows):
        for c in range(cols):
            u = (c + 0.5) / cols * 2 - 1
            v = (r + 0.5) / rows * 2 - 1
            if u * u + v * v > 0.86:
                continue
            x = cx + u * rx
            y = cy + v * ry
            hue = mix((120, 140, 200), (200, 150, 200), (c + r) % 5 / 5)
            cv.rect(x - rx / cols + 2, y - ry / rows + 1.5, x + rx / cols - 2, y + ry / rows - 1.5, hue)
    cv.chord(cx, cy + ry - 2, 26, 200, 340, (50, 56, 70))  # notch
    # tweezers and a small chip package
    cv.line([(1000, 900), (1240, 760)], STEEL, 8)
    cv.line([(1010, 920), (1248, 776)], (176, 184, 192), 6)
    cv.rect(1300, 820, 1420, 900, INK, r=6)
    for k in range(6):
        cv.line([(1310 + k * 20, 820), (1310 + k * 20, 806)], (200, 200, 200), 4)
        cv.line([(1310 + k * 20, 900), (1310 + k * 20, 914)], (200, 200, 200), 4)
    # a potted plant
    cv.rect(1460, 540, 1540, 600, CORAL_DARK, r=8)
    for ang in (-60, -30, 0, 30, 60):
        a = math.radians(ang - 90)
        cv.line([(1500, 540), (1500 + 70 * math.cos(a), 540 + 90 * math.sin(a))], LEAF, 10)
    return cv.finish()


SANDSTONE_LIGHT = (214, 186, 150)


# --------------------------------------------------------------------------
# Cover and funder mark
# --------------------------------------------------------------------------

def cover() -> Image.Image:
    """A landscape in which the eight fields sit side by side along a river."""
    W, H = 1800, 1200
    cv = Canvas(W, H)
    cv.vgrad(0, 0, W, 640, (84, 124, 172), (240, 226, 200))
    # satellite and a rocket trail (space)
    cv.line([(1480, 430), (1540, 300), (1590, 170)], (250, 244, 230), 12)
    rocket = [(1588, 150), (1602, 104), (1624, 70), (1634, 118), (1620, 162)]
    cv.poly([(1588, 150), (1576, 176), (1600, 166)], CORAL)  # fins
    cv.poly([(1620, 162), (1624, 190), (1606, 168)], CORAL)
    cv.poly(rocket, WHITE)
    cv.poly([(1590, 156), (1618, 168), (1600, 190)], AMBER)  # flame
    cv.rect(300, 120, 340, 160, (200, 206, 214))
    cv.rect(200, 130, 290, 150, SEA_DEEP)
    cv.rect(350, 130, 440, 150, SEA_DEEP)
    cv.line([(320, 160), (320, 180)], STEEL, 3)
    base.cloud(cv, 800, 200, 0.9)
    base.cloud(cv, 1250, 320, 0.6)
    # hills
    base.hill(cv, 0, W, 640, 150, (150, 176, 132), phase=1.1, waves=1.6)
    base.hill(cv, 0, W, 700, 120, (122, 162, 106), phase=2.6, waves=1.2)
    cv.rect(0, 700, W, H, (134, 172, 112))
    # river from the back (right) to the front (left), ending in a harbour basin
    left, right = [], []
    for i in range(41):
        t = i / 40
        cx = 1300 - 900 * t + 80 * math.sin(t * 6)
        half = 14 + 150 * t
        y = 690 + 420 * t
        left.append((cx - half, y))
        right.append((cx + half, y))
    cv.poly(left + right[::-1], (112, 164, 182))
    cv.rect(0, 1080, 560, H, (96, 150, 172))
    # harbour: cranes and containers on the left bank
    x: float  # int here, float further down
    for x in (60, 200):
        quay_crane(cv, x + 120, 1090, 0.45, CORAL)
    for k in range(6):
        container(cv, 20 + k * 56, 1050, 52, 26, CONTAINER_COLOURS[k])
        if k % 2 == 0:
            container(cv, 20 + k * 56, 1024, 52, 26, CONTAINER_COLOURS[(k + 3) % 8])
    # chemistry: tanks and a pipe bridge (left back)
    base.tank(cv, 120, 760, 90, 160)
    base.tank(cv, 220, 760, 80, 120, body=(214, 228, 216))
    cv.line([(210, 690), (320, 690), (320, 760)], (196, 120, 70), 7)
    # textiles: a brick weaving shed with sawtooth roof and cones
    sx0 = 420
    cv.rect(sx0, 690, sx0 + 260, 790, BRICK)
    for k in range(4):
        x = sx0 + k * 65
        cv.poly([(x, 690), (x, 650), (x + 65, 690)], BRICK_DARK)
        cv.rect(x + 14, 720, x + 46, 760, mix(SKY_TOP, INK, 0.2))
    for k, col in enumerate((TEAL, GOLD, CORAL)):
        spool(cv, sx0 + 300 + k * 50, 800, 40, 56, col)
    # microelectronics: flat clean-room building with a wafer-like solar field
    fx = 1340
    cv.rect(fx, 600, fx + 300, 680, (236, 236, 232))
    cv.rect(fx, 600, fx + 300, 614, TEAL)
    for k in range(6):
        cv.rect(fx + 20 + k * 46, 630, fx + 52 + k * 46, 660, mix(SKY_TOP, INK, 0.2))
    cv.ellipse(fx + 390, 680, 56, 24, (170, 180, 210))
    for k in range(-2, 3):
        cv.line([(fx + 390 + k * 18, 660), (fx + 390 + k * 18, 700)], (140, 150, 190), 1.5)
    # medical technology: a clinic with a green cross-free round window front
    mx = 860
    cv.rect(mx, 760, mx + 220, 880, WHITE)
    for r in range(3):
        for c in range(5):
            cv.rect(mx + 16 + c * 42, 776 + r * 34, mx + 44 + c * 42, 798 + r * 34,
                    mix(TEAL_LIGHT, SKY_TOP, 0.4))
    cv.rect(mx - 10, 748, mx + 230, 760, SLATE)
    # digital health: a person with a tablet on a bench near the clinic
    person(cv, 1140, 900, 130, TEAL, hair=(60, 44, 36))
    cv.rect(1150, 820, 1178, 856, INK, r=3)
    # mobility: a road with an electric bus and a tram stop across the front
    cv.poly([(560, 1200), (1800, 940), (1800, 1020), (760, 1200)], (120, 124, 130))
    for k in range(8):
        t = (k + 0.5) / 8
        x = 660 + 1140 * t
        y = 1200 - 220 * t
        cv.line([(x - 30, y + 6), (x + 30, y - 6)], (236, 232, 220), 4)
    bx, by = 1280, 1070
    cv.poly([(bx, by), (bx + 300, by - 62), (bx + 300, by - 142), (bx, by - 80)], (236, 240, 240))
    cv.poly([(bx + 10, by - 60), (bx + 290, by - 118), (bx + 290, by - 96), (bx + 10, by - 38)],
            mix(SKY_TOP, INK, 0.3))
    cv.poly([(bx, by - 10), (bx + 300, by - 72), (bx + 300, by - 62), (bx, by)], TEAL)
    for wx in (bx + 50, bx + 240):
        cv.circle(wx, by - 10 - (wx - bx) * 0.207 + 6, 18, INK)
    # trees between the fields
    for tx, ty, h in ((760, 760, 150), (1240, 720, 120), (1620, 840, 150), (360, 1000, 140),
                      (1000, 1000, 160)):
        base.tree_round(cv, tx, ty, h, LEAF_DARK)
    base.tree_poplar(cv, 1190, 760, 160)
    base.gull(cv, 520, 980, 1.0, color=(60, 64, 84))
    return cv.finish()


def funder_logo() -> Image.Image:
    """An abstract mark: three rising bands in a circle (no text, no emblem)."""
    W = H = 400
    cv = Canvas(W, H, bg=WHITE)
    cv.circle(200, 200, 180, NAVY)
    cv.circle(200, 200, 150, WHITE)
    for k, col in enumerate((TEAL, AMBER, CORAL)):
        x0 = 110 + k * 66
        top = 210 - k * 50
        cv.rect(x0, top, x0 + 46, 300, col, r=10)
    cv.rect(100, 306, 300, 318, NAVY, r=6)
    return cv.finish()


SCENES: dict[str, Callable[[], Image.Image]] = {
    "hamburg-hafenlogistik-terminal.png": hamburg_terminal,
    "hamburg-hafenlogistik-schlepper.png": hamburg_tug,
    "darmstadt-chemie-labor.png": darmstadt_lab,
    "darmstadt-chemie-werk.png": darmstadt_works,
    "aachen-textil-webmaschine.png": aachen_loom,
    "aachen-textil-recycling.png": aachen_recycling,
    "dresden-mikroelektronik-reinraum.png": dresden_cleanroom,
    "dresden-mikroelektronik-wafer.png": dresden_wafer,
    "cover.png": cover,
    "funder-logo.png": funder_logo,
}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    names = argv[1:] or list(SCENES)
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        img = SCENES[name]().convert("RGB")
        path = out / name
        img.save(path, format="PNG", optimize=True)  # Pillow writes no metadata chunks by default
        print(f"{path}: {img.size[0]}x{img.size[1]}, {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
