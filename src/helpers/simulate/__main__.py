"""``python -m helpers.simulate``: regenerate the simulated datasets (see :func:`main`)."""

from helpers.simulate.datasets import main

raise SystemExit(main())
