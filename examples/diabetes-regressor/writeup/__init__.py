"""The write-up of a run: README results, model card, blog-post draft, social post, preview.

Tooling apart from the ML package: it reads the files one run left (`run`) and writes
documents from them (`readme`, `model_card`, `posts`, `preview`), rewriting only the
marked blocks (`blocks`) and keeping a record of what it wrote (`record`). `bench`
measures the running service's latency. `python -m writeup report|bench` runs them.
"""
