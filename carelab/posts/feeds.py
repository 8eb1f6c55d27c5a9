"""An Atom feed of each lab's published posts."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from carelab.labs.access import get_lab
from carelab.lib.markdown import render_markdown
from carelab.posts.models import Post

FEED_LENGTH = 20


class AtomFeedWithContent(Atom1Feed):
    """Atom with each post's whole text in <content>, next to the summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LabPostsFeed(Feed):
    feed_type = AtomFeedWithContent

    def get_object(self, request, slug):
        return get_lab(slug)

    def title(self, lab):
        return f"{lab.title}: posts"

    def subtitle(self, lab):
        return lab.question

    def link(self, lab):
        return reverse("posts:list", args=[lab.slug])

    def feed_url(self, lab):
        return reverse("posts:feed", args=[lab.slug])

    def author_name(self, lab):
        return lab.title

    def items(self, lab):
        return Post.objects.for_lab(lab).published().select_related("author", "lab")[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # Atom's <summary type="html"> is read as HTML, and the summary is plain text.
        return escape(post.summary)

    def item_link(self, post):
        return post.get_absolute_url()

    def item_author_name(self, post):
        # The public name only: a feed never carries an e-mail address.
        return post.author.public_name if post.author else post.lab.title

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_extra_kwargs(self, post):
        return {"content_html": render_markdown(post.body)}
