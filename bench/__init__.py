"""Benchmark for lipkit's analysis: generator, pandas baseline and runner (``make bench``)."""
