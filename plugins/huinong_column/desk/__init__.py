"""The editor's desk: the ``huinong`` command (check, new, import, build, preview,
publish, deploy), in Chinese, for editors who are not programmers."""
