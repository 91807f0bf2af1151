"""The benchmark (`make bench`): a full-size institute on PostgreSQL, served by gunicorn.

``generate`` builds the institute in bulk, ``steps`` runs the in-process measurements
(query counts, score recomputation, the casting check), ``run`` drives the whole thing:
databases, gunicorn, wrk, the table and the JSON under ``var/bench/``.
"""
