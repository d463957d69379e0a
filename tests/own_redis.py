"""A Redis server of a test's own: on a free port, nothing saved to disk, stopped and started by
the test (the shared Redis is never touched). Tests ask for `redis_server` or `redis_url`."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.own_postgres import _free_port


class RedisServer:
    """A Redis server of a test's own, on a free port, with nothing saved to disk."""

    def __init__(self, directory) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed for these tests (apt-get install redis-server)"
        self.binary, self.directory, self.port = binary, str(directory), _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--save", "", "--appendonly", "no"]
            + ["--dir", self.directory],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    return redis_server.url
