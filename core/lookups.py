"""``field__any_of=<subquery>``: the ``IN (subquery)`` that PostgreSQL can use an index for
inside an ``OR``.

``a IN (SELECT …) OR b IN (SELECT …)`` is planned as hashed subplans checked row by
row: PostgreSQL reads every row of the table (the board's query read all 10 000
pledges of the institute for a staff member who sees 25 of them). ``a = ANY(ARRAY(SELECT
…))`` computes the subquery once as a parameter, which an index scan can use, and the
``OR`` of such conditions becomes a ``BitmapOr`` of index scans. Elsewhere (SQLite, the
embedded default) it is the plain ``IN (subquery)``, the same rows.
"""

from django.db.models import Field, ForeignKey, Lookup


def any_of_sql(vendor: str, lhs: str, subquery: str) -> str:
    """``lhs`` is one of the rows of ``subquery`` (its SQL in parentheses): the one
    definition of the test, for the lookup below and hand-written queries."""
    if vendor == "postgresql":
        return f"{lhs} = ANY(ARRAY{subquery})"
    return f"{lhs} IN {subquery}"


class AnyOf(Lookup):
    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = any_of_sql(connection.vendor, lhs, rhs)
        return sql, (*lhs_params, *rhs_params)

    def get_prep_lookup(self):
        from django.db.models.sql.query import Query

        if not isinstance(self.rhs, Query):
            raise TypeError("any_of takes a subquery (a QuerySet of one column)")
        self.rhs.clear_ordering(clear_default=True)  # as IN (subquery) does
        if not self.rhs.has_select_fields:
            self.rhs.clear_select_clause()
            self.rhs.add_fields(["pk"])
        return super().get_prep_lookup()


Field.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)
