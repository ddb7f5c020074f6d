"""The NLI model's life outside serving: data under the split policy (``data``), news-style augmentation
(``augment``), training (``train``), evaluation on held-out sets (``evaluate``), the contradiction threshold
(``calibrate``), the model card (``card``) and the sentence-transformers comparison (``crossencoder_check``).
Serving is ``contradict.nli_model``; nothing here is imported by ``import contradict``.

    python -m contradict.nli.train --run-dir RUN          # train / resume; --export models/DIR
    python -m contradict.nli.evaluate --write             # held-out table, recorded in MODEL/evaluation.json
    python -m contradict.nli.calibrate news --write       # the threshold on real news -> MODEL/thresholds.json
    python -m contradict.nli.card [--check]               # MODEL_CARD.md from the JSON files beside the weights
    python -m contradict.nli.augment -o aug.jsonl.gz      # inspect the augmentation
"""
