"""The trainer's kit of a module: printable forms, lesson slides, a run-sheet and a glossary.

``course kit MODULE`` (or :func:`course.kit.build.build`) writes it into
``workshop/kit/<module>/``. A module declares what the kit needs in ``<package>/kit.py``
(:mod:`course.kit.declaration`); everything else is read from the module's own files.

- :mod:`.forms`: documents as paper forms (PDF); :mod:`.slides`: reveal.js slides, offline;
- :mod:`.agenda` and :mod:`.runsheet`: the README's agenda by the clock (HTML and PDF);
- :mod:`.glossary_page`: the glossary on one page; :mod:`.pdf`: what the PDFs share.
"""
