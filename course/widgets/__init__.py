"""ipywidgets building blocks for the course's dashboards.

Each dashboard is one class with a ``show()`` method, so its Voila notebook is two lines::

    from course.widgets.document_checker import DocumentChecker
    DocumentChecker().show()

- :mod:`course.widgets.document_checker`: check an XML document against a reference schema.
- :mod:`course.widgets.cohort`: the trainer's view of a cohort's grades; the data reading
  behind it is in :mod:`course.widgets.cohort_data` (plain pandas, no widgets), which gets
  the gradebook's rows from :mod:`course.widgets.gradebook_reader` (nbgrader's API).
- :mod:`course.widgets.common`: the language switch, the page heading and shared styling.

A course module's own dashboards live in its package and compose these blocks (module 02's
workbench is :mod:`course.module02_data_harmonization.workbench`); nothing here names a module.

Nothing heavy is imported here: each dashboard imports what it needs when it is opened.
"""
