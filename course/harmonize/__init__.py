"""Data harmonization (module 02): the scenario's documents, reference model and scoring."""
