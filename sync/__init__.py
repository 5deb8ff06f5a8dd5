"""Shared-folder sync (append-only, verified, per-writer journals). Never imports Qt."""
