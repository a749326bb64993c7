"""Logging set-up: plain lines, and no library logger that would print query strings."""

import logging


def configure(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("uvicorn.access").disabled = True
    for noisy in ("httpx", "azure", "msal", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
