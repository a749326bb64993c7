"""Mail sent as the application from named mailboxes: `POST /users/{id | upn}/sendMail`.

The request body is checked exactly as `/me/sendMail`'s (tests.fakegraph.people): the same
documented shape, answered 202 with no body. A mailbox the tenant does not have answers 404
`ErrorInvalidUser`, as Graph does.
"""

from tests.fakegraph.people import People, SentMail
from tests.fakegraph.server import FakeGraph, Reply, Request, odata_error


class Mailboxes:
    def __init__(self, graph: FakeGraph, addresses: list[str]) -> None:
        self.outlook = {a.lower(): People(FakeGraph(), me=a.lower()) for a in addresses}
        graph.route("POST", r"/users/(?P<user>[^/]+)/sendMail")(self._send_mail)

    def sent(self, address: str) -> list[SentMail]:
        return self.outlook[address.lower()].sent

    def _send_mail(self, request: Request) -> Reply:
        user = request.params["user"].lower()
        if user not in self.outlook:
            return odata_error(
                404,
                "ErrorInvalidUser",
                f"The requested user '{request.params['user']}' is invalid.",
            )
        return self.outlook[user]._send_mail(request)
