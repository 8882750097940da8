"""regional_report."""
