"""The matching engine: a scikit-learn library with no Flask or SQLAlchemy inside."""
