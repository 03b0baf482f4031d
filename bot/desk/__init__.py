"""The advisers' group: `relay` (hand-over cards, forum topics, messages copied both ways),
`config` (the desk as configured: group, advisers, hours, language).
"""
