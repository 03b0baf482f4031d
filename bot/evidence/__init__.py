"""Evidence files a shopper sends for a case.

`repository` (rows, quotas, ownership), `vault` (content-addressed files under the data
folder), `checks` (what a file really is: magic bytes, image checks, EXIF time), `ocr` (reading
screenshots on the CPU, in a thread), `items` (the values of the evidence API), `worker`
(carries out the evidence rows of the outbox and writes its report on the row). The labels are
data: knowledge/evidence_labels.py.
"""
