from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The site's top layer: the labs index, each lab's home page, its menu and the team dashboard.

    These pages gather from every other app, so this app sits above them all and no app imports it
    (decision record 0023).
    """

    name = "carelab.home"
    label = "home"
