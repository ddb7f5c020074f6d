"""``python -m contradict ...``: the same command line as the ``contradict`` script."""

import sys

from contradict.cli import main

sys.exit(main())
