"""The write-up of a run: README results, model card, blog-post draft, social post and preview.

`facts` loads what one run measured; `blocks` keeps generated text apart from the
author's; `readme`, `model_card`, `writeup` and `preview` build each document. The
report step (`report.py`) writes them.
"""
