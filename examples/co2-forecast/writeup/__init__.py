"""The write-up of a run: the README's results, the model card and the write-up draft.

Tooling apart from the ML package: it reads the files one run left and writes
documents from them, rewriting only the marked blocks (`blocks`) and keeping a record
of what it wrote (`record`), which `mlscaffold doctor` reads. `forecast` holds what is
particular to a forecaster: its facts, tables, sentences and documents.
`python -m writeup report` runs it.
"""
