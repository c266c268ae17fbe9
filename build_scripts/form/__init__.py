"""The profile form: a GitHub issue form made from the profile schema, and its answers made into a
profile file for the issue's author, checked as a pull request's profile is (issue #13).

words.py holds every word of the form in English (translations/<lang>.yml the same words in another
language); fields.py the form's fields and an issue template per language, made from the schema; answers.py reads an issue's text back into profile fields; photo.py fetches an attached
photo; request.py turns an `issues` event into a change of one person's profile, and applies it;
comment.py writes what the issue is told.
"""
