"""Public online voting (phase 3): ballots, receipts, fraud review, valid votes."""
