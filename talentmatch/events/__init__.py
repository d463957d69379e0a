"""RSVPs to events with a waiting list, .ics files and each graduate's calendar feed."""
