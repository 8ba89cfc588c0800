"""Thin command-line commands that call services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask

from server.accounts.models import ROLES
from server.errors import AppError
from server.timeutil import utcnow
from server.web import PAGES


@contextmanager
def _explained() -> Iterator[None]:
    """Show a refused command's reason as a one-line error instead of a traceback."""
    try:
        yield
    except AppError as error:
        details = f" {error.details}" if error.details else ""
        raise click.ClickException(f"{error.message}{details}") from error


def register_cli(app: Flask) -> None:
    @app.cli.command("load-demo")
    def load_demo_command() -> None:
        """Load the demo data set (a day in progress) into an empty database."""
        from server.demo.service import load_demo, shift_note

        now = utcnow().replace(microsecond=0)
        with _explained():
            counts = load_demo(now)
        click.echo("Loaded demo data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        if note := shift_note(now):
            click.echo(note)

    @app.cli.command("create-user")
    @click.argument("name")
    @click.option("--role", required=True, type=click.Choice(ROLES))
    @click.option("--password", required=True, prompt=True, hide_input=True)
    @click.option("--full-name", default="")
    def create_user_command(name: str, role: str, password: str, full_name: str) -> None:
        """Create a user. Technicians also need a technician record (use the API)."""
        from server.accounts.service import create_user

        with _explained():
            user = create_user(None, name, role, password, full_name)
        click.echo(f"Created {user.role} {user.username} (id {user.id}).")

    @app.cli.command("recompute-deadlines")
    def recompute_deadlines_command() -> None:
        """Recompute every open order's deadlines after a policy change."""
        from server.orders.service import recompute_deadlines

        click.echo(f"Deadlines changed on {recompute_deadlines()} open orders.")

    @app.cli.command("demo-banner")
    @click.option("--url", default="http://127.0.0.1:5000")
    def demo_banner_command(url: str) -> None:
        """Print where the demo runs and how to log in."""
        from server.demo.service import DEMO_PASSWORD, demo_logins

        logins = demo_logins()
        click.echo(f"\n  Field-service dispatch demo: {url}\n")
        for page in PAGES:
            who = f" (log in as {page.login})" if page.login else ""
            click.echo(f"  {url}{page.path:<11} {page.title}{who}")
        click.echo("")
        for role in ROLES:
            names = [u for u, r in logins if r == role]
            shown = ", ".join(names[:3]) + (f", … ({len(names)} in all)" if len(names) > 3 else "")
            click.echo(f"  {role:<11} {shown}")
        click.echo(f"\n  Every demo login has the password {DEMO_PASSWORD}\n")
