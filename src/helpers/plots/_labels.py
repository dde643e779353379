"""Placing point labels without overlaps (used by the IPA chart and the IPA widget)."""

from __future__ import annotations

import numpy as np

__all__ = ["place_labels"]


def place_labels(px, py, widths, height: float, size: float, *, obstacles=()
                 ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Greedy placement of point labels without overlaps, in a square canvas of side ``size``.

    ``px, py``: point positions (canvas units, y downwards); ``widths``: label widths;
    ``height``: label height; ``obstacles``: boxes ``(x0, y0, x1, y1)`` to avoid (e.g.
    crosshairs). Returns the offset ``(dx, dy)`` of each label's anchor (the middle of its
    baseline, y downwards) from its point, and its alignment (``left``/``right``/``center``).
    Each label takes, among fourteen candidate positions, the one with the least weighted
    overlap with the points (weight 10), the labels placed before it (1) and the obstacles
    (0.2), labels being placed from the bottom point up.

    >>> dx, dy, al = place_labels(np.array([10.0, 90.0]), np.array([50.0, 50.0]), [30, 30], 10, 100)
    >>> al  # the label of the point near the right edge goes to its left
    ['left', 'right']
    """
    px, py = np.asarray(px, dtype=float), np.asarray(py, dtype=float)
    h = float(height)
    # (box, weight): points weigh most, then labels; crossing a line (obstacle) is cheap
    boxes = [((a - 5, b - 5, a + 5, b + 5), 10.0) for a, b in zip(px, py, strict=True)]
    boxes += [(tuple(o), 0.2) for o in obstacles]
    g = 0.6 * h  # gap between point and label
    candidates = [(g, 0.4 * h, "left"), (-g, 0.4 * h, "right"), (g * 0.8, -0.7 * h, "left"),
                  (-g * 0.8, -0.7 * h, "right"), (g * 0.8, 1.4 * h, "left"),
                  (-g * 0.8, 1.4 * h, "right"), (0, -0.8 * h, "center"), (0, 1.6 * h, "center"),
                  (0, -1.9 * h, "center"), (0, 2.7 * h, "center"), (g, -1.6 * h, "left"),
                  (-g, -1.6 * h, "right"), (g, 2.4 * h, "left"), (-g, 2.4 * h, "right")]
    dx, dy, align = np.zeros(len(px)), np.zeros(len(px)), [""] * len(px)
    for i in np.argsort(-py, kind="stable"):
        w = float(widths[i])
        best, best_cost = None, np.inf
        for cx, cy, al in candidates:
            x0 = px[i] + cx - (w if al == "right" else w / 2 if al == "center" else 0)
            box = (x0, py[i] + cy - h, x0 + w, py[i] + cy)
            pad = (x0 - 0.5 * h, box[1] - 0.15 * h, box[2] + 0.5 * h, box[3] + 0.15 * h)
            cost = sum(wt * max(0.0, min(pad[2], b[2]) - max(pad[0], b[0]))
                       * max(0.0, min(pad[3], b[3]) - max(pad[1], b[1]))
                       for j, (b, wt) in enumerate(boxes) if j != i)
            cost += 1e6 * (box[0] < 0 or box[2] > size or box[1] < 0 or box[3] > size)
            cost += 0.05 * abs(cy)  # prefer labels close to their point
            if cost < best_cost - 1e-9:
                best, best_cost = (cx, cy, al, box), cost
        cx, cy, al, box = best
        boxes.append((box, 1.0))
        dx[i], dy[i], align[i] = cx, cy, al
    return dx, dy, align
