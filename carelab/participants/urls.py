from django.urls import path

from carelab.participants.views import applying, consent, directory, review

app_name = "participants"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("card/", directory.card_edit, name="card"),
    path("apply/", applying.apply, name="apply"),
    path("apply/account/", applying.account, name="account"),
    path("apply/check/", applying.check, name="check"),
    path("application/", applying.application, name="application"),
    path("application/update/", applying.update, name="update"),
    path("consents/<slug:use>/withdraw/", consent.withdraw_consent, name="withdraw_consent"),
    path("consents/<slug:use>/give/", consent.give_consent, name="give_consent"),
    path("team/applications/", review.queue, name="review_queue"),
    path("team/applications/<int:pk>/", review.detail, name="review_detail"),
    path("team/applications/<int:pk>/<slug:decision>/", review.decide, name="decide"),
    path("team/messages/", review.message_templates, name="message_templates"),
    path("team/cards/", review.held_cards, name="held_cards"),
    path("team/cards/<int:pk>/", review.held_card, name="held_card"),
    path("team/cards/<int:pk>/approve/", review.approve_card, name="approve_card"),
    path("team/cards/<int:pk>/ask-for-change/", review.ask_card_change, name="ask_card_change"),
    path("team/topics/", review.topics, name="topics"),
    path("team/topics/<int:pk>/", review.topic_edit, name="topic_edit"),
    path("team/topics/<int:pk>/delete/", review.topic_delete, name="topic_delete"),
]
