"""Fixtures for the service tests that need a Redis server (Celery)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import IN_CI

REDIS_URL = os.environ.get("DESIRELINES_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_broker() -> str:
    """The Redis URL for Celery tests; they skip without it locally and fail without it under CI=true."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as err:
        message = f"Redis is not reachable at {REDIS_URL} ({err})"
        if IN_CI:
            pytest.fail(f"{message}; CI=true requires it.")
        pytest.skip(f"{message}; set DESIRELINES_TEST_REDIS_URL to run the Celery tests.")
    return REDIS_URL
