"""Summary model weights, written by ``python -m generator.eval fit-summary --write``; do not edit by hand."""

# Fitted on 1422 articles. Held out by topic (fitted on the others):
#   business (510 docs): AUC 0.9175, ROUGE-1/2 ours 65.41/61.69, TextRank 63.46/58.45
#   sport (511 docs): AUC 0.8914, ROUGE-1/2 ours 63.11/59.14, TextRank 60.29/55.21
#   tech (401 docs): AUC 0.9243, ROUGE-1/2 ours 53.66/50.61, TextRank 53.11/49.12
INTERCEPT = -8.8458
WEIGHTS = {'position': 0.1445,
 'relative_position': -0.0571,
 'lead': -0.2119,
 'length': -1.6646,
 'log_length': 1.5426,
 'frequency_sum': -0.4668,
 'frequency_mean': 0.6295,
 'degree': 0.1823,
 'textrank': 1.4318,
 'title_overlap': 0.5787,
 'keyword_overlap': 0.3017,
 'quote': -0.1389,
 'dangling': -0.0399,
 'short': 0.301,
 'textrank_rank': 2.5402,
 'degree_rank': 1.8097,
 'frequency_mean_rank': 1.7768,
 'log_sentences': -0.0516}
