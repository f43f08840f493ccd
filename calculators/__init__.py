"""Deterministic, clause-bound award and eligibility calculators for the policy documents of ``corpus/``.

The figures each rule uses are declared once, with the clause words they come from, in ``corpus/figures/``.

Entry points: ``calculators.registry`` (``all``, ``get``, ``run``), ``calculators.highest.highest_not_repeated``
(就高不重复), ``calculators.cli.calc_app`` (``policy-assistant calc``).
"""
