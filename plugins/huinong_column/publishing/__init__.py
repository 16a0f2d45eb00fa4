"""Publishing: the all-or-nothing build driver, putting a build in place, the strict
publish with its site checks, fingerprints and compressed forms, and deployment."""
