"""Building, releasing and grading exercises over nbgrader, from any directory."""
