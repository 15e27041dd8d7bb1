"""The Bolt test harness itself: the session's server (tests/bolt.py, tests/falkordb.py)."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
import pytest

from . import falkordb
from .bolt import bolt_auth, clear, is_falkordb

ROOT = Path(__file__).resolve().parent.parent
LISTEN = "0A"  # the TCP state LISTEN in /proc/net/tcp


def _address(hex_address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An address as /proc/net/tcp{,6} writes it: 32-bit words in host (little-endian) order."""
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return ipaddress.ip_address(words)


def _listening() -> dict[int, tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, int]]:
    """Every listening TCP socket of the machine: inode -> (address, port)."""
    sockets = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == LISTEN:
                host, port = fields[1].split(":")
                sockets[int(fields[9])] = (_address(host), int(port, 16))
    return sockets


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[len("socket:[") : -1]))
    return inodes


def _owner(inode: int) -> int | None:
    """The pid of a process holding this socket, if we may look."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if inode in _socket_inodes(int(proc.name)):
                    return int(proc.name)
            except OSError:  # gone, or not ours to see
                continue
    return None


def _is_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def test_server_answers(bolt_driver: neo4j.Driver) -> None:
    records = bolt_driver.execute_query("RETURN 1 AS x").records
    assert [r["x"] for r in records] == [1]


def test_server_listens_on_loopback_only(bolt_uri: str) -> None:
    port = urlsplit(bolt_uri).port
    listening = _listening()
    bolt = [inode for inode, (_, p) in listening.items() if p == port]
    pid = _owner(bolt[0]) if bolt else None
    if pid is None:
        pytest.skip(f"{bolt_uri} is not a server on this machine whose sockets we can see")
    mine = {listening[inode] for inode in _socket_inodes(pid) if inode in listening}
    # The redis port and the Bolt port at least; FalkorDB itself binds Bolt to `::`.
    assert len(mine) >= 2
    assert all(_is_loopback(address) for address, _ in mine), mine


def test_new_connections_do_not_hang(bolt_uri: str) -> None:
    # FalkorDB 4.18.3 left every other new connection unanswered after a client's GOODBYE;
    # the server's shim fixes that (tests/falkordb.py).
    for _ in range(6):
        with neo4j.GraphDatabase.driver(
            bolt_uri, auth=bolt_auth(), connection_acquisition_timeout=10.0
        ) as driver:
            driver.verify_connectivity()


def test_clear_removes_data_and_indexes(clean_bolt: neo4j.Driver) -> None:
    driver = clean_bolt
    driver.execute_query("CREATE (:Document {id: 'd1'})-[:IMPLEMENTS {since: 2020}]->(:Plan)")
    driver.execute_query("CREATE INDEX FOR (n:Document) ON (n.id)")
    driver.execute_query("CREATE INDEX FOR ()-[r:IMPLEMENTS]-() ON (r.since)")
    on_falkordb = is_falkordb(driver)
    if on_falkordb:
        driver.execute_query("CREATE FULLTEXT INDEX FOR (n:Document) ON (n.id)")
    clear(driver)
    assert driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"] == 0
    indexes = (
        "CALL db.indexes() YIELD label RETURN label"
        if on_falkordb
        else "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
    )
    assert driver.execute_query(indexes).records == []


def test_cli_start_and_stop(bolt_uri: str, tmp_path: Path) -> None:
    """What .ci/run does: a detached server that outlives `start` and is gone after `stop`.

    Asks for `bolt_uri` only to be skipped or failed the same way as the other Bolt tests.
    """
    env_file = tmp_path / "bolt.env"
    cli = [sys.executable, "-m", "tests.falkordb"]
    subprocess.run([*cli, "start", "--env-file", env_file], cwd=ROOT, check=True, timeout=120)
    values = falkordb.read_env_file(env_file)
    pid = int(values["POLICYKG_BOLT_PID"])
    try:
        assert falkordb.bolt_error(values["POLICYKG_BOLT_URI"]) is None
    finally:
        subprocess.run([*cli, "stop", "--env-file", env_file], cwd=ROOT, check=True, timeout=60)
    assert not falkordb.alive(pid)
    assert not Path(values["POLICYKG_BOLT_DIR"]).exists()
