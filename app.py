"""The Flask application factory; nothing else lives here."""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

from config import Config


def create_app(config: Config | dict[str, Any] | None = None) -> Flask:
    """Build the application from a Config (or environment variables when None)."""
    app = Flask(__name__, instance_relative_config=False)
    if isinstance(config, Config):
        cfg = config
    else:
        cfg = Config.from_env(instance_path=app.instance_path)
        if config:
            cfg = cfg.replace(**{k.lower(): v for k, v in config.items()})
    if cfg.instance_path:
        app.instance_path = cfg.instance_path
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(cfg.flask_mapping())
    logging.basicConfig(
        level=cfg.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    from web import log_privacy

    log_privacy.install(cfg.secret_key)

    from extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    # The Limiter is one object per process: a storage an earlier app found dead (a Redis
    # outage) must not make this app count in a fallback that is dropped — with its counts —
    # the moment this app's own storage answers a health check (seen as a lockout that did
    # not hold in the test suite, after the outage tests).
    limiter._storage_dead = False  # noqa: SLF001 — Flask-Limiter 4.1 has no public reset
    login_manager.init_app(app)

    import cli
    import models  # noqa: F401  (registers every table on the metadata)
    from services import screening
    from web import (
        api,
        auth,
        auth_loader,
        core,
        dashboard,
        demo,
        embed,
        errors,
        filters,
        inputs,
        security,
    )

    screening.init_app(app)
    auth_loader.init_app(app)
    errors.init_app(app)
    inputs.init_app(app)
    cli.init_app(app)
    filters.init_app(app)
    security.init_app(app)
    app.register_blueprint(core.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(demo.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(api.bp)
    if cfg.proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind N trusted proxies, the client address is the Nth from the right.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=cfg.proxy_hops, x_proto=cfg.proxy_hops)
    return app
