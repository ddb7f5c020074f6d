"""Thresholds of the pipeline, each chosen on named data by ``scripts/calibrate.py``.

Policy: pairing keeps 90 % of related pairs (recall first: a pair never formed is never judged);
"same thing counted" takes the best F1 on its data; the NLI flag is set for precision.  Re-run the script
after changing the embedder, the NLI model or the data; it prints the figures quoted here.  None was tuned
on ``seeds/`` or a held-out set.
"""

# Cosine similarity (all-MiniLM-L6-v2) from which two claims are compared by the judges.
# Data: 2,000 contradiction/entailment pairs of snli/dev, mnli/dev_matched, xnli_en/dev (trainable):
# median 0.599, 10th percentile 0.250; random premise/hypothesis pairs: median 0.015, 2.25 % above.
MIN_PAIR_SIMILARITY = 0.25

# How surely two quantities count the same thing (``counted_similarity``: the lower of the cosines of
# their counted words and of their masked clauses), used only when the counted nouns differ.
# Data: 2,335 quantity pairs with different counted nouns inside trainable NLI pairs with 2+ figures
# a side (567 same figure = same thing): best F1 0.505 at 0.55 (precision 0.449, recall 0.577);
# same-figure median 0.641, other-figure median 0.297.  Matching is then one-to-one, equal figures first.
MIN_COUNTED_SIMILARITY = 0.55

# The NLI judge's threshold belongs to its model, not to the pipeline: each model directory carries
# ``thresholds.json`` (written by ``scripts/calibrate.py --nli-model DIR --write``, with its data named).

# Stories (``contradict.stories``): complete-linkage clustering of articles, distance =
# 1 - (w * cosine of mean claim embeddings + (1 - w) * cosine of name TF-IDF) + a time term.
# Data: the 8 development stories of shared/news-clusters (59 articles) and seeds/ (5), as 184 corpora:
# each story alone and 25 random mixes of each size 2-8 (``scripts/calibrate_stories.py``, in-sample).
# Without publication dates (most corpora have few; ``--no-dates``) every corpus is grouped exactly
# (adjusted Rand index 1.0, no story split when alone) for w = 0.3 at 0.78-0.83, w = 0.5 at 0.68-0.73,
# w = 0.7 at 0.59-0.64; names alone (w = 0) or embeddings alone (w = 1) never (two earthquakes read
# alike).  With the manifests' dates w = 0.5 is exact from 0.68 to 0.86.  w = 0.5 weighs both signals
# alike; 0.70 is the middle of its dateless range (at 0.74 two stories start to merge, at 0.67 to split).
STORY_EMBEDDING_WEIGHT = 0.5
STORY_DISTANCE = 0.70

# A draft is vetted within the story it belongs to when it has this many claims and is, on average,
# within this distance of the story's articles (the story distance of contradict.stories without dates).
# Data: drafts of 3 claims sampled from each of the 59 articles of the 8 development stories, the article
# left out of its story's mean (leave-one-out), and 15 drafts from seeds/ (another event) against them:
# at 0.80, 58/59 placed in their own story, 1 in none, 0 in another; 9/15 other-event drafts placed in
# none (0.75: 56/59, 14/15; 0.85: 59/59, 2/15).  Drafts of one claim are placed right only half the time
# at any threshold that keeps others out, so they are vetted against the whole index.
DRAFT_STORY_MIN_CLAIMS = 3
DRAFT_STORY_DISTANCE = 0.80
