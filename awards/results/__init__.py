"""Results (phase 5): the tally of valid votes, snapshots anyone can check, publication."""
