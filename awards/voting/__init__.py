"""Public online voting (issue 10): what each vote keeps for review, and fraud resistance."""
