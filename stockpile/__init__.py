"""stockpile."""
