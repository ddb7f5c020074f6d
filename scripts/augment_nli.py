#!/usr/bin/env python
"""Thin entry point for ``python -m contradict.nli.augment`` (write and inspect the NLI augmentation)."""

import sys

from contradict.nli.augment import main

if __name__ == "__main__":
    sys.exit(main())
