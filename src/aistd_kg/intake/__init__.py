"""Spreadsheet intake: write a framework into the CSV / XLSX template, and import a filled template as Turtle.

template.py defines the tables and columns (and renders docs/templates.md); sheets.py reads
and writes CSV and XLSX; exporting.py turns the data into rows; cells.py and importing.py
check the rows and build, validate and write the Turtle.
"""
