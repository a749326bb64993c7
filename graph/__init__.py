"""The Microsoft 365 port: narrow interfaces, their Graph implementations and embedded stand-ins."""
