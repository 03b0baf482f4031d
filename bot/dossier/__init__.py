"""The case dossier: one PDF for 12315 or a court.

`pdf` (the document), `data` (what it reads from the store), `font` (the CJK font),
`lines` (Chinese line breaking), `text` (its own words), `pool` (exports in a process of their
own).
"""
