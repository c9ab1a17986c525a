"""Read the rows the trainer dashboard needs from an nbgrader gradebook, with nbgrader's API.

This module imports nothing from the course and no pandas, so it can also run as a small
script in a separate process (``python gradebook_reader.py DB_URL COURSE_ID``), printing
the rows as JSON: the dashboard starts it that way so that nbgrader's slow import does not
hold up the page. :mod:`course.widgets.cohort_data` turns the rows into tables.
"""
from __future__ import annotations

import json
import os
import sys


def read_rows(db_url: str, course_id: str = "default_course") -> dict:
    """Students, assignment names, graded cells, submissions and grades, as lists of plain values."""
    from nbgrader.api import (Assignment, Grade, GradeCell, Gradebook, Notebook, Student, SubmittedAssignment,
                              SubmittedNotebook, TaskCell)

    with Gradebook(db_url, course_id=course_id) as gradebook:
        db = gradebook.db
        students = [list(row) for row in db.query(Student.id, Student.first_name, Student.last_name)]
        names = sorted(name for (name,) in db.query(Assignment.name))
        cells = []
        for kind in (GradeCell, TaskCell):
            cells += [list(row) for row in db.query(kind.id, Assignment.name, Notebook.name, kind.name, kind.max_score)
                      .join(Notebook, kind.notebook_id == Notebook.id)
                      .join(Assignment, Notebook.assignment_id == Assignment.id)]
        submissions = [[assignment, student, timestamp.isoformat() if timestamp is not None else None]
                       for assignment, student, timestamp in
                       db.query(Assignment.name, Student.id, SubmittedAssignment.timestamp)
                       .select_from(SubmittedAssignment)
                       .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                       .join(Student, SubmittedAssignment.student_id == Student.id)]
        grades = [list(row) for row in
                  db.query(Assignment.name, Student.id, Grade.cell_id, Grade.score, Grade.auto_score,
                           Grade.manual_score)
                  .select_from(Grade)
                  .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                  .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                  .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                  .join(Student, SubmittedAssignment.student_id == Student.id)]
    return {"students": students, "assignment_names": names, "cells": cells, "submissions": submissions,
            "grades": grades}


if __name__ == "__main__":
    # Run as a script, this folder comes first on sys.path: keep its modules from shadowing others.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    print(json.dumps(read_rows(sys.argv[1], *sys.argv[2:3])))
