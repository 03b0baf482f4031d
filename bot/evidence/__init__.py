"""Evidence files a shopper sends for a case.

`repository` (rows, quotas, ownership), `vault` (content-addressed files under the data
folder), `checks` (what a file really is: magic bytes, image checks, EXIF time), `items` (the
values of the evidence API), `labels` (label ids and a label guessed from a caption), `worker`
(carries out the evidence rows of the outbox).
"""
