"""Summary model weights, written by ``python -m generator.eval fit-summary --write``; do not edit by hand."""

# Fitted on 1422 articles. Held out by topic (fitted on the others):
#   business (510 docs): AUC 0.9174, ROUGE-1/2 ours 65.51/61.89, TextRank 63.46/58.45
#   sport (511 docs): AUC 0.8876, ROUGE-1/2 ours 62.91/58.96, TextRank 60.29/55.21
#   tech (401 docs): AUC 0.9237, ROUGE-1/2 ours 53.66/50.65, TextRank 53.11/49.12
INTERCEPT = -4.6248
WEIGHTS = {'position': 0.3385,
 'relative_position': -0.0461,
 'lead': -0.292,
 'length': 0.8125,
 'log_length': -0.3743,
 'frequency_sum': -0.353,
 'frequency_mean': 0.4733,
 'degree': 0.2759,
 'textrank': 1.3565,
 'title_overlap': 0.6339,
 'keyword_overlap': 0.1801,
 'quote': -0.1819,
 'dangling': -0.0522,
 'short': -0.0201,
 'textrank_rank': 2.5763,
 'degree_rank': 1.7697,
 'frequency_mean_rank': 1.7448,
 'log_sentences': -0.0689}
