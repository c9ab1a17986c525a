"""Safe XML reading, the schema registry and validation with plain-language findings."""
from .findings import Finding, ValidationResult
from .registry import SchemaEntry, SchemaError
from .safe import DocumentRefused, parse_document
from .validate import validate

__all__ = ["Finding", "ValidationResult", "SchemaEntry", "SchemaError", "DocumentRefused",
           "parse_document", "validate"]
