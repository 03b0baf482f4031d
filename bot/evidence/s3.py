"""Evidence files in an S3-compatible bucket (AWS S3, MinIO, Ceph, …) through boto3.

    s3://bucket/prefix/<sha[:2]>/<sha>   kept: the same layout as the data folder's evidence/

Files are received and checked in the data folder's tmp/ as with the folder backend, then
uploaded before the row's transaction (skipped when the bucket has those bytes already) with
their SHA-256 as the upload checksum (AWS S3 refuses a body damaged on the way). Reads
stream the object into a temp file, hashing it: bytes that no longer hash to the name raise
`Corrupt`, as a damaged file on disk does.

Every call blocks on the network: the service calls them in a thread (bot/evidence/offloop.py).
Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the
shared credentials file, an instance role); the server from WEIQUAN_S3_ENDPOINT.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.evidence.local import _SHA, check_sha
from bot.evidence.storage import (
    Corrupt,
    Entry,
    Missing,
    Scratch,
    TempFile,
    Unavailable,
    copy_hashing,
    scratch_prefix,
)

BUCKET = r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]"


def parse_url(url: str) -> tuple[str, str]:
    """(bucket, prefix) of `s3://bucket/some/prefix`; the prefix ends in "/" unless empty."""
    import re

    parts = urlparse(url.strip())
    if parts.scheme != "s3" or not re.fullmatch(BUCKET, parts.netloc or ""):
        raise ValueError("not an s3://bucket/prefix URL")
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


def client(endpoint: str | None, region: str | None) -> Any:
    import boto3
    from botocore.config import Config

    # Another server than AWS: no bucket subdomains (MinIO, Ceph), and no CRC trailers that
    # botocore adds by default since 1.36 and some of them refuse; our own SHA-256 header is
    # still sent, and reads are checked against the name anyway.
    other = {"s3": {"addressing_style": "path"}, "request_checksum_calculation": "when_required",
             "response_checksum_validation": "when_required"} if endpoint else {}
    config = Config(retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=10,
                    read_timeout=60, **other)
    return boto3.client("s3", endpoint_url=endpoint or None, region_name=region or None,
                        config=config)


class S3Storage(Scratch):
    remote = True

    def __init__(self, data_dir: Path, bucket: str, prefix: str = "",
                 endpoint: str | None = None, region: str | None = None) -> None:
        super().__init__(data_dir)  # the scratch folder: files are received and checked here
        self.bucket, self.prefix = bucket, prefix
        self.s3 = client(endpoint, region)

    def key(self, sha256: str) -> str:
        return f"{self.prefix}{check_sha(sha256)[:2]}/{sha256}"

    @contextmanager
    def _reached(self) -> Iterator[None]:
        """Network trouble, a 5xx, a refusal (403) or no such bucket: `Unavailable`, which the
        jobs' worker retries later; a missing object is each caller's own answer."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            yield
        except (BotoCoreError, ClientError) as exc:
            raise Unavailable(f"s3://{self.bucket}/{self.prefix}: {exc}") from exc

    def upload(self, temp: TempFile) -> None:
        """Put the checked file under its address unless the bucket has it already. Called
        before the row's commit and again after it (bot/evidence/offloop.py): a delete of the
        same bytes by another shopper in between is undone."""
        if self.exists(temp.sha256):
            return
        checksum = base64.b64encode(bytes.fromhex(temp.sha256)).decode()
        with self._reached(), open(temp.path, "rb") as body:
            self.s3.put_object(Bucket=self.bucket, Key=self.key(temp.sha256), Body=body,
                               ContentLength=temp.size, ChecksumSHA256=checksum,
                               ContentType="application/octet-stream")

    def install(self, temp: TempFile) -> None:
        """Nothing inside the transaction: `upload` put it before, and puts it again after."""

    def exists(self, sha256: str) -> bool:
        with self._reached():
            try:
                self.s3.head_object(Bucket=self.bucket, Key=self.key(sha256))
            except self.s3.exceptions.ClientError as exc:
                if _status(exc) == 404:
                    return False
                raise
        return True

    def remove(self, sha256: str) -> bool:
        with self._reached():
            self.s3.delete_object(Bucket=self.bucket, Key=self.key(sha256))
        return True

    def stored(self) -> Iterator[Entry]:
        now = time.time()
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                  Prefix=self.prefix)
        with self._reached():
            for page in pages:
                for obj in page.get("Contents", []):
                    rest = obj["Key"][len(self.prefix):]
                    shard, _, name = rest.partition("/")
                    ok = _SHA.fullmatch(name) and name[:2] == shard
                    yield Entry(name if ok else f"?{rest}", obj["Key"],
                                now - obj["LastModified"].timestamp())

    def remove_entry(self, entry: Entry) -> None:
        with self._reached():
            self.s3.delete_object(Bucket=self.bucket, Key=entry.where)

    def _download(self, sha256: str, dest: Path) -> str:
        """The object's bytes into `dest`; their sha256. Missing when there is none."""
        with self._reached():
            try:
                body = self.s3.get_object(Bucket=self.bucket, Key=self.key(sha256))["Body"]
            except self.s3.exceptions.ClientError as exc:
                if _status(exc) == 404:
                    raise Missing(sha256) from None
                raise
            with body, open(dest, "wb") as out:
                return copy_hashing(body, out)

    def copy_to(self, sha256: str, dest: Path) -> bool:
        try:
            self._download(sha256, dest)
        except Missing:
            return False
        return True

    @contextmanager
    def local_file(self, sha256: str) -> Iterator[Path]:
        """A temp copy in the scratch folder, its bytes checked against its name, removed on
        leaving. Named by its sha256 as the folder's files are (a document sent back to the
        shopper carries that name either way)."""
        folder = Path(tempfile.mkdtemp(dir=self.scratch, prefix=scratch_prefix("get")))
        path = folder / self.key(sha256).rsplit("/", 1)[1]
        try:
            actual = self._download(sha256, path)
            if actual != sha256:
                raise Corrupt(sha256, actual)
            yield path
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def locator(self, sha256: str) -> str:
        return f"s3://{self.bucket}/{self.key(sha256)}"


def _status(exc: Any) -> int:
    meta = exc.response.get("ResponseMetadata", {})
    code = str(exc.response.get("Error", {}).get("Code", ""))
    if code == "NoSuchBucket":  # the store is not there: not a missing file
        return 0
    if code in ("404", "NoSuchKey", "NotFound"):
        return 404
    return int(meta.get("HTTPStatusCode") or 0)
