"""A local S3-compatible server for the evidence storage tests: moto's server mode in a process
of its own on a free port on 127.0.0.1, waited for by polling, one per test session.

`bucket(server)` gives each test an empty bucket of its own; `tamper` and `keys` reach the
bucket directly (as an operator or an attacker could), not through our code.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

# moto accepts any credentials; boto3 needs some, in the environment the bot processes inherit
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "weiquan-test", "AWS_SECRET_ACCESS_KEY": "weiquan-test",
               "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}
START_TIMEOUT = 60.0  # an upper bound: the wait ends as soon as the server answers


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def client(self) -> Any:
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")


@dataclass(frozen=True)
class Bucket:
    server: S3Server
    name: str
    prefix: str = "evidence/"

    @property
    def url(self) -> str:
        return f"s3://{self.name}/{self.prefix.rstrip('/')}"

    def settings(self) -> dict[str, str]:
        """The bot's configuration for this bucket (Settings field names)."""
        return {"evidence_url": self.url, "s3_endpoint": self.server.endpoint}

    def env(self) -> dict[str, str]:
        """The same as environment variables, with the credentials."""
        return {**CREDENTIALS, "WEIQUAN_EVIDENCE_URL": self.url,
                "WEIQUAN_S3_ENDPOINT": self.server.endpoint}

    def keys(self) -> list[str]:
        pages = self.server.client().get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

    def key(self, sha256: str) -> str:
        return f"{self.prefix}{sha256[:2]}/{sha256}"

    def read(self, sha256: str) -> bytes:
        body = self.server.client().get_object(Bucket=self.name, Key=self.key(sha256))["Body"]
        return bytes(body.read())

    def tamper(self, sha256: str, data: bytes) -> None:
        """Overwrite the object behind our back (bit rot, a careless operator)."""
        self.server.client().put_object(Bucket=self.name, Key=self.key(sha256), Body=data)

    def put_raw(self, key: str, data: bytes) -> None:
        self.server.client().put_object(Bucket=self.name, Key=key, Body=data)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    port = free_port()
    log = tempfile.TemporaryFile()  # a line a request: a pipe nobody reads would fill up
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=log, stderr=log)
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(port):
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"moto server exited: {log.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("moto server did not answer")
        time.sleep(0.05)
    try:
        yield S3Server(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def bucket(s3_server: S3Server) -> Bucket:
    name = f"wq-{uuid.uuid4().hex[:16]}"
    s3_server.client().create_bucket(Bucket=name)
    return Bucket(s3_server, name)
