"""Logging set-up: plain lines, and no library logger that would print query strings."""

import logging


def configure(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("uvicorn.access").disabled = True
    # These log whole URLs (Graph filters hold user input) or token exchanges.
    for chatty in ("httpx", "httpcore", "azure", "msal", "urllib3", "kiota", "msgraph"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
