"""Generated programmes: `flask --app planner generate` fills a database for benchmarks and load tests."""
