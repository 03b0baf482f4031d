"""The advisers' group: `relay` (hand-over cards, forum topics, messages copied both ways).
"""
