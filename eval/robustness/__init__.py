"""Robustness: bad-input, fault and attack cases (``python -m eval.robustness``), hostile files,
and the web UI while hostile checks run (``ui_freeze``)."""
