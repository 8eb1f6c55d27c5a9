"""Practice examples and stories sent by participants and organisations, and the team's review."""

from django.urls import path

from carelab.evidence.views import submissions

urlpatterns = [
    path("share/", submissions.share, name="share"),
    path("submissions/", submissions.submissions, name="submissions"),
    path("submissions/<int:pk>/", submissions.submission, name="submission"),
    path("submissions/<int:pk>/withdraw-quote/", submissions.withdraw_quote, name="submission_withdraw_quote"),
    path("submissions/<int:pk>/delete/", submissions.delete, name="submission_delete"),
    path("team/submissions/", submissions.review_submissions, name="review_submissions"),
    path("team/submissions/<int:pk>/", submissions.review_submission, name="review_submission"),
    path("team/submissions/<int:pk>/accept/", submissions.accept, name="accept_submission"),
    path("team/submissions/<int:pk>/decline/", submissions.decline, name="decline_submission"),
]
