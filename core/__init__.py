"""Use cases: what the service does, independent of HTTP, timers or the command line."""
