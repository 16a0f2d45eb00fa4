"""Browser tests: the built site served on 127.0.0.1 and read by Chromium through Playwright.

A package (rather than a folder of loose modules) so that its ``conftest.py`` does not
shadow ``tests/conftest.py``, whose helpers the other test modules import as ``conftest``.
"""
