"""Temporary: the old name of ``lessons_lib.figures.common`` (removed once every lesson uses figures/)."""
from .figures.common import *  # noqa: F401,F403
from .figures.common import COLORS, STYLE, new_figure  # noqa: F401
