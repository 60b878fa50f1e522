"""The agenda: sessions, ordering and timing, small groups, publishing."""
