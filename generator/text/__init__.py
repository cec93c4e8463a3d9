"""Raw text in, plain data out: raw-article parsing, sentence splitting, word lists.

May import: the standard library and text libraries (segtok, YAKE's word lists); no other layer.
"""
