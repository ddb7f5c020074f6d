#!/usr/bin/env python
"""Thin entry point for ``python -m contradict.calibration.pairing`` (pairing floor, counted similarity)."""

import sys

from contradict.calibration.pairing import main

if __name__ == "__main__":
    sys.exit(main())
