"""Recognise a handwritten digit from its 8 x 8 scan (UCI optical digits, via scikit-learn)."""
