"""How Microsoft 365 failed, in terms the use cases can act on."""


class GraphError(Exception):
    """Graph answered with an error that retrying will not fix."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class GraphUnavailable(GraphError):
    """Graph is throttling, down or unreachable; retry after `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: float = 30, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class SignInFailed(GraphError):
    """Entra would not issue the token Graph needs (consent, credentials, expired assertion)."""
