# nbgrader reads this file from the directory it runs in: the course root.
# Graded exercises are authored in solutions/ and released to exercises/ (see their READMEs).
c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "paperless-trade"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# Submissions, grades and feedback of a workshop stay out of version control.
c.CourseDirectory.submitted_directory = "workshop/submitted"
c.CourseDirectory.autograded_directory = "workshop/autograded"
c.CourseDirectory.feedback_directory = "workshop/feedback"
c.CourseDirectory.db_url = "sqlite:///workshop/gradebook.db"

# Whoever runs nbgrader on this course (the `course` command, nbgrader's own commands, the
# formgrader's buttons): answer keys and hidden instances are never released, and autograde
# runs learner code in the course's sandbox and judges every answer outside the kernel.
from course.grading.config import course_defaults  # noqa: E402

course_defaults(c)
