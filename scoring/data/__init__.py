"""Bundled data of the scorer: exemplar bank, weights and word lists."""
