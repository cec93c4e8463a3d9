"""Summary model weights, written by ``python -m generator.eval fit-summary --write``; do not edit by hand."""

# Fitted on 1422 articles. Held out by topic (fitted on the others):
#   business (510 docs): AUC 0.9234, ROUGE-1/2 ours 65.98/62.45, TextRank 63.46/58.45
#   sport (511 docs): AUC 0.8918, ROUGE-1/2 ours 63.14/59.05, TextRank 60.29/55.21
#   tech (401 docs): AUC 0.9313, ROUGE-1/2 ours 53.79/50.83, TextRank 53.11/49.12
INTERCEPT = -8.3472
WEIGHTS = {'position': 0.2223,
 'relative_position': -0.0321,
 'lead': -0.2714,
 'length': -2.0258,
 'log_length': 1.4591,
 'frequency_sum': -1.3337,
 'frequency_mean': 0.7144,
 'degree': 0.2138,
 'textrank': 1.2895,
 'title_overlap': 0.4722,
 'keyword_overlap': -0.233,
 'quote': -0.0729,
 'dangling': 0.0168,
 'short': 0.1727,
 'textrank_rank': 2.2475,
 'degree_rank': 1.3175,
 'frequency_mean_rank': 2.0423,
 'log_sentences': -0.1908,
 'sumy_textrank': 0.1994,
 'sumy_textrank_rank': 2.1295}
