"""The academy's office overview (院级活动办公室): its institutes side by side.

The academy reads what its institutes report up (filing, progress, inspections, news
reports, score distributions, recommendations), never an institute's ballots or its
members' private pages; its office holds an academy role
(``organizations.campaign_office``) that reaches no subtree by path.
"""
