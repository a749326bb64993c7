"""A token verified once is not verified again, but its lifetime is checked on every use."""

import time
from pathlib import Path

import pytest

from core.errors import NotAuthenticated
from core.tokens import LEEWAY_SECONDS, JwksKeys, SigningKey, TokenValidator


def test_remembered_token_still_expires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = SigningKey(tmp_path / "key.pem")
    fetches = []

    def jwks() -> dict[str, object]:
        fetches.append(1)
        return key.jwks()

    validator = TokenValidator(JwksKeys(jwks), issuer="iss", audience=("aud",), tenant_id="t")
    now = int(time.time())
    token = key.sign(
        {"iss": "iss", "aud": "aud", "tid": "t", "oid": "o", "nbf": now, "exp": now + 120}
    )
    assert validator.claims(token)["oid"] == "o"
    assert validator.claims(token)["oid"] == "o"
    assert len(fetches) == 1
    later = now + 120 + LEEWAY_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(NotAuthenticated, match="expired"):
        validator.claims(token)


def test_a_tampered_copy_of_a_remembered_token_is_still_checked(tmp_path: Path) -> None:
    key = SigningKey(tmp_path / "key.pem")
    validator = TokenValidator(JwksKeys(key.jwks), issuer="iss", audience=("aud",), tenant_id="t")
    now = int(time.time())
    token = key.sign(
        {"iss": "iss", "aud": "aud", "tid": "t", "oid": "o", "nbf": now, "exp": now + 120}
    )
    validator.claims(token)
    header, payload, signature = token.split(".")
    with pytest.raises(NotAuthenticated):
        validator.claims(f"{header}.{payload}x.{signature}")
