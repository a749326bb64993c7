"""`python -m functions` runs the `npt` command line."""

import sys

from functions.cli import main

sys.exit(main())
