"""The safety-desk page's templates and words (rendered by tasks/site)."""
