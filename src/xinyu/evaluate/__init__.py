"""Evaluation: emotion metrics now; reply metrics and reports later."""
