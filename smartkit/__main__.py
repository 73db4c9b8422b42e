"""``python -m smartkit ...``: see :mod:`smartkit.cli`."""
import sys

from smartkit.cli import main

sys.exit(main())
