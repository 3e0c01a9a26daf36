"""The stock peer: a post with its thread rendered by django-comments-xtd's own template tags,
as a plain integration would. Kept for benchmarks only; the site never serves it."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path
from django.views.decorators.cache import never_cache

from learning_exchange.urls import urlpatterns as site_urlpatterns
from posts.models import Post

STOCK_TEMPLATE = """{% extends "base.html" %}{% load comments comments_xtd %}
{% block content %}
  {% include "posts/includes/post_content.html" with body_html=post.body_html \
     hashtags=post.tags.all %}
  {% get_comment_count for post as comment_count %}
  <h2>{{ comment_count }} comments</h2>
  {% render_xtdcomment_tree for post allow_flagging %}
  {% if user.is_authenticated %}{% render_comment_form for post %}{% endif %}
{% endblock content %}"""


@never_cache  # a plain integration: no page kept for visitors
def stock_post_detail(request, slug):
    post = get_object_or_404(Post.objects.published().for_detail(), slug=slug)
    template = engines["django"].from_string(STOCK_TEMPLATE)
    return HttpResponse(template.render({"post": post}, request))


urlpatterns = [
    path("stock/<str:slug>/", stock_post_detail, name="stock_post_detail"),
    path("stock-comments/", include("django_comments_xtd.urls")),
    *site_urlpatterns,
]
