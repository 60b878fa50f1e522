"""Key rotation (issue 20, item 3): re-encrypt every encrypted value with the first key.

``flask --app planner keys rotate`` walks every table with an ``EncryptedText`` column, in
batches by id, each batch in its own transaction: a stopped rotation is resumed by running
it again (values already under the first key are rotated again, harmlessly). Values are
read and written as stored, without decrypting into the ORM. ``people.email_hash`` is
recomputed under the first key at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table, Text, select, text, type_coerce

from planner import crypto
from planner.extensions import db
from planner.i18n import gettext as _


@dataclass
class RotationReport:
    values: dict[str, int] = field(default_factory=dict)
    batches: int = 0

    def lines(self) -> list[str]:
        total = sum(self.values.values())
        parts = ", ".join(f"{name}: {n}" for name, n in sorted(self.values.items()))
        return [
            _(
                "Re-encrypted %(total)d value(s) in %(batches)d batch(es) (%(parts)s).",
                total=total,
                batches=self.batches,
                parts=parts or _("none"),
            )
        ]


def encrypted_columns() -> dict[Table, list[str]]:
    """Every table with encrypted columns, and their names (read from the models)."""
    found: dict[Table, list[str]] = {}
    for table in db.metadata.sorted_tables:
        names = [c.name for c in table.columns if isinstance(c.type, crypto.EncryptedText)]
        if names:
            found[table] = names
    return found


def _new_value(keyring: crypto.Keyring, value: str | None) -> str | None:
    if not value:
        return value
    # A value written before encryption (or by hand) is encrypted now.
    return keyring.rotate(value) if crypto.is_token(value) else keyring.encrypt(value)


def rotate(batch_size: int = 500) -> RotationReport:
    """Re-encrypt everything with the first configured key; commits once per batch."""
    if batch_size < 1:
        raise ValueError("The batch size must be at least 1.")
    keyring = crypto.keyring()
    report = RotationReport()
    for table, names in encrypted_columns().items():
        raw = [type_coerce(table.c[n], Text).label(n) for n in names]
        hashing = table.name == "people"
        last_id = 0
        while True:
            rows = db.session.execute(
                select(table.c.id, *raw)
                .where(table.c.id > last_id)
                .order_by(table.c.id)
                .limit(batch_size)
            ).all()
            if not rows:
                break
            for row in rows:
                values = {n: _new_value(keyring, getattr(row, n)) for n in names}
                if hashing:
                    email = keyring.decrypt(values["email"]) if values.get("email") else None
                    values["email_hash"] = keyring.email_hash(email) if email else None
                assignments = ", ".join(f"{n} = :{n}" for n in values)
                db.session.execute(
                    text(f"UPDATE {table.name} SET {assignments} WHERE id = :row_id"),  # noqa: S608
                    {**values, "row_id": row.id},
                )
                report.values[table.name] = report.values.get(table.name, 0) + sum(
                    1 for n in names if values[n]
                )
            db.session.commit()
            report.batches += 1
            last_id = rows[-1].id
    return report
