"""Governance reports (styringsrapporter): the product's self-assessment against the level
criteria as a Markdown file that OS2 products keep in their repositories.

* ``reader``: reads such a file into rows (pure parsing, no database), with every row it
  could not understand and its line number;
* ``marks``: the marks of the answer column (emoji, task boxes, Ja/Nej/Delvist …);
* ``importer``: the rows as the product's answers, through ``answer_save``;
* ``model_builder``: a draft level model built from a report (``--create-model``);
* ``exporter``: the product's answers written back in the emoji layout.

See docs/decisions/0007-governance-report-import.md for the choices behind them.
"""
