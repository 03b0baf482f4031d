"""Copying an installation's evidence files from one storage to another (its data folder into a
bucket, or back), for `weiquan evidence copy`.

Every file is read back and checked against its hash before it is copied (a damaged one is
reported, not copied); a file the target has already is skipped, so a copy that was interrupted,
or run again after more files came in, finishes the job. Nothing is removed from the source.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot.evidence.local import LocalStorage
from bot.evidence.storage import Corrupt, Missing, Storage


@dataclass
class Copied:
    copied: int = 0
    present: int = 0  # the target had them already
    damaged: list[str] = field(default_factory=list)  # not copied: their bytes fail the hash
    strays: list[str] = field(default_factory=list)  # names that are not a sha256: left alone

    def to_json(self) -> dict[str, object]:
        return {"copied": self.copied, "present": self.present, "damaged": self.damaged,
                "strays": self.strays}


def open_location(where: str, scratch: Path, endpoint: str | None = None,
                  region: str | None = None) -> Storage:
    """`s3://bucket/prefix`, or a data folder (its evidence/ holds the files). A bucket's files
    pass through `scratch` on their way."""
    if where.startswith("s3://"):
        from bot.evidence.s3 import S3Storage, parse_url

        bucket, prefix = parse_url(where)
        return S3Storage(scratch, bucket, prefix, endpoint=endpoint, region=region)
    return LocalStorage(Path(where))


def copy_files(source: Storage, target: Storage) -> Copied:
    done = Copied()
    for entry in source.stored():
        if entry.name.startswith("?"):
            done.strays.append(entry.name[1:])
        elif target.exists(entry.name):
            done.present += 1
        elif _copy_one(source, target, entry.name):
            done.copied += 1
        else:
            done.damaged.append(entry.name)
    return done


def _copy_one(source: Storage, target: Storage, sha256: str) -> bool:
    """False when the source's bytes are damaged; True when copied (or gone meanwhile)."""
    try:
        with source.local_file(sha256) as path:
            temp = target.receive(path, sys.maxsize)
    except Corrupt:
        return False
    except Missing:  # removed since the listing (a /forget): nothing to copy
        return True
    try:
        target.upload(temp)
        target.install(temp)
    finally:
        target.discard(temp)
    return True
