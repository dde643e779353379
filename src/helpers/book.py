"""Checks of the book's claims about its (simulated) data.

A sentence such as "两个区间没有重叠" or "可靠性排第一" is a claim about data. The chapters state it
in prose and check it in a hidden cell (tag ``remove-cell``) with :func:`claim`, so that the book
fails to build when a change of data or code makes the sentence false::

    claim(diff.loc[0, "ci_high"] < 0, "第 2 轮负向差距的比例低于第 1 轮（差值区间不含 0）")

``make robustness`` re-runs every chapter on datasets drawn with other seeds and counts, per claim,
how often it held (``tools/robustness.py``). In that mode (environment variable
``HELPERS_CLAIMS_LOG`` set to a file path) a failed claim is recorded instead of raised, so that
every claim of a chapter is counted in one run.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from helpers._validate import HelpersError

__all__ = ["ClaimError", "claim", "glue", "Text"]

CLAIMS_LOG_ENV = "HELPERS_CLAIMS_LOG"
CLAIMS_CONTEXT_ENV = "HELPERS_CLAIMS_CONTEXT"


class ClaimError(HelpersError, AssertionError):
    """A claim the book makes about its data no longer holds."""


def _truth(condition) -> bool:
    if isinstance(condition, str):
        raise HelpersError("claim() 的条件应是布尔值，不是文字 (claim condition must be a boolean, "
                           f"got the string {condition!r})")
    try:
        if isinstance(condition, float) and math.isnan(condition):
            return False
        return bool(condition)
    except (TypeError, ValueError) as exc:      # e.g. a Series: ambiguous truth value
        raise HelpersError("claim() 的条件必须是单个布尔值，请用 .all() 或 .any() 汇总 "
                           f"(claim condition must be one boolean; use .all() or .any(): {exc})"
                           ) from None


def claim(condition, statement: str) -> bool:
    """Check a qualitative claim the text makes about the data.

    Parameters
    ----------
    condition : bool
        The claim, computed from the data (a Python or NumPy boolean; NaN counts as false).
    statement : str
        The claim in the words of the text, quoted in the error so the author finds the sentence.

    Returns
    -------
    bool
        True when the claim holds. When it does not hold, :class:`ClaimError` is raised, except
        in robustness mode (environment variable ``HELPERS_CLAIMS_LOG`` names a file), where the
        outcome is appended to that file as one JSON line (``context``, ``statement``, ``held``)
        and False is returned.

    Notes
    -----
    Used in hidden cells of the chapters (tag ``remove-cell``): the built book shows the sentence,
    never the check. ``HELPERS_CLAIMS_CONTEXT`` (set by ``tools/robustness.py``) names the chapter
    and the seed in the log.

    Examples
    --------
    >>> claim(0.42 > 0.30, "满意率高于三成")
    True
    >>> claim(1 > 2, "一大于二")
    Traceback (most recent call last):
    ...
    helpers.book.ClaimError: 书中的论断不再成立：「一大于二」 (a claim of the book no longer holds: '一大于二')
    """
    if not isinstance(statement, str) or not statement.strip():
        raise HelpersError("claim() 需要一句说明 (claim needs a statement)")
    held = _truth(condition)
    log = os.environ.get(CLAIMS_LOG_ENV)
    if log:
        record = {"context": os.environ.get(CLAIMS_CONTEXT_ENV, ""), "statement": statement,
                  "held": held}
        with Path(log).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return held
    if not held:
        raise ClaimError(f"书中的论断不再成立：「{statement}」 "
                         f"(a claim of the book no longer holds: {statement!r})")
    return True


class Text(str):
    """A string whose ``repr`` is the string itself (shown bare in Jupyter, no quotes)."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        return str(self)


def glue(name: str, value, display: bool = False) -> Text:
    """Make a computed value available to the prose as ``{eval}`name```.

    The chapters write numbers into sentences with the inline role ``{eval}`name```, which both
    renderings of a chapter understand: in the published book (Jupyter Book, cached execution) the
    role is resolved from the value glued here (``myst_nb.glue``, see ``book/_ext/eval_glued.py``);
    in JupyterLab, jupyterlab-myst evaluates ``name`` in the kernel, so the value is also bound to
    that variable name in the notebook's namespace.

    Parameters
    ----------
    name : str
        A Python identifier, used as the glue key and as the variable name.
    value : object
        What the sentence shows; usually a string formatted by the chapter (``f"{x:.1%}"``).
    display : bool, default False
        Also display the value as the cell's output (as ``myst_nb.glue``).

    Returns
    -------
    Text
        ``value`` as a string that displays without quotes.

    Notes
    -----
    ``tools/nbtools.py run`` stores the glued values in each Markdown cell's
    ``user_expressions`` metadata (the format of jupyterlab-myst), so that JupyterLab shows the
    numbers when a chapter is opened, before it is run.

    Examples
    --------
    >>> glue("share_late", f"{0.125:.1%}")
    12.5%
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise HelpersError(f"glue 的名字必须是合法的 Python 变量名 (glue name must be a Python "
                           f"identifier, got {name!r})")
    text = Text(value)
    try:
        from myst_nb import glue as _glue
    except ImportError:      # pragma: no cover - analysts without the book toolchain
        _glue = None
    if _glue is not None:
        # a plain str, so the stored text/plain is its quoted repr: myst-nb (and nbtools) read it
        # back with literal_eval, which would turn a bare "5.70" into 5.7, "+0.35" into 0.35 and
        # "1,200" into the tuple (1, 200)
        _glue(name, str(text), display=display)
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:      # pragma: no cover
        shell = None
    if shell is not None:
        shell.user_ns[name] = text
    return text
