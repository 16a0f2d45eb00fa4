"""Benchmark against plain Pelican and Hugo (``make bench``), and its synthetic corpus."""
