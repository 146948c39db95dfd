"""Model registry (installed as auditor.models)."""
