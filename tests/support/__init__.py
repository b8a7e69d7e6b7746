"""Test helpers shared by unit, integration and benchmark code (no fixtures here)."""
