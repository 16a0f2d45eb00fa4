"""What readers get: the unit and theme pages, navigation, feeds, sitemap, statistics,
freshness reminders, the search index, the footer's facts, QR codes and the 404 page.
Built on ``column``."""
