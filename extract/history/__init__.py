"""`catalogue history DB EDITION…`: every edition in one SQLite database, as a library.

    editions.py  an edition as the history holds it (key, year, records, values extracted where
                 corrections set others), from a catalogue or back from the database; their order
    tables.py    the ordered editions → the tables' rows: resources kept across editions by the
                 diff's own pairing, appearances, the diff's changes between consecutive editions
    database.py  the rows → an SQLite database (sqlite-utils: typed tables, foreign keys, full-text
                 search), and an existing one read back
    browse.py    what is written beside it: Datasette's metadata (in French) and editions.csv

The database is rebuilt whole from its editions at each run and written as one file: the same
editions give the same bytes, whatever the order they were added in.
"""
