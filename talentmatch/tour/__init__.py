"""The demo tour: sign in as a demo graduate, employer or career-services adviser."""
