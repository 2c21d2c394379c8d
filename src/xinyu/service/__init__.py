"""The web service: create_app() and its routes."""
