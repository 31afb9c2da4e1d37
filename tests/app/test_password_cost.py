"""The shipped password hasher keeps its cost; the tests hash with a cheap one (tests/conftest.py)."""

from __future__ import annotations

from app.accounts import passwords
from tests.conftest import CHEAP_HASHER, SHIPPED_HASHER


def test_shipped_hasher_is_argon2id_at_the_rfc_9106_cost() -> None:
    shipped = SHIPPED_HASHER()
    assert shipped.time_cost >= 3 and shipped.memory_cost >= 64 * 1024 and shipped.parallelism >= 4
    assert shipped.hash("a long enough secret").startswith("$argon2id$")


def test_tests_hash_cheaply_but_the_same_way() -> None:
    stored = passwords.hash_password("a long enough secret")
    assert passwords._hasher() is CHEAP_HASHER
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert passwords.verify_password(stored, "a long enough secret")
    assert not passwords.verify_password(stored, "a wrong secret")
