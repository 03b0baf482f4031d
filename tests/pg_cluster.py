"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary folder, on a
free port of 127.0.0.1, started on first use and removed at the end of the session.

PostgreSQL is installed on these machines but not running (`make test` installs the Debian
package when it is missing). initdb refuses to run as root: as root, the cluster's commands run
as the `postgres` user and the folder is theirs. Readiness is polled (`pg_ctl -w`, then a
connection), never slept for. Each test asks for a database of its own, a copy of a template
that already has the schema (CREATE DATABASE … TEMPLATE: a few milliseconds).
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

TEMPLATE = "weiquan_template"
# A pytest killed outright runs no atexit: this watcher (a process of its own session) stops the
# cluster and removes its folder once the test process is gone.
WATCHER = """
import os, shutil, subprocess, sys, time
parent, root, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
while True:
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        break
    time.sleep(1)
subprocess.run(command, capture_output=True, timeout=120)
shutil.rmtree(root, ignore_errors=True)
"""


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (WEIQUAN_PG_BIN overrides)."""
    if os.environ.get("WEIQUAN_PG_BIN"):
        return Path(os.environ["WEIQUAN_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed: `make test` installs it "
                               "(apt-get install postgresql), or set WEIQUAN_PG_BIN")
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="weiquan-pg-"))
        self.data, self.log = self.root / "data", self.root / "log"
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.databases = 0
        self.started = False
        self.watcher: subprocess.Popen[bytes] | None = None

    def _command(self, *args: str) -> list[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        return command if self.user is None else ["runuser", "-u", self.user, "--", *command]

    def _run(self, *args: str) -> None:
        command = self._command(*args)
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr}{done.stdout}{log}")

    def start(self) -> Cluster:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        # durability does not matter in a throwaway cluster; speed does (the other core is busy)
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.root} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w",
                  "-t", "120", "start")
        self.started = True
        self.watcher = subprocess.Popen(
            [sys.executable, "-c", WATCHER, str(os.getpid()), str(self.root),
             *self._command("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")],
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._ready()
        return self

    def _ready(self, timeout: float = 60.0) -> None:
        """Polls until the server takes a connection (pg_ctl -w has waited already)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.url("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, statement: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(statement.encode())

    def fresh(self, name: str = "") -> str:
        """The URL of a new database with the schema in place."""
        if self.databases == 0:
            from bot.store.postgres.store import PostgresStore

            self.admin(f"CREATE DATABASE {TEMPLATE}")
            PostgresStore(self.url(TEMPLATE)).close()
        self.databases += 1
        name = name or f"test_{self.databases}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def emptied(self, url: str) -> None:
        """Every table of the database emptied and its ids started over: as new, without the
        cost of a new database (the contract suite's tests run one after the other on one)."""
        with psycopg.connect(url, autocommit=True) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename != 'schema_migrations'")]
            conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY".encode())

    def empty(self, name: str) -> str:
        """The URL of a new database without any table (a store opened on it migrates)."""
        self.admin(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def stop(self) -> None:
        if self.started:
            self.started = False
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        if self.watcher is not None:
            self.watcher.kill()  # ours, started above: the cluster is stopped already
            self.watcher.wait(10)
            self.watcher = None
        shutil.rmtree(self.root, ignore_errors=True)


_cluster: Cluster | None = None


def cluster() -> Cluster:
    """The session's cluster, started on first use (stopped at exit)."""
    global _cluster
    if _cluster is None:
        _cluster = Cluster().start()
        atexit.register(_cluster.stop)
    return _cluster


def stop() -> None:
    global _cluster
    if _cluster is not None:
        _cluster.stop()
        _cluster = None
