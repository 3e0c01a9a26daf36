from learning_exchange.views import healthz


class HealthCheckMiddleware:
    """Answer /healthz before host validation and the HTTPS redirect.

    Load balancers and the container's HEALTHCHECK call it by IP address over plain HTTP,
    which ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise refuse.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class InvalidFormStatusMiddleware:
    """Answer 422 when a posted form comes back with errors, on every form view of the site.

    Generic views and allauth re-render an invalid form with status 200; a 4xx tells
    browsers, caches and tests that nothing was saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if request.method == "POST" and response.status_code == 200:
            form = (response.context_data or {}).get("form")
            if form is not None and form.is_bound and form.errors:
                response.status_code = 422
        return response
