"""Development: runserver, console mail, a fixed development secret."""

from config.env import env_bool, env_list, env_str

from .base import *  # noqa: F403
from .base import EMAIL_BACKEND as _BASE_EMAIL_BACKEND  # noqa: F401

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-secret-key-not-for-production-use-0123456789abcdef")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Static files come from the app folders in development (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
