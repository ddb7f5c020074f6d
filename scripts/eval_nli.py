#!/usr/bin/env python
"""Thin entry point for ``python -m contradict.nli.evaluate`` (the NLI model on the held-out sets)."""

import sys

from contradict.nli.evaluate import main

if __name__ == "__main__":
    sys.exit(main())
