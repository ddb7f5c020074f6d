"""Calibration of the pipeline's thresholds (pairing floor, same-thing-counted similarity, stories) on
named data; each ``--write`` records the value and its provenance in ``contradict/data/calibrated.json``,
which ``contradict.thresholds`` and ``Settings`` read.  Not imported by ``import contradict``.

    python -m contradict.calibration.pairing [--write]     # pair floor, counted similarity
    python -m contradict.calibration.stories [--write]     # story distance and embedding weight
    python -m contradict.nli.calibrate news [--write]      # the NLI model's threshold (thresholds.json)
"""
