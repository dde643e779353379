"""helpers: the satisfaction and expectation-gap measures of the course 民众期望管理.

Each module computes one family of measures and returns tidy pandas DataFrames (the pingouin
style: ``data=`` and column names in, fixed snake_case columns out). Import the module you need::

    from helpers import confirmation, servqual, reliability

Bad input raises :class:`helpers.InputError`, which names the column and the rows.
"""

from helpers._validate import Exclusions, HelpersError, InputError

__all__ = ["HelpersError", "InputError", "Exclusions", "__version__"]
__version__ = "0.1.0"
