"""The NLI model's life outside serving: data under the split policy (``data``), news-style augmentation
(``augment``), training (``train``), evaluation on held-out sets (``evaluate``).  Serving is
``contradict.nli_model``; nothing here is imported by ``import contradict``.

    python -m contradict.nli.train --run-dir RUN          # train / resume; --export models/DIR
    python -m contradict.nli.evaluate --json eval.json    # held-out table
    python -m contradict.nli.augment -o aug.jsonl.gz      # inspect the augmentation
"""
