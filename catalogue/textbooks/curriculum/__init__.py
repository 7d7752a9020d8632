"""How textbooks hang on the curriculum: links to courses, the trace of gaps, and flags when the curriculum changes."""
