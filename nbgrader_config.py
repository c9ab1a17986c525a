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
