"""The write-up of a run: README results, model card, drafts, the demo's site, the notebook.

Tooling apart from the ML package: it reads the files one run left (`run`) and writes
documents from them (`readme`, `model_card`, `posts`, `preview`), rewriting only the
marked blocks (`blocks`) and keeping a record of what it wrote (`record`). `bench`
measures the running service's latency, `screenshot` photographs its demo page, `site`
builds the GitHub Pages site with the in-browser demo, and `notebook` executes the
exploration notebook. `python -m writeup COMMAND` runs them.
"""
