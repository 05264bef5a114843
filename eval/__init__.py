"""Evaluation of the scorers on openly licensed labelled sets and on the synthetic ground truth.

Run ``python -m eval.run``; it reads ``../shared/fixtures`` (never copied into the repository)
and writes ``eval/RESULTS.md``. Label mappings are documented in ``docs/scoring.md``.
"""
