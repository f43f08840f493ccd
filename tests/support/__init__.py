"""Scaffolding shared by the test directories (imported as ``support``; ``tests/conftest.py`` puts tests/ on the path)."""
