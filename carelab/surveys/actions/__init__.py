"""Writes to surveys: one module per journey (builder, answering, results)."""
