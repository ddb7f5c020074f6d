#!/usr/bin/env python
"""Thin entry point for ``python -m contradict.nli.train`` (train, resume, export the NLI model)."""

import sys

from contradict.nli.train import main

if __name__ == "__main__":
    sys.exit(main())
