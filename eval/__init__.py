"""Evaluation: the sets (``sets/``, found through ``registry.py``) and the scripts that score
the assistant on them, run from the project root as modules::

    python -m eval.quality.retrieval --set holdout
    python -m eval.speed.bench
    python -m eval.robustness --only index-add
"""
