"""``python -m helpers.report INPUT``: one command from an export to an offline report.

Loads a survey, 好差评 or 12345 export through :mod:`helpers.io` (every row accounted for),
masks personal data, runs the course's analyses of that kind and writes ``report.html`` (one
self-contained page in Chinese), ``report.xlsx`` (one sheet per table) and ``mapping.yml`` (the
mapping used, for the next run). Modules: :mod:`~helpers.report.detect` (kind and first
mapping), :mod:`~helpers.report.survey`, :mod:`~helpers.report.ratings`,
:mod:`~helpers.report.tickets` (the sections), :mod:`~helpers.report.render` (HTML, Jinja2),
:mod:`~helpers.report.excel` (openpyxl), :mod:`~helpers.report.build` (the pipeline) and
``__main__`` (the command line).

This is presentation: it draws charts (matplotlib), so no measure module may import it.
"""

from helpers.report.build import build_report

__all__ = ["build_report"]
