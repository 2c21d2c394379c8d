"""The emotion memory: the one persistence layer. Every table and every SQL statement of xinyu lives here.

- :mod:`~xinyu.memory.db`: the tables (SQLAlchemy models; the schema is Alembic's, in ``migrations/``)
- :mod:`~xinyu.memory.database`: the engine, migrations, the process's write lock, health, and the errors
- :mod:`~xinyu.memory.crypto`: the key ring and its key file; values sealed per column
- :mod:`~xinyu.memory.turns`: users, sessions and turns (:class:`~xinyu.memory.turns.TurnRecord`)
- :mod:`~xinyu.memory.summary`: a user's rolling summary, as data
- :mod:`~xinyu.memory.escalations`: the escalation queue and the alert outbox
- :mod:`~xinyu.memory.audit`: the audit log's one writer
- :mod:`~xinyu.memory.feedback`: feedback on replies
- :mod:`~xinyu.memory.retention`: delete-my-data, retention, leaving nothing deleted in any file
- :mod:`~xinyu.memory.rotation`: heartbeats and key rotation
- :mod:`~xinyu.memory.analytics`: the dashboard, the trajectory and its deterioration flags
- :mod:`~xinyu.memory.store`: :class:`~xinyu.memory.store.Store`, the facade the service uses

Repository functions take the connection of the caller's transaction first and everything else by keyword. The
memory imports nothing above the foundations (:mod:`xinyu.schema`, :mod:`xinyu.levels`, :mod:`xinyu.taxonomy`).
"""
