#!/usr/bin/env python
"""Thin entry point for ``python -m contradict.nli.calibrate news`` (the NLI threshold on real news)."""

import sys

from contradict.nli.calibrate import news

if __name__ == "__main__":
    sys.exit(news())
