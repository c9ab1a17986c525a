"""The Paperless Trade course platform.

In a notebook::

    import course
    ex = course.exercise("00-hs-subheading")
    ex.check("030343")
    course.validate("my-certificate.xml", schema="eco")
"""
from importlib.metadata import PackageNotFoundError, version

from .checks import exercise
from .xml import validate

try:
    __version__ = version("paperless-trade-course")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0"

__all__ = ["exercise", "validate", "__version__"]
