"""Who may do what: one pure rule (:mod:`awards.access.rules`) and one gate for views."""
