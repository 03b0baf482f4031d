"""Synthetic phone screenshots with their truth: the OCR test set (see generate.py)."""
