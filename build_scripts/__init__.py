"""The talent portal's build: load -> validate -> select -> render -> site (pipeline.py)."""
