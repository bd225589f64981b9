"""The pdfium reader's geometry: the page frame (pdfminer's rotation, pdfplumber's top-left
coordinates), matrices, and the rounding that gives back the decimals a file wrote."""

from __future__ import annotations

import ctypes
import functools
import struct
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as fpdf

Matrix = tuple[float, float, float, float, float, float]


Box = tuple[float, float, float, float]


IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


NEAR = 1e-3  # below this, a difference of text-space coordinates is float32 noise


@dataclass(frozen=True, slots=True)
class Frame:
    rotation: int
    ctm: Matrix  # pdfminer's user space → rotated page
    width: float
    height: float
    x_shift: float  # pdfplumber moves x back by the MediaBox's left edge
    top_shift: float
    link_edge: float  # what the reference flips link rectangles against

    @classmethod
    def of(cls, page: Any) -> Frame:
        x0, y0, x1, y1 = _mediabox(page)
        rotation = {1: 90, 2: 180, 3: 270}.get(fpdf.FPDFPage_GetRotation(page), 0)
        ctm: Matrix = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        # pdfplumber's boxes: sorted corners, axes swapped for quarter turns, then flipped.
        (lx, hx), (ly, hy) = sorted((x0, x1)), sorted((y0, y1))
        if rotation in (90, 270):
            lx, ly, hx, hy = ly, lx, hy, hx
        height = hy - ly
        return cls(rotation, ctm, hx - lx, height, lx, height - hy, height - ly)


def _mediabox(page: Any) -> Box:
    """The page's MediaBox. pdfium reads only a page's own, so an inherited one comes from its
    bounding box: the same, unless a CropBox clips it (pdfminer would not clip)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if fpdf.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        return (snap(left.value), snap(bottom.value), snap(right.value), snap(top.value))
    rect = fpdf.FS_RECTF()
    if fpdf.FPDF_GetPageBoundingBox(page, rect):
        return (snap(rect.left), snap(rect.bottom), snap(rect.right), snap(rect.top))
    return (0.0, 0.0, 612.0, 792.0)  # pdfminer's default too


def address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def snap(value: float) -> float:
    """A float32 number as the shortest decimal with that float32 value: what the producer
    wrote, which pdfminer has exactly (718.5398, not 718.53979492)."""
    # Zeros are left out of the cache, where 0.0 and -0.0 are one key.
    return value if value == 0.0 else _snap_nonzero(value)


@functools.lru_cache(maxsize=4096)  # sizes and scales recur on every page
def _snap_nonzero(value: float) -> float:
    for digits in range(7):
        written = round(value, digits)
        if _float32(written) == value:
            return written
    return value


def _float32(value: float) -> float:
    return float(struct.unpack("f", struct.pack("f", value))[0])


def whole(units: float) -> float:
    """A width measured through float32 geometry, back on the whole number it was."""
    nearest = round(units)
    return float(nearest) if abs(units - nearest) < 0.05 else round(units, 3)


def _along(m: Matrix, x: float, y: float) -> float:
    """Where a user-space point falls along the text object's baseline, in text space."""
    a, b, _, _, e, f = m
    norm = a * a + b * b
    return ((x - e) * a + (y - f) * b) / norm if norm else 0.0


def text_box(m: Matrix, box: Box) -> Box | None:
    """A user-space box in the text object's own axes (along, across the baseline), for
    axis-aligned text only."""
    a, b, c, d, e, f = m
    left, bottom, right, top = box
    if abs(b) < NEAR * abs(a) and abs(c) < NEAR * abs(d):
        along, across = ((left - e) / a, (right - e) / a), ((bottom - f) / d, (top - f) / d)
    elif abs(a) < NEAR * abs(b) and abs(d) < NEAR * abs(c):
        along, across = ((bottom - f) / b, (top - f) / b), ((left - e) / c, (right - e) / c)
    else:
        return None
    return (min(along), min(across), max(along), max(across))


def mult(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 then m0, as pdfminer and pdfium compose matrices."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )
