"""The forecaster's write-up: its facts (`run`), their words and tables (`text`), and
the documents written from them (`readme`, `model_card`, `posts`, `preview`, `report`).

The marked blocks, the record and the paths are the write-up's shared machinery, one
level up.
"""
