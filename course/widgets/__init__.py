"""ipywidgets building blocks for the course's dashboards.

Each dashboard is one class with a ``show()`` method, so its Voila notebook is two lines::

    from course.widgets.document_checker import DocumentChecker
    DocumentChecker().show()

- :mod:`course.widgets.document_checker`: check an XML document against a reference schema.
- :mod:`course.widgets.workbench`: map the printed fields of module 02 to the reference
  model without code, checked by the same rules as the graded notebook.
- :mod:`course.widgets.cohort`: the trainer's view of a cohort's grades; the data reading
  behind it is in :mod:`course.widgets.cohort_data` (plain pandas, no widgets), which gets
  the gradebook's rows from :mod:`course.widgets.gradebook_reader` (nbgrader's API).
- :mod:`course.widgets.common`: the language switch, the page heading and shared styling.

Nothing heavy is imported here: each dashboard imports what it needs when it is opened.
"""
