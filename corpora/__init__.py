"""Rule data, sample articles and evaluation data (installed as auditor.corpora)."""
