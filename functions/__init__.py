"""Entry points: the HTTP API, timers and the command line. They parse, call core/, and reply."""
