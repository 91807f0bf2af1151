from django.urls import path

from pledges.activity import views

app_name = "activity"

# 纪实登记, 三会一课, reading, news reports and suggestions.
urlpatterns = [
    path("records/", views.record_list, name="records"),
    path("records/new/", views.record_create, name="record_create_own"),
    path("records/new/<id:branch_pk>/", views.record_create, name="record_create"),
    path("records/<id:pk>/", views.record_detail, name="record"),
    path("records/<id:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<id:pk>/delete/", views.record_delete, name="record_delete"),
    path("records/<id:pk>/files/<id:file_pk>/", views.record_file, name="record_file"),
    path(
        "records/<id:pk>/files/<id:file_pk>/delete/",
        views.record_file_delete,
        name="record_file_delete",
    ),
    path("ledger/<id:branch_pk>/", views.ledger, name="ledger"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/lectures/", views.lectures, name="lectures"),
    path("meetings/new/<id:branch_pk>/", views.meeting_create, name="meeting_create"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<id:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "meetings/<id:pk>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("meetings/<id:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("reading/", views.reading, name="reading"),
    path("reading/books/new/", views.book_create, name="book_create"),
    path("reading/books/<id:pk>/edit/", views.book_edit, name="book_edit"),
    path("reading/books/<id:pk>/delete/", views.book_delete, name="book_delete"),
    path("reading/notes/", views.note_list, name="notes"),
    path("reading/notes/new/", views.note_create, name="note_create"),
    path("reading/notes/<id:pk>/", views.note_detail, name="note"),
    path("reading/notes/<id:pk>/edit/", views.note_edit, name="note_edit"),
    path("reading/notes/<id:pk>/pick/", views.note_pick, name="note_pick"),
    path("reading/picks/<year:year>/", views.picks, name="picks"),
    path("news/", views.news_list, name="news_list"),
    path("news/matrix/", views.news_matrix, name="news_matrix"),
    path("news/new/<id:branch_pk>/", views.news_create, name="news_create"),
    path("news/<id:pk>/", views.news_detail, name="news"),
    path("news/<id:pk>/edit/", views.news_edit, name="news_edit"),
    path("news/<id:pk>/delete/", views.news_delete, name="news_delete"),
    path("news/<id:pk>/images/<id:image_pk>/", views.news_image, name="news_image"),
    path(
        "news/<id:pk>/images/<id:image_pk>/delete/",
        views.news_image_delete,
        name="news_image_delete",
    ),
    # Information reports (信息报送) of mass-organisation units.
    path("info/", views.info_home, name="info"),
    path("info/matrix/", views.info_matrix, name="info_matrix"),
    path("info/<id:pk>/", views.info_report, name="info_report"),
    path("suggestions/", views.suggestion_home, name="suggestions"),
    path("suggestions/new/", views.suggestion_create, name="suggestion_create"),
    path("suggestions/inbox/", views.suggestion_inbox, name="suggestion_inbox"),
    path("suggestions/receipt/", views.suggestion_receipt, name="suggestion_receipt"),
    path("suggestions/liaison/", views.liaison, name="liaison"),
    path("suggestions/<uuid:pk>/", views.suggestion_detail, name="suggestion"),
]
