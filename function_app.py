"""The Azure Functions app: the same FastAPI app behind func.AsgiFunctionApp, plus timers.

Settings are checked here, when the worker loads this module: in `microsoft365` mode a missing
or malformed setting stops the app with a message naming it. Nothing else happens at load time:
the engine, keys and Graph client are built lazily by whichever HTTP call or timer needs them
first (the ASGI startup hook runs only on a first HTTP call). Migrations are a deploy step
(`npt migrate`), never run by a worker.
"""

import azure.functions as func

from core.services import shared_services
from core.settings import Mode
from functions.app import create_app
from functions.timers import register

if shared_services().settings.mode is not Mode.MICROSOFT365:
    raise RuntimeError(
        "function_app.py runs only with NPT_MODE=microsoft365; "
        "`npt serve` runs the embedded default"
    )

app = func.AsgiFunctionApp(app=create_app(), http_auth_level=func.AuthLevel.ANONYMOUS)
register(app)
