"""Tell a fresh (positive) film review from a rotten one by its text (Rotten Tomatoes snippets)."""
