"""The invitation outbox (issue 18): messages to the people invited, reviewed, then sent
once each by a worker; and printed cards of private links for those reached another way."""
