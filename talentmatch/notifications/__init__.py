"""The notification centre, email preferences and one-click unsubscribe."""
