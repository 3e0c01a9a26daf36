"""Django's Redis cache, with one client per connection pool.

Django's client makes a new redis.Redis object, with its table of about 170 response
callbacks, for every command: a fifth of a millisecond each, four times over for a member's
kept page. The object is safe to share: it takes a connection from its pool for each
command.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
