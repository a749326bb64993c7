"""The shape of every error reply: RFC 9457 problem details, with the fields at fault."""

from pydantic import BaseModel


class FieldProblem(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldProblem] | None = None
