"""The live day (issue 22): the run sheet, keeping the day on time, and what happened."""
