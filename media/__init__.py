"""Cobertura's domain: scanning, metadata, ingest, catalog. Never imports Qt."""
