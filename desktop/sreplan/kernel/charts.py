"""What every chart shares: user text reaches matplotlib as plain text.

matplotlib reads ``$…$`` in any text as mathematics, so a service named
``$\\frac{$`` would make the chart (and the whole report) fail to draw. Chart
functions are wrapped in :func:`plain_text`, which turns mathtext off for every
text created while they run.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def plain_text(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a chart function with ``text.parse_math`` off: ``$`` is just a dollar sign."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return fn(*args, **kwargs)

    return wrapper


@contextlib.contextmanager
def quiet_missing_glyphs() -> Iterator[None]:
    """Draw without 'Glyph … missing from font' warnings on stderr.

    A name with an emoji or a script the chart font lacks is drawn with a box for
    that character; the report says nothing on the terminal about it.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        yield
