"""The one place where every list's fields, choices and limits are written."""
