#!/usr/bin/env python
"""Thin entry point for ``python -m contradict.calibration.stories`` (the story threshold and weight)."""

import sys

from contradict.calibration.stories import main

if __name__ == "__main__":
    sys.exit(main())
