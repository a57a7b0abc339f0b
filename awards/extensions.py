"""Flask extensions, created unbound and initialised in :func:`awards.create_app`."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from awards.db import Base

db = SQLAlchemy(model_class=Base)
# Models subclass ``Model``: Flask-SQLAlchemy's ``db.Model`` at run time, which the type checker
# cannot see through, and the declarative base it is built from for the type checker.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
