"""Exercise rules, one module per course module. Each module registers its problems."""
