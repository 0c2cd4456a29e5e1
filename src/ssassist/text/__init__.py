"""Text: one normalisation (fold, keys, words, blanking), sentences, stems, cleaning.

Every other stage reads text through these modules; nothing else folds accents.
"""
