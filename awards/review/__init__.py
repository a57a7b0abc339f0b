"""The Expert Group (phases 2 and 4): conflicts, assignment, scoring, nomination, selection."""
