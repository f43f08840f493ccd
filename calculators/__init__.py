"""Deterministic, clause-bound award and eligibility calculators for 长发改综〔2022〕51号 and 长政办规〔2024〕1号.

Entry points: ``calculators.registry`` (``all``, ``get``, ``run``), ``calculators.highest.highest_not_repeated``
(就高不重复), ``calculators.cli.calc_app`` (``policy-assistant calc``).
"""
