"""Settings kept in the store's config table, as text by key."""

from __future__ import annotations

from salesops_drill.store.base import StoreBase
from salesops_drill.store.opening import refuse_corrupt


class Config(StoreBase):
    """The config table: one text value a key."""

    @refuse_corrupt
    def get_config(self, key: str, default: str | None = None) -> str | None:
        row = self._conn.execute("SELECT value FROM config WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    @refuse_corrupt
    def set_config(self, key: str, value: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO config (key, value) VALUES (?, ?)", (key, str(value))
            )

    @refuse_corrupt
    def config_items(self, prefix: str) -> dict[str, str]:
        """Every config entry whose key starts with ``prefix``, by key."""
        rows = self._conn.execute("SELECT key, value FROM config ORDER BY key")
        return {key: value for key, value in rows if key.startswith(prefix)}

    @refuse_corrupt
    def delete_config(self, key: str) -> bool:
        """Remove one config entry; False if there was none."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM config WHERE key = ?", (key,)).rowcount > 0

    @refuse_corrupt
    def unset_config(self, key: str) -> None:
        """Forget a setting, so its default applies again."""
        self.delete_config(key)
