"""Evidence files a shopper sends for a case.

`repository` (rows, quotas, ownership), `removal` (deleting items, then files no row uses),
`recovery` (start-up check), `storage` (the Storage protocol: content-addressed files, checked
on read; the scratch folder), `local` (the data folder, the default) and `s3` (an S3-compatible
bucket), `offloop` (the blocking storage calls in a thread for async code), `transfer` (copying
every file to another storage), `checks` (what a
file really is: magic bytes, image checks, EXIF time), `ocr` (reading screenshots on the CPU,
in a thread), `items` (the values of the evidence API), `worker` (carries out the evidence rows
of the outbox and writes its report on the row). The labels are data:
knowledge/evidence_labels.py.
"""
