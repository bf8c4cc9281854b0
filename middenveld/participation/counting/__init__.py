"""Counting ballots, without Django: budget rules (Method of Equal Shares, its
Add1U completion, greedy), ranked rules (Schulze, Borda) and the Pabulib file format.

Everything here works on plain data (`BudgetInstance`) so that the same code counts a
ballot stored in the database, a `.pb` file given to `manage.py pb_count`, and the
instances in the tests and the benchmark.
"""
