"""Cache: what earlier runs read and extracted, so a re-run redoes only what changed.

`snapshot`: the last run over a set of inputs (its file index by stamp, its figures by sha256).
`figures`: the figures of each document by sha256 and extractor version, across runs and inputs.
"""
