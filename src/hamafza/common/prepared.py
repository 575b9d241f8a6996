"""Querysets whose SQL is compiled once and run again with other values.

Django compiles a queryset's SQL every time it is evaluated. On a public story page that
compiling was a quarter of the request (10 small queries, each well under a millisecond to
run): the page asks the same questions of every story, only the story differs. No library
caches compiled SQL for Django's ORM (django-cachalot and friends cache *results*, which a
page cache already does better here), so this small helper does, for the simplest shape only:

    photos = Prepared(lambda story_id: StoryPhoto.objects.filter(story_id=story_id))
    photos(story.pk)  # -> list[StoryPhoto], as the queryset would give

The builder is called once per database connection with stand-in values, which are then
found among the compiled SQL's parameters and replaced by the real arguments on every call.
Rows become instances exactly as Django's own iterator makes them (the same columns, the
same converters, ``Model.from_db``). Only plain querysets of one model qualify — ``filter``,
``exclude``, ``order_by``, ``only``/``defer``, slicing — not ``select_related``, annotations,
``values()`` or ``distinct`` on fields: ``Prepared`` refuses those when it compiles them.
Arguments must be integers (ids) the query uses as parameters (once or more).
"""

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet

# Stand-ins no real id takes; each argument gets its own.
_STAND_INS = tuple(-7_300_000_000_001 - n for n in range(8))


class _Compiled:
    def __init__(self, queryset: QuerySet[Any], arity: int) -> None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        klass_info = compiler.klass_info
        if (
            klass_info is None
            or klass_info.get("related_klass_infos")
            or compiler.annotation_col_map
            or getattr(queryset, "_fields", None) is not None  # values() / values_list()
        ):
            raise ValueError("Prepared takes plain querysets of one model")
        self.sql = sql
        self.slots: list[int | None] = []
        found: set[int] = set()
        for value in params:
            slot = _STAND_INS.index(value) if value in _STAND_INS else None
            if slot is not None:
                found.add(slot)
            self.slots.append(slot)
        if len(found) != arity:
            raise ValueError("every argument must be a parameter of the query")
        self.params = list(params)
        self.compiler = compiler
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in compiler.select[start:end]]
        self.start, self.end = start, end
        self.converters = compiler.get_converters([column[0] for column in compiler.select])
        self.db = queryset.db

    def run(self, args: tuple[int, ...]) -> list[Any]:
        params = [
            value if slot is None else args[slot]
            for value, slot in zip(self.params, self.slots, strict=True)
        ]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows: Iterable[Any] = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        from_db, db, names = self.model.from_db, self.db, self.init_list
        start, end = self.start, self.end
        return [from_db(db, names, row[start:end]) for row in rows]


class Prepared[M: Model]:
    """``builder(*ids)`` compiled once per thread (see the module). The builder must name its
    database the same way every time (the project has one)."""

    def __init__(self, builder: Callable[..., QuerySet[M]]) -> None:
        self.builder = builder
        self.local = threading.local()

    def _compiled(self, arity: int) -> _Compiled:
        # One per thread: Django's connections are per thread, and the compiled SQL and its
        # converters belong to the connection that compiled them.
        compiled: _Compiled | None = getattr(self.local, "compiled", None)
        if compiled is None:
            compiled = self.local.compiled = _Compiled(self.builder(*_STAND_INS[:arity]), arity)
        return compiled

    def __call__(self, *ids: int) -> list[M]:
        if not all(type(value) is int for value in ids):
            raise TypeError("Prepared queries take integer ids")
        return self._compiled(len(ids)).run(ids)
