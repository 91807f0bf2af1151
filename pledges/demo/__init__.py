"""Demo data of this app (``settings.DEMO_SEEDERS``), and the demo's campaign that
every seeder above it fills."""


def demo_campaign(institute):
    """The demo's own campaign of ``institute``: the first one held there (seed_demo
    sets it up on the first ``make run``), or None. A campaign the office adds later,
    next year's say, is the users' own: the seeders fill only this one, so running
    seed_demo again (each ``make run``) leaves the other alone."""
    from pledges.models import Campaign

    return (
        Campaign.objects.filter(scope=institute)
        .select_related("scope")
        .order_by("pk")
        .first()
    )
