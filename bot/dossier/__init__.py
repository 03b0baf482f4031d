"""Documents made from a case, drawn off the event loop.

`pdf` (the case dossier for 12315 or a court), `data` (what it reads from the store), `font`
(the CJK font), `lines` (Chinese line breaking), `text` (its words, from dialogs/texts),
`picture` (the timeline picture, with Pillow), `collective` (a shop's anonymised collective
dossier), `jobs` (the drawing jobs the evidence worker hands on), `pool` (exports and pictures in
a process of their own).
"""
