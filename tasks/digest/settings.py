"""What the digest may be told: ``DigestSettings``, the ``digest`` slice of the one settings
object (declared in config/slices.py, importable from here): masking, sizes, the scorer, the
output folder, and the settings' one SMTP relay (``smtp``, shared with the wave alerts)."""

from __future__ import annotations

from config.slices import DigestSettings

__all__ = ["DigestSettings"]
