"""The organiser's catalogues: venues, segments, sensitive topics."""
