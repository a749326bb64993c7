"""Signing keys are cached, and refetched on an unknown key id at most once a minute."""

import json

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from core.tokens import REFRESH_SECONDS, JwksKeys


def jwk(kid: str) -> dict[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return json.loads(RSAAlgorithm.to_jwk(key.public_key())) | {"kid": kid, "use": "sig"}


class Published:
    def __init__(self) -> None:
        self.keys = [jwk("old")]
        self.fetches = 0

    def __call__(self) -> dict[str, list[dict[str, str]]]:
        self.fetches += 1
        return {"keys": list(self.keys)}


def test_a_rotated_key_is_picked_up_without_restart() -> None:
    published, now = Published(), [1000.0]
    keys = JwksKeys(published, clock=lambda: now[0])
    assert keys.key("old") is not None
    published.keys.append(jwk("new"))
    now[0] += REFRESH_SECONDS
    assert keys.key("new") is not None
    assert published.fetches == 2


def test_unknown_key_ids_refetch_at_most_once_a_minute() -> None:
    published, now = Published(), [1000.0]
    keys = JwksKeys(published, clock=lambda: now[0])
    keys.key("old")
    for i in range(50):
        now[0] += 1
        assert keys.key(f"forged-{i}") is None
    assert published.fetches == 1
    now[0] += REFRESH_SECONDS
    keys.key("forged-again")
    assert published.fetches == 2


def test_known_keys_are_served_from_the_cache() -> None:
    published = Published()
    keys = JwksKeys(published)
    for _ in range(10):
        keys.key("old")
    assert published.fetches == 1
