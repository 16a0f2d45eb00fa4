"""What an article of the column is: the registry of units and themes, reading and
checking a source file, tagging (explicit, aliased, inferred), typography and the
editor-facing errors. Imports nothing of ``site``, ``publishing`` or ``desk``."""
